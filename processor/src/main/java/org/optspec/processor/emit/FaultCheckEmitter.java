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
 * gradients, no allocation. {@code checkParameters()}: after every epoch of {@code fit} (before a listener can save it)
 * and at the start of {@code save}, every parameter tensor must be finite (a finite gradient times a huge learning
 * rate can still overflow one in the update); otherwise a {@code DivergenceException} names the tensor, so no
 * checkpoint ever holds a NaN or an infinity.
 */
final class FaultCheckEmitter {

  private final MemoryPlan plan;
  private final boolean f32;

  FaultCheckEmitter(EmitContext ctx) {
    this.plan = ctx.plan();
    this.f32 = ctx.types().f32();
  }

  void call(MethodSpec.Builder step) {
    step.addStatement("checkFinite(loss)");
  }

  MethodSpec checkParameters() {
    MethodSpec.Builder m = MethodSpec.methodBuilder("checkParameters").addModifiers(Modifier.PRIVATE)
        .addJavadoc("Stops at a parameter the updates made NaN or infinite: after every epoch and before every save.\n");
    for (MemoryPlan.Tensor t : plan.tensors()) {
      m.beginControlFlow("if (!$T.allFinite(params, $L, $L_SIZE))", VECTORS, t.constant(), t.constant())
          .addStatement("throw new $T(step, $S, $T.sumOfSquares(params, $L, $L_SIZE))", DIVERGENCE,
              "parameter " + t.name() + " after the update", VECTORS, t.constant(), t.constant())
          .endControlFlow();
    }
    return m.build();
  }

  MethodSpec checkFinite() {
    MethodSpec.Builder m = MethodSpec.methodBuilder("checkFinite").addModifiers(Modifier.PRIVATE)
        .addJavadoc("Stops training at a NaN or infinite loss or gradient, before the update could spread it into the parameters.\n")
        .addParameter(TypeName.DOUBLE, "loss")
        .beginControlFlow("if (!Double.isFinite(loss))")
        .addStatement("throw new $T(step + 1, $S, loss)", DIVERGENCE, "the loss")
        .endControlFlow();
    if (f32) {
      m.addComment("float gradients: squares of finite floats sum to a finite double, so testing the elements is the same test");
    } else {
      m.addStatement("double squares");
    }
    for (MemoryPlan.GroupRange g : plan.groups()) {
      List<String> tensors = plan.tensors().stream()
          .filter(t -> t.offset() >= g.start() && t.offset() < g.end()).map(MemoryPlan.Tensor::name).toList();
      String group = "the gradient of parameter group '" + g.group() + "' (" + String.join(", ", tensors) + ")";
      if (f32) {
        m.beginControlFlow("if (!$T.allFinite(grads, $L_START, $L_END - $L_START))", VECTORS, g.constant(), g.constant(), g.constant())
            .addStatement("throw new $T(step + 1, $S, $T.sumOfSquares(grads, $L_START, $L_END - $L_START))", DIVERGENCE,
                group, VECTORS, g.constant(), g.constant(), g.constant())
            .endControlFlow();
      } else {
        m.addStatement("squares = $T.sumOfSquares(grads, $L_START, $L_END - $L_START)", VECTORS, g.constant(), g.constant(), g.constant())
            .beginControlFlow("if (!Double.isFinite(squares))")
            .addStatement("throw new $T(step + 1, $S, squares)", DIVERGENCE, group)
            .endControlFlow();
      }
    }
    return m.build();
  }
}
