package org.optspec.processor.emit;

import com.palantir.javapoet.MethodSpec;
import org.optspec.processor.ir.Optimizer;

/**
 * The first lines of every torch optimizer's per-element update, in torch's order: {@code maximize} negates the
 * gradient, then L2 {@code weight_decay} adds {@code wd · p} to it (so decay still pulls toward 0 when maximizing), or,
 * for decoupled decay, {@code p *= 1 - lr · wd} with the step's scheduled lr.
 */
final class GradientPrelude {

  private GradientPrelude() {}

  /** Before the loop: the decay constant the loop reads, when the group decays. */
  static void constants(EmitContext ctx, HyperParameters hp, Optimizer.Group g, boolean decoupled, MethodSpec.Builder m) {
    if (g.weightDecay() == 0) {
      return;
    }
    Types t = ctx.types();
    if (decoupled) {
      m.addStatement("$T decay = $L", t.elem(), t.castExpr("1 - lr * " + hp.constant(g, "weight_decay")));
    } else {
      m.addStatement("$T weightDecay = $L$L", t.elem(), t.cast(), hp.constant(g, "weight_decay"));
    }
  }

  /** Inside the loop: {@code g} holds the gradient the optimizer works on. */
  static void inLoop(EmitContext ctx, Optimizer.Group g, boolean decoupled, MethodSpec.Builder m) {
    m.addStatement("$T g = $Lgrads[i]", ctx.types().elem(), g.maximize() ? "-" : "");
    if (g.weightDecay() != 0) {
      m.addStatement(decoupled ? "params[i] *= decay" : "g += weightDecay * params[i]");
    }
  }
}
