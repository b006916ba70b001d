package org.optspec.processor.emit;

import com.palantir.javapoet.MethodSpec;
import java.util.List;
import org.optspec.processor.ir.Param;
import org.optspec.processor.ir.Transform;

/**
 * torch.optim.Adamax's step: m = β1·m + (1-β1)·u, n = max(β2·n, |u| + eps), u = lr / (1 - β1^t) · m / n, its lr
 * included because torch folds it into the bias correction.
 */
final class ScaleByAdamaxTorchEmitter implements TransformEmitter {

  @Override
  public String name() {
    return "scale_by_adamax_torch";
  }

  @Override
  public List<Slot> slots(Transform t) {
    return List.of(new Slot("expAvg", "exp_avg", "scale_by_adamax_torch's first moment, m"),
        new Slot("expInf", "exp_inf", "scale_by_adamax_torch's exponentially weighted infinity norm, u"));
  }

  @Override
  public void prelude(TransformSite s, MethodSpec.Builder m) {
    Types types = s.types();
    String beta1 = s.constant("beta1");
    m.addStatement("$T clr = $L", types.elem(), types.castExpr("lr / (1 - Math.pow(" + beta1 + ", step + 1))"))
        .addStatement("$T beta1 = $L$L", types.elem(), types.cast(), beta1)
        .addStatement("$T oneMinusBeta1 = $L", types.elem(), types.castExpr("1 - " + beta1))
        .addStatement("$T beta2 = $L$L", types.elem(), types.cast(), s.constant("beta2"))
        .addStatement("$T eps = $L$L", types.elem(), types.cast(), s.constant("eps"));
  }

  @Override
  public void element(TransformSite s, Param param, LoopBody m) {
    String mu = s.slot(0);
    String inf = s.slot(1);
    m.stmt("$L[i] = beta1 * $L[i] + oneMinusBeta1 * u", mu, mu);
    m.stmt("$L[i] = $T.max(beta2 * $L[i], $T.abs(u) + eps)", inf, Math.class, inf, Math.class);
    m.assign("clr * $L[i] / $L[i]", mu, inf);
  }
}
