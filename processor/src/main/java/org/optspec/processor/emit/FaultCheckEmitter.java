package org.optspec.processor.emit;

import static org.optspec.processor.emit.RuntimeTypes.DIVERGENCE;
import static org.optspec.processor.emit.RuntimeTypes.VECTORS;

import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import java.util.List;
import javax.lang.model.element.Modifier;
import org.optspec.processor.plan.MemoryPlan;

/**
 * {@code checkFinite(loss)}: once per step, after the gradients and before clipping and the update, the
 * loss and each group's sum of squared gradients must be finite; otherwise a {@code DivergenceException}
 * names the step and the group, and the parameters keep their last finite values. One pass over the
 * gradients, no allocation.
 */
final class FaultCheckEmitter {

  private final MemoryPlan plan;

  FaultCheckEmitter(EmitContext ctx) {
    this.plan = ctx.plan();
  }

  void call(MethodSpec.Builder step) {
    step.addStatement("checkFinite(loss)");
  }

  MethodSpec checkFinite() {
    MethodSpec.Builder m = MethodSpec.methodBuilder("checkFinite").addModifiers(Modifier.PRIVATE)
        .addJavadoc("Stops training at a NaN or infinite loss or gradient, before the update could spread it into the parameters.\n")
        .addParameter(TypeName.DOUBLE, "loss")
        .beginControlFlow("if (!Double.isFinite(loss))")
        .addStatement("throw new $T(step + 1, $S, loss)", DIVERGENCE, "the loss")
        .endControlFlow()
        .addStatement("double squares");
    for (MemoryPlan.GroupRange g : plan.groups()) {
      List<String> tensors = plan.tensors().stream()
          .filter(t -> t.offset() >= g.start() && t.offset() < g.end()).map(MemoryPlan.Tensor::name).toList();
      m.addStatement("squares = $T.sumOfSquares(grads, $L_START, $L_END - $L_START)", VECTORS, g.constant(), g.constant(), g.constant())
          .beginControlFlow("if (!Double.isFinite(squares))")
          .addStatement("throw new $T(step + 1, $S, squares)", DIVERGENCE,
              "the gradient of parameter group '" + g.group() + "' (" + String.join(", ", tensors) + ")")
          .endControlFlow();
    }
    return m.build();
  }
}
