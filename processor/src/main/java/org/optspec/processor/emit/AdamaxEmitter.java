package org.optspec.processor.emit;

import com.palantir.javapoet.MethodSpec;
import java.util.List;
import org.optspec.processor.ir.Optimizer;

/** torch.optim.Adamax: {@code u = max(β₂·u, |g| + eps)} (eps inside the max), {@code p -= lr/(1-β₁^t) · m/u}. */
final class AdamaxEmitter implements OptimizerEmitter {

  @Override
  public List<String> hyperParameters() {
    return List.of("lr", "beta1", "beta2", "eps", "weight_decay");
  }

  @Override
  public String slotDoc(String slot) {
    return switch (slot) {
      case "expAvg" -> "Adamax's first moment, m";
      case "expInf" -> "Adamax's exponentially weighted infinity norm, u";
      default -> slot;
    };
  }

  @Override
  public void groupBody(EmitContext ctx, HyperParameters hp, Optimizer.Group g, String start, String end,
      MethodSpec.Builder m) {
    Types t = ctx.types();
    String beta1 = hp.constant(g, "beta1");
    m.addStatement("$T clr = $L", t.elem(), t.castExpr("lr / (1 - Math.pow(" + beta1 + ", step + 1))"))
        .addStatement("$T beta1 = $L$L", t.elem(), t.cast(), beta1)
        .addStatement("$T oneMinusBeta1 = $L", t.elem(), t.castExpr("1 - " + beta1))
        .addStatement("$T beta2 = $L$L", t.elem(), t.cast(), hp.constant(g, "beta2"))
        .addStatement("$T eps = $L$L", t.elem(), t.cast(), hp.constant(g, "eps"));
    GradientPrelude.constants(ctx, hp, g, false, m);
    m.beginControlFlow("for (int i = $L; i < $L; i++)", start, end);
    GradientPrelude.inLoop(ctx, g, false, m);
    m.addStatement("expAvg[i] = beta1 * expAvg[i] + oneMinusBeta1 * g")
        .addStatement("expInf[i] = $T.max(beta2 * expInf[i], $T.abs(g) + eps)", Math.class, Math.class)
        .addStatement("params[i] -= clr * expAvg[i] / expInf[i]")
        .endControlFlow();
  }
}
