package org.optspec.processor.emit;

import com.palantir.javapoet.MethodSpec;
import java.util.ArrayList;
import java.util.List;
import org.optspec.processor.ir.Param;
import org.optspec.processor.ir.Transform;

/**
 * torch.optim.RMSprop's step: s = α·s + (1-α)·u², avg = √(s [- ḡ²]) + eps, then u = lr · u / avg, or with momentum
 * b = μ·b + u / avg and u = lr · b; its lr included because torch multiplies lr before dividing by avg.
 */
final class ScaleByRmsTorchEmitter implements TransformEmitter {

  @Override
  public String name() {
    return "scale_by_rms_torch";
  }

  @Override
  public List<Slot> slots(Transform t) {
    List<Slot> slots = new ArrayList<>(List.of(new Slot("squareAvg", "square_avg", "scale_by_rms_torch's running mean of g²")));
    if (t.flag("centered")) {
      slots.add(new Slot("gradAvg", "grad_avg", "scale_by_rms_torch's running mean of g (centered)"));
    }
    if (t.flag("momentum")) {
      slots.add(new Slot("momentumBuffer", "momentum_buffer", "scale_by_rms_torch's momentum buffer"));
    }
    return slots;
  }

  @Override
  public void prelude(TransformSite s, MethodSpec.Builder m) {
    Types types = s.types();
    m.addStatement("$T rate = $Llr", types.elem(), types.cast())
        .addStatement("$T alpha = $L$L", types.elem(), types.cast(), s.constant("alpha"))
        .addStatement("$T oneMinusAlpha = $L", types.elem(), types.castExpr("1 - " + s.constant("alpha")))
        .addStatement("$T eps = $L$L", types.elem(), types.cast(), s.constant("eps"));
    if (s.flag("momentum")) {
      m.addStatement("$T momentum = $L$L", types.elem(), types.cast(), s.constant("momentum"));
    }
  }

  @Override
  public void element(TransformSite s, Param param, LoopBody m) {
    Types types = s.types();
    String sq = s.slot(0);
    m.stmt("$L[i] = alpha * $L[i] + oneMinusAlpha * u * u", sq, sq);
    if (s.flag("centered")) {
      String avg = s.slot(1);
      m.stmt("$L[i] = alpha * $L[i] + oneMinusAlpha * u", avg, avg);
      m.stmt("$T avg = $L$T.sqrt($L[i] - $L[i] * $L[i]) + eps", types.elem(), types.cast(), Math.class, sq, avg, avg);
    } else {
      m.stmt("$T avg = $L$T.sqrt($L[i]) + eps", types.elem(), types.cast(), Math.class, sq);
    }
    if (s.flag("momentum")) {
      String buffer = s.slot(s.slots().size() - 1);
      m.stmt("$L[i] = momentum * $L[i] + u / avg", buffer, buffer);
      m.assign("rate * $L[i]", buffer);
    } else {
      m.assign("rate * u / avg");
    }
  }
}
