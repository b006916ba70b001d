package org.optspec.processor.emit;

import com.palantir.javapoet.MethodSpec;
import java.util.ArrayList;
import java.util.List;
import org.optspec.processor.ir.Param;
import org.optspec.processor.ir.Transform;

/**
 * torch.optim.Adam's step with amsgrad: lr / (1 - β1^t) · m / (√v / √(1 - β2^t) + eps). It includes the learning rate:
 * torch folds lr into the first bias correction, and multiplying by it separately would round differently.
 */
final class ScaleByAdamTorchEmitter implements TransformEmitter {

  @Override
  public String name() {
    return "scale_by_adam_torch";
  }

  @Override
  public List<Slot> slots(Transform t) {
    List<Slot> slots = new ArrayList<>(List.of(new Slot("expAvg", "exp_avg", "scale_by_adam_torch's first moment, m"),
        new Slot("expAvgSq", "exp_avg_sq", "scale_by_adam_torch's second moment, v")));
    if (t.flag("amsgrad")) {
      slots.add(new Slot("maxExpAvgSq", "max_exp_avg_sq", "scale_by_adam_torch's running maximum of v (amsgrad)"));
    }
    return slots;
  }

  @Override
  public void prelude(TransformSite s, MethodSpec.Builder m) {
    Types types = s.types();
    String beta1 = s.constant("beta1");
    String beta2 = s.constant("beta2");
    m.addStatement("long t = step + 1")
        .addStatement("double biasCorrection1 = 1 - $T.pow($L, t)", Math.class, beta1)
        .addStatement("double biasCorrection2 = 1 - $T.pow($L, t)", Math.class, beta2)
        .addStatement("$T stepSize = $L", types.elem(), types.castExpr("lr / biasCorrection1"))
        .addStatement("$T biasCorrection2Sqrt = $L$T.sqrt(biasCorrection2)", types.elem(), types.cast(), Math.class)
        .addStatement("$T oneMinusBeta1 = $L", types.elem(), types.castExpr("1 - " + beta1))
        .addStatement("$T beta2 = $L$L", types.elem(), types.cast(), beta2)
        .addStatement("$T oneMinusBeta2 = $L", types.elem(), types.castExpr("1 - " + beta2))
        .addStatement("$T eps = $L$L", types.elem(), types.cast(), s.constant("eps"));
  }

  @Override
  public void element(TransformSite s, Param param, LoopBody m) {
    String mu = s.slot(0);
    String nu = s.slot(1);
    m.stmt("$L[i] += oneMinusBeta1 * (u - $L[i])", mu, mu);
    m.stmt("$L[i] = beta2 * $L[i] + oneMinusBeta2 * u * u", nu, nu);
    String second = nu + "[i]";
    if (s.slots().size() > 2) {
      m.stmt("$L[i] = $T.max($L[i], $L[i])", s.slot(2), Math.class, s.slot(2), nu);
      second = s.slot(2) + "[i]";
    }
    m.stmt("$T denom = $L$T.sqrt($L) / biasCorrection2Sqrt + eps", s.types().elem(), s.types().cast(), Math.class, second);
    m.assign("stepSize * $L[i] / denom", mu);
  }
}
