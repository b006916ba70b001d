package org.optspec.processor.emit;

import com.palantir.javapoet.MethodSpec;
import java.util.List;
import org.optspec.processor.ir.Param;
import org.optspec.processor.ir.Transform;

/**
 * torch.optim.RAdam's step: u = lr · m / (1-β1^t), times √(1-β2^t) / (√v + eps) · r_t once the rectifier r_t is
 * defined (ρ_t > 5), ρ_t computed per group from the step.
 */
final class ScaleByRadamTorchEmitter implements TransformEmitter {

  @Override
  public String name() {
    return "scale_by_radam_torch";
  }

  @Override
  public List<Slot> slots(Transform t) {
    return List.of(new Slot("expAvg", "exp_avg", "scale_by_radam_torch's first moment, m"),
        new Slot("expAvgSq", "exp_avg_sq", "scale_by_radam_torch's second moment, v"));
  }

  @Override
  public void prelude(TransformSite s, MethodSpec.Builder m) {
    Types types = s.types();
    String beta1 = s.constant("beta1");
    String beta2 = s.constant("beta2");
    m.addStatement("long t = step + 1")
        .addStatement("double biasCorrection1 = 1 - $T.pow($L, t)", Math.class, beta1)
        .addStatement("double biasCorrection2 = 1 - $T.pow($L, t)", Math.class, beta2)
        .addStatement("double rhoInf = 2 / (1 - $L) - 1", beta2)
        .addStatement("double rhoT = rhoInf - 2 * t * $T.pow($L, t) / biasCorrection2", Math.class, beta2)
        .addComment("the rectifier is defined only when the variance estimate is (ρ_t > 5)")
        .addStatement("boolean rectified = rhoT > 5")
        .addStatement("$T rect = rectified ? $L : 0", types.elem(),
            types.castExpr("Math.sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT))"))
        .addStatement("$T biasCorrection2Sqrt = $L$T.sqrt(biasCorrection2)", types.elem(), types.cast(), Math.class)
        .addStatement("$T firstCorrection = $L", types.elem(), types.castExpr("biasCorrection1"))
        .addStatement("$T rate = $Llr", types.elem(), types.cast())
        .addStatement("$T beta1 = $L$L", types.elem(), types.cast(), beta1)
        .addStatement("$T oneMinusBeta1 = $L", types.elem(), types.castExpr("1 - " + beta1))
        .addStatement("$T beta2 = $L$L", types.elem(), types.cast(), beta2)
        .addStatement("$T oneMinusBeta2 = $L", types.elem(), types.castExpr("1 - " + beta2))
        .addStatement("$T eps = $L$L", types.elem(), types.cast(), s.constant("eps"));
  }

  @Override
  public void element(TransformSite s, Param param, LoopBody m) {
    Types types = s.types();
    String mu = s.slot(0);
    String nu = s.slot(1);
    m.stmt("$L[i] = beta1 * $L[i] + oneMinusBeta1 * u", mu, mu);
    m.stmt("$L[i] = beta2 * $L[i] + oneMinusBeta2 * u * u", nu, nu);
    m.assign("$L[i] / firstCorrection * rate", mu);
    m.begin("if (rectified)");
    m.stmt("$T adaptive = 1 / ($L$T.sqrt($L[i]) + eps) * biasCorrection2Sqrt", types.elem(), types.cast(), Math.class, nu);
    m.assign("u * adaptive * rect");
    m.end();
  }
}
