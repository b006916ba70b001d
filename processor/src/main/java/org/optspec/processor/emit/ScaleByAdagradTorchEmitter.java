package org.optspec.processor.emit;

import com.palantir.javapoet.MethodSpec;
import java.util.Arrays;
import java.util.List;
import org.optspec.processor.ir.Param;
import org.optspec.processor.ir.Transform;

/**
 * torch.optim.Adagrad's step: s += u², u = lr / (1 + (t-1)·lr_decay) · u / (√s + eps), its lr included because torch
 * folds it in; s starts at initial_accumulator_value.
 */
final class ScaleByAdagradTorchEmitter implements TransformEmitter {

  @Override
  public String name() {
    return "scale_by_adagrad_torch";
  }

  @Override
  public List<Slot> slots(Transform t) {
    return List.of(new Slot("stateSum", "state_sum", "scale_by_adagrad_torch's sum of squared gradients"));
  }

  @Override
  public void initState(TransformSite s, MethodSpec.Builder constructor) {
    if (s.group().option("initial_accumulator_value") != 0) {
      constructor.addStatement("$T.fill($L, $L, $L, $L$L)", Arrays.class, s.slot(0), s.start(), s.end(), s.types().cast(),
          s.constant("initial_accumulator_value"));
    }
  }

  @Override
  public void prelude(TransformSite s, MethodSpec.Builder m) {
    Types types = s.types();
    m.addStatement("$T clr = $L", types.elem(), types.castExpr("lr / (1 + step * " + s.constant("lr_decay") + ")"))
        .addStatement("$T eps = $L$L", types.elem(), types.cast(), s.constant("eps"));
  }

  @Override
  public void element(TransformSite s, Param param, LoopBody m) {
    String sum = s.slot(0);
    m.stmt("$L[i] += u * u", sum);
    m.assign("clr * u / ($L$T.sqrt($L[i]) + eps)", s.types().cast(), Math.class, sum);
  }
}
