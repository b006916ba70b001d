package org.optspec.processor.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import javax.lang.model.element.Modifier;

/**
 * {@code accumulate N}: each {@code step} call is one micro-batch whose gradients are summed; every N-th call averages
 * the sum into the gradients, then clips and updates, so the optimizer step counter and the schedule advance once per
 * N micro-batches. Micro-batches left over at the end of an epoch carry into the next one. Nothing when N is 1.
 */
final class AccumulationEmitter {

  private final EmitContext ctx;
  private final int accumulate;

  AccumulationEmitter(EmitContext ctx) {
    this.ctx = ctx;
    this.accumulate = ctx.program().accumulate();
  }

  private boolean active() {
    return accumulate > 1;
  }

  void constants(TypeSpec.Builder type) {
    if (active()) {
      type.addField(EmitContext.constant(TypeName.INT, "ACCUMULATE", CodeBlock.of("$L", accumulate),
          "Micro-batches whose gradients are averaged into one update."));
    }
  }

  void fields(TypeSpec.Builder type) {
    if (active()) {
      type.addField(FieldSpec.builder(ctx.types().array(), "gradientSum", Modifier.PRIVATE, Modifier.FINAL)
          .addJavadoc("The sum of the micro-batch gradients since the last update, in the layout of {@link #params}.\n")
          .initializer("new $T[PARAMETER_COUNT]", ctx.types().elem()).build());
      type.addField(FieldSpec.builder(TypeName.INT, "microBatches", Modifier.PRIVATE)
          .addJavadoc("Micro-batches in {@link #gradientSum}.\n").build());
    }
  }

  /** The statement in {@code step} after the gradients: return early until N micro-batches are in. */
  void call(MethodSpec.Builder step) {
    if (active()) {
      step.beginControlFlow("if (!accumulateGradients())")
          .addStatement("return loss")
          .endControlFlow();
    }
  }

  void methods(TypeSpec.Builder type) {
    if (!active()) {
      return;
    }
    type.addMethod(MethodSpec.methodBuilder("accumulateGradients").addModifiers(Modifier.PRIVATE)
        .addJavadoc("Adds this micro-batch's gradients to the sum; on the ACCUMULATE-th, replaces the gradients by the mean\n"
            + "and empties the sum. Returns whether the gradients are ready for an update.\n")
        .returns(TypeName.BOOLEAN)
        .beginControlFlow("for (int i = 0; i < PARAMETER_COUNT; i++)")
        .addStatement("gradientSum[i] += grads[i]")
        .endControlFlow()
        .beginControlFlow("if (++microBatches < ACCUMULATE)")
        .addStatement("return false")
        .endControlFlow()
        .beginControlFlow("for (int i = 0; i < PARAMETER_COUNT; i++)")
        .addStatement("grads[i] = gradientSum[i] / ACCUMULATE")
        .addStatement("gradientSum[i] = 0")
        .endControlFlow()
        .addStatement("microBatches = 0")
        .addStatement("return true")
        .build());
  }
}
