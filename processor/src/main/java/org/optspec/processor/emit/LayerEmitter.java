package org.optspec.processor.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.List;
import javax.lang.model.element.Modifier;
import org.optspec.processor.ir.Layer;

/**
 * The code of one layer kind: its constants, the call and method of its forward pass (training and evaluation
 * mode) and of its backward pass. Buffers come from the plan ({@code <layer>Out}, {@code <layer>Grad}, ...).
 * One implementation per {@link Layer} kind, registered in {@link LayerEmitters#of}.
 */
interface LayerEmitter {

  /** The layer's constants: by default {@code <LAYER>_OUT} documented with the layer's spec line. */
  default void constants(EmitContext ctx, Layer layer, TypeSpec.Builder type) {
    type.addField(EmitContext.constant(TypeName.INT, EmitContext.constName(layer.name()) + "_OUT",
        CodeBlock.of("$L", layer.outputSize()), layer.origin().describe()));
  }

  /** The statement in {@code forward(x, n, training)} that runs layer {@code i}. */
  default CodeBlock forwardCall(EmitContext ctx, int i) {
    return CodeBlock.of("$LForward($L, n)", ctx.layer(i).name(), ctx.inputOf(i));
  }

  /** The method {@code <layer>Forward}. */
  MethodSpec forward(EmitContext ctx, int i);

  /** The statement in {@code backward(x, n)} that runs layer {@code i}'s backward pass. */
  default CodeBlock backwardCall(EmitContext ctx, int i) {
    return CodeBlock.of("$LBackward(n)", ctx.layer(i).name());
  }

  /** The method {@code <layer>Backward}; only called when {@link EmitContext#needsBackward} holds. */
  MethodSpec backward(EmitContext ctx, int i);

  /** Instance fields the layer keeps besides the plan's batch buffers (running statistics, saved activations). */
  default void state(EmitContext ctx, Layer layer, TypeSpec.Builder type) {}

  /** Constructor statements that give those fields their first values. */
  default void initState(EmitContext ctx, Layer layer, MethodSpec.Builder constructor) {}

  /**
   * The {@code double[]} fields besides the parameters that evaluation mode reads (batchnorm's running statistics):
   * early stopping saves and restores them with the parameters of the best epoch.
   */
  default List<String> evaluationState(Layer layer) {
    return List.of();
  }

  /** Statements at the start of {@code fit} that prepare the layer from the training data (factorize's mean). */
  default void beforeFit(EmitContext ctx, Layer layer, MethodSpec.Builder fit) {}

  /** {@code private <layer>Forward(<array> in, int n)}, for implementations to fill in. */
  static MethodSpec.Builder forwardMethod(EmitContext ctx, Layer layer) {
    return MethodSpec.methodBuilder(layer.name() + "Forward").addModifiers(Modifier.PRIVATE)
        .addParameter(ctx.types().array(), "in").addParameter(TypeName.INT, "n");
  }

  /** {@code private <layer>Backward()}, for implementations to fill in. */
  static MethodSpec.Builder backwardMethod(Layer layer) {
    return MethodSpec.methodBuilder(layer.name() + "Backward").addModifiers(Modifier.PRIVATE);
  }
}
