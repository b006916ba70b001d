package org.optspec.processor.emit;

import com.palantir.javapoet.MethodSpec;
import java.util.List;
import org.optspec.processor.ir.Optimizer;

/**
 * torch.optim.RMSprop: {@code sq = α·sq + (1-α)·g²}; centered subtracts the square of the running mean gradient;
 * eps is added outside the square root; with momentum {@code buf = μ·buf + g/avg}, {@code p -= lr·buf}.
 */
final class RmspropEmitter implements OptimizerEmitter {

  @Override
  public List<String> hyperParameters() {
    return List.of("lr", "alpha", "eps", "weight_decay", "momentum");
  }

  @Override
  public String slotDoc(String slot) {
    return switch (slot) {
      case "squareAvg" -> "RMSprop's running mean of g²";
      case "gradAvg" -> "centered RMSprop's running mean of g";
      case "momentumBuffer" -> "RMSprop's momentum buffer";
      default -> slot;
    };
  }

  @Override
  public void groupBody(EmitContext ctx, HyperParameters hp, Optimizer.Group g, String start, String end,
      MethodSpec.Builder m) {
    Types t = ctx.types();
    boolean centered = g.flag("centered");
    boolean momentum = g.momentum() != 0;
    m.addStatement("$T rate = $Llr", t.elem(), t.cast())
        .addStatement("$T alpha = $L$L", t.elem(), t.cast(), hp.constant(g, "alpha"))
        .addStatement("$T oneMinusAlpha = $L", t.elem(), t.castExpr("1 - " + hp.constant(g, "alpha")))
        .addStatement("$T eps = $L$L", t.elem(), t.cast(), hp.constant(g, "eps"));
    if (momentum) {
      m.addStatement("$T momentum = $L$L", t.elem(), t.cast(), hp.constant(g, "momentum"));
    }
    GradientPrelude.constants(ctx, hp, g, false, m);
    m.beginControlFlow("for (int i = $L; i < $L; i++)", start, end);
    GradientPrelude.inLoop(ctx, g, false, m);
    m.addStatement("squareAvg[i] = alpha * squareAvg[i] + oneMinusAlpha * g * g");
    if (centered) {
      m.addStatement("gradAvg[i] = alpha * gradAvg[i] + oneMinusAlpha * g")
          .addStatement("$T avg = $L$T.sqrt(squareAvg[i] - gradAvg[i] * gradAvg[i]) + eps", t.elem(), t.cast(), Math.class);
    } else {
      m.addStatement("$T avg = $L$T.sqrt(squareAvg[i]) + eps", t.elem(), t.cast(), Math.class);
    }
    if (momentum) {
      m.addStatement("momentumBuffer[i] = momentum * momentumBuffer[i] + g / avg")
          .addStatement("params[i] -= rate * momentumBuffer[i]");
    } else {
      m.addStatement("params[i] -= rate * g / avg");
    }
    m.endControlFlow();
  }
}
