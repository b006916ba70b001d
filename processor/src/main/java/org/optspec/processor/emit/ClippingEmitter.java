package org.optspec.processor.emit;

import static org.optspec.processor.emit.RuntimeTypes.VECTORS;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import javax.lang.model.element.Modifier;
import org.optspec.processor.ir.TrainingProgram;

/** {@code clip global_norm}: {@code CLIP_MAX_NORM}, {@code clipGradients()} and its call in {@code step}. */
final class ClippingEmitter {

  private final TrainingProgram program;

  ClippingEmitter(EmitContext ctx) {
    this.program = ctx.program();
  }

  boolean active() {
    return program.clipGlobalNorm().isPresent();
  }

  void constants(TypeSpec.Builder type) {
    program.clipGlobalNorm().ifPresent(max -> type.addField(EmitContext.constant(TypeName.DOUBLE, "CLIP_MAX_NORM",
        CodeBlock.of("$L", max), program.clipOrigin().get().describe())));
  }

  /** The statement in {@code step} between the gradients and the update. */
  void call(MethodSpec.Builder step) {
    if (active()) {
      step.addStatement("clipGradients()");
    }
  }

  void methods(TypeSpec.Builder type) {
    if (!active()) {
      return;
    }
    type.addMethod(MethodSpec.methodBuilder("clipGradients").addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L\n<p>torch.nn.utils.clip_grad_norm_: scales all gradients by max_norm / (norm + 1e-6) when that is < 1.\n",
            program.clipOrigin().get().describe())
        .addStatement("double norm = $T.sqrt($T.sumOfSquares(grads, 0, PARAMETER_COUNT))", Math.class, VECTORS)
        .addStatement("double coef = CLIP_MAX_NORM / (norm + 1e-6)")
        .beginControlFlow("if (coef < 1)")
        .addStatement("$T.scale(grads, 0, PARAMETER_COUNT, coef)", VECTORS)
        .endControlFlow()
        .build());
  }
}
