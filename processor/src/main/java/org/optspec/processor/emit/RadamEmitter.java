package org.optspec.processor.emit;

import com.palantir.javapoet.MethodSpec;
import java.util.List;
import org.optspec.processor.ir.Optimizer;

/**
 * torch.optim.RAdam (torch 1.13's default single-tensor path; its foreach path drops eps): while the variance
 * rectifier is undefined (ρ_t ≤ 5) the step is {@code lr · m/(1-β₁^t)}; after, it is scaled by
 * {@code sqrt(1-β₂^t)/(sqrt(v) + eps)} (eps before the bias correction, unlike Adam) and the rectifier r_t.
 * {@code decoupled_weight_decay} multiplies p by {@code 1 - lr·wd} first, as later torch does.
 */
final class RadamEmitter implements OptimizerEmitter {

  @Override
  public List<String> hyperParameters() {
    return List.of("lr", "beta1", "beta2", "eps", "weight_decay");
  }

  @Override
  public String slotDoc(String slot) {
    return switch (slot) {
      case "expAvg" -> "RAdam's first moment, m";
      case "expAvgSq" -> "RAdam's second moment, v";
      default -> slot;
    };
  }

  @Override
  public void groupBody(EmitContext ctx, HyperParameters hp, Optimizer.Group g, String start, String end,
      MethodSpec.Builder m) {
    Types t = ctx.types();
    String beta1 = hp.constant(g, "beta1");
    String beta2 = hp.constant(g, "beta2");
    m.addStatement("long t = step + 1")
        .addStatement("double biasCorrection1 = 1 - $T.pow($L, t)", Math.class, beta1)
        .addStatement("double biasCorrection2 = 1 - $T.pow($L, t)", Math.class, beta2)
        .addStatement("double rhoInf = 2 / (1 - $L) - 1", beta2)
        .addStatement("double rhoT = rhoInf - 2 * t * $T.pow($L, t) / biasCorrection2", Math.class, beta2)
        .addComment("the rectifier is defined only when the variance estimate is (ρ_t > 5)")
        .addStatement("boolean rectified = rhoT > 5")
        .addStatement("$T rect = rectified ? $L : 0", t.elem(),
            t.castExpr("Math.sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT))"))
        .addStatement("$T biasCorrection2Sqrt = $L$T.sqrt(biasCorrection2)", t.elem(), t.cast(), Math.class)
        .addStatement("$T firstCorrection = $L", t.elem(), t.castExpr("biasCorrection1"))
        .addStatement("$T rate = $Llr", t.elem(), t.cast())
        .addStatement("$T beta1 = $L$L", t.elem(), t.cast(), beta1)
        .addStatement("$T oneMinusBeta1 = $L", t.elem(), t.castExpr("1 - " + beta1))
        .addStatement("$T beta2 = $L$L", t.elem(), t.cast(), beta2)
        .addStatement("$T oneMinusBeta2 = $L", t.elem(), t.castExpr("1 - " + beta2))
        .addStatement("$T eps = $L$L", t.elem(), t.cast(), hp.constant(g, "eps"));
    boolean decoupled = g.flag("decoupled_weight_decay");
    GradientPrelude.constants(ctx, hp, g, decoupled, m);
    m.beginControlFlow("for (int i = $L; i < $L; i++)", start, end);
    GradientPrelude.inLoop(ctx, g, decoupled, m);
    m.addStatement("expAvg[i] = beta1 * expAvg[i] + oneMinusBeta1 * g")
        .addStatement("expAvgSq[i] = beta2 * expAvgSq[i] + oneMinusBeta2 * g * g")
        .addStatement("$T corrected = expAvg[i] / firstCorrection * rate", t.elem())
        .beginControlFlow("if (rectified)")
        .addStatement("$T adaptive = 1 / ($L$T.sqrt(expAvgSq[i]) + eps) * biasCorrection2Sqrt", t.elem(), t.cast(), Math.class)
        .addStatement("params[i] -= corrected * adaptive * rect")
        .nextControlFlow("else")
        .addStatement("params[i] -= corrected")
        .endControlFlow()
        .endControlFlow();
  }
}
