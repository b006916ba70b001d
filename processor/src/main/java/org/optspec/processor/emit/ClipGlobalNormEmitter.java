package org.optspec.processor.emit;

import static org.optspec.processor.emit.RuntimeTypes.VECTORS;

import com.palantir.javapoet.MethodSpec;
import org.optspec.processor.ir.Transform;

/** optax.clip_by_global_norm(max_norm): every gradient scaled by max_norm / ‖g‖ when the norm over all of them is above. */
final class ClipGlobalNormEmitter implements TransformEmitter {

  @Override
  public String name() {
    return "clip_global_norm";
  }

  @Override
  public Scope scope() {
    return Scope.ALL;
  }

  @Override
  public void beforeGroups(EmitContext ctx, Transform t, MethodSpec.Builder update) {
    double max = t.option("max_norm");
    update.addComment("clip_global_norm: optax.clip_by_global_norm over every gradient")
        .addStatement("double norm = $T.sqrt($T.sumOfSquares(grads, 0, PARAMETER_COUNT))", Math.class, VECTORS)
        .beginControlFlow("if (norm > $L)", max)
        .addStatement("$T.scale(grads, 0, PARAMETER_COUNT, $L / norm)", VECTORS, max)
        .endControlFlow();
  }
}
