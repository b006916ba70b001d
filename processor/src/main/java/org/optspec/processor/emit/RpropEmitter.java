package org.optspec.processor.emit;

import com.palantir.javapoet.MethodSpec;
import java.util.Arrays;
import java.util.List;
import org.optspec.processor.ir.Optimizer;

/**
 * torch.optim.Rprop: each element's step size grows by etaplus while its gradient keeps its sign, shrinks by etaminus
 * (and skips the move) when it flips, clamped to step_sizes; {@code p -= sign(g)·step}. The lr is only the initial
 * step size, copied at the first step: a schedule has no effect afterwards, as in torch.
 */
final class RpropEmitter implements OptimizerEmitter {

  @Override
  public List<String> hyperParameters() {
    return List.of("lr", "etaminus", "etaplus", "min_step", "max_step");
  }

  @Override
  public String slotDoc(String slot) {
    return switch (slot) {
      case "prev" -> "Rprop's previous gradient (0 after a sign flip)";
      case "stepSize" -> "Rprop's per-element step size";
      default -> slot;
    };
  }

  @Override
  public void groupBody(EmitContext ctx, HyperParameters hp, Optimizer.Group g, String start, String end,
      MethodSpec.Builder m) {
    Types t = ctx.types();
    m.beginControlFlow("if (step == 0)")
        .addStatement("$T.fill(stepSize, $L, $L, $Llr)", Arrays.class, start, end, t.cast())
        .endControlFlow()
        .addStatement("$T etaminus = $L$L", t.elem(), t.cast(), hp.constant(g, "etaminus"))
        .addStatement("$T etaplus = $L$L", t.elem(), t.cast(), hp.constant(g, "etaplus"))
        .addStatement("$T minStep = $L$L", t.elem(), t.cast(), hp.constant(g, "min_step"))
        .addStatement("$T maxStep = $L$L", t.elem(), t.cast(), hp.constant(g, "max_step"));
    m.beginControlFlow("for (int i = $L; i < $L; i++)", start, end)
        .addStatement("$T g = $Lgrads[i]", t.elem(), g.maximize() ? "-" : "")
        .addStatement("$T product = g * prev[i]", t.elem())
        .addStatement("$T factor = product > 0 ? etaplus : product < 0 ? etaminus : 1", t.elem())
        .addStatement("stepSize[i] = $T.min($T.max(stepSize[i] * factor, minStep), maxStep)", Math.class, Math.class)
        .beginControlFlow("if (product < 0)")
        .addComment("the sign flipped: no move this step, and the next step's factor is 1")
        .addStatement("g = 0")
        .endControlFlow()
        .addStatement("params[i] -= $T.signum(g) * stepSize[i]", Math.class)
        .addStatement("prev[i] = g")
        .endControlFlow();
  }
}
