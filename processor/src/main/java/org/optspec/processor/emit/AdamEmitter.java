package org.optspec.processor.emit;

import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import java.util.List;
import org.optspec.processor.ir.Optimizer;

/** torch.optim.Adam (L2 decay in the gradient) and AdamW (decoupled decay), amsgrad, maximize; one loop. */
final class AdamEmitter implements OptimizerEmitter {

  private final boolean decoupled;

  /** {@code decoupled}: AdamW's weight decay, {@code params *= 1 - lr · wd}, instead of Adam's L2 gradient. */
  AdamEmitter(boolean decoupled) {
    this.decoupled = decoupled;
  }

  @Override
  public List<String> hyperParameters() {
    return List.of("lr", "beta1", "beta2", "eps", "weight_decay");
  }

  @Override
  public String slotDoc(String slot) {
    return switch (slot) {
      case "expAvg" -> "Adam's first moment, m";
      case "expAvgSq" -> "Adam's second moment, v";
      case "maxExpAvgSq" -> "AMSGrad's running maximum of v";
      default -> slot;
    };
  }

  @Override
  public void groupBody(EmitContext ctx, HyperParameters hp, Optimizer.Group g, String start, String end,
      MethodSpec.Builder m) {
    TypeName elem = ctx.types().elem();
    Types t = ctx.types();
    String beta1 = hp.constant(g, "beta1");
    String beta2 = hp.constant(g, "beta2");
    m.addStatement("long t = step + 1")
        .addStatement("double biasCorrection1 = 1 - $T.pow($L, t)", Math.class, beta1)
        .addStatement("double biasCorrection2 = 1 - $T.pow($L, t)", Math.class, beta2)
        .addStatement("$T stepSize = $L", elem, t.castExpr("lr / biasCorrection1"))
        .addStatement("$T biasCorrection2Sqrt = $L$T.sqrt(biasCorrection2)", elem, t.cast(), Math.class)
        .addStatement("$T oneMinusBeta1 = $L", elem, t.castExpr("1 - " + beta1))
        .addStatement("$T beta2 = $L$L", elem, t.cast(), beta2)
        .addStatement("$T oneMinusBeta2 = $L", elem, t.castExpr("1 - " + beta2))
        .addStatement("$T eps = $L$L", elem, t.cast(), hp.constant(g, "eps"));
    if (g.weightDecay() != 0) {
      if (decoupled) {
        m.addStatement("$T decay = $L", elem, t.castExpr("1 - lr * " + hp.constant(g, "weight_decay")));
      } else {
        m.addStatement("$T weightDecay = $L$L", elem, t.cast(), hp.constant(g, "weight_decay"));
      }
    }
    m.beginControlFlow("for (int i = $L; i < $L; i++)", start, end)
        .addStatement("$T g = $Lgrads[i]", elem, g.maximize() ? "-" : "");
    if (g.weightDecay() != 0) {
      m.addStatement(decoupled ? "params[i] *= decay" : "g += weightDecay * params[i]");
    }
    m.addStatement("expAvg[i] += oneMinusBeta1 * (g - expAvg[i])")
        .addStatement("expAvgSq[i] = beta2 * expAvgSq[i] + oneMinusBeta2 * g * g");
    String second = "expAvgSq[i]";
    if (g.amsgrad()) {
      m.addStatement("maxExpAvgSq[i] = $T.max(maxExpAvgSq[i], expAvgSq[i])", Math.class);
      second = "maxExpAvgSq[i]";
    }
    m.addStatement("$T denom = $L$T.sqrt($L) / biasCorrection2Sqrt + eps", elem, t.cast(), Math.class, second)
        .addStatement("params[i] -= stepSize * expAvg[i] / denom")
        .endControlFlow();
  }
}
