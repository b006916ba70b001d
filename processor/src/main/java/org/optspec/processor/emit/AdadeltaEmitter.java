package org.optspec.processor.emit;

import com.palantir.javapoet.MethodSpec;
import java.util.List;
import org.optspec.processor.ir.Optimizer;

/**
 * torch.optim.Adadelta: {@code sq = ρ·sq + (1-ρ)·g²}, {@code δ = sqrt(acc + eps)/sqrt(sq + eps)·g},
 * {@code acc = ρ·acc + (1-ρ)·δ²}, {@code p -= lr·δ}.
 */
final class AdadeltaEmitter implements OptimizerEmitter {

  @Override
  public List<String> hyperParameters() {
    return List.of("lr", "rho", "eps", "weight_decay");
  }

  @Override
  public String slotDoc(String slot) {
    return switch (slot) {
      case "squareAvg" -> "Adadelta's running mean of g²";
      case "accDelta" -> "Adadelta's running mean of the squared updates";
      default -> slot;
    };
  }

  @Override
  public void groupBody(EmitContext ctx, HyperParameters hp, Optimizer.Group g, String start, String end,
      MethodSpec.Builder m) {
    Types t = ctx.types();
    m.addStatement("$T rate = $Llr", t.elem(), t.cast())
        .addStatement("$T rho = $L$L", t.elem(), t.cast(), hp.constant(g, "rho"))
        .addStatement("$T oneMinusRho = $L", t.elem(), t.castExpr("1 - " + hp.constant(g, "rho")))
        .addStatement("$T eps = $L$L", t.elem(), t.cast(), hp.constant(g, "eps"));
    GradientPrelude.constants(ctx, hp, g, false, m);
    m.beginControlFlow("for (int i = $L; i < $L; i++)", start, end);
    GradientPrelude.inLoop(ctx, g, false, m);
    m.addStatement("squareAvg[i] = rho * squareAvg[i] + oneMinusRho * g * g")
        .addStatement("$T delta = $L$T.sqrt(accDelta[i] + eps) / $L$T.sqrt(squareAvg[i] + eps) * g", t.elem(), t.cast(),
            Math.class, t.cast(), Math.class)
        .addStatement("accDelta[i] = rho * accDelta[i] + oneMinusRho * delta * delta")
        .addStatement("params[i] -= rate * delta")
        .endControlFlow();
  }
}
