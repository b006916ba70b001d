package org.optspec.processor.emit;

import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import javax.lang.model.element.Modifier;

/** The model: layer constants, {@code forward}/{@code backward} and each layer's methods, through {@link LayerEmitters}. */
final class ModelEmitter {

  private final EmitContext ctx;

  ModelEmitter(EmitContext ctx) {
    this.ctx = ctx;
  }

  void constants(TypeSpec.Builder type) {
    ctx.program().layers().forEach(layer -> LayerEmitters.of(layer).constants(ctx, layer, type));
  }

  /** {@code forward} and then each layer's forward method, in layer order. */
  void forward(TypeSpec.Builder type) {
    MethodSpec.Builder m = MethodSpec.methodBuilder("forward").addModifiers(Modifier.PRIVATE)
        .addJavadoc("The model, layer by layer; dropout is active only when {@code training}.\n")
        .addParameter(ctx.types().array(), "x").addParameter(TypeName.INT, "n").addParameter(TypeName.BOOLEAN, "training");
    int layers = ctx.program().layers().size();
    for (int i = 0; i < layers; i++) {
      m.addStatement("$L", LayerEmitters.of(ctx.layer(i)).forwardCall(ctx, i));
    }
    type.addMethod(m.build());
    for (int i = 0; i < layers; i++) {
      type.addMethod(LayerEmitters.of(ctx.layer(i)).forward(ctx, i));
    }
  }

  /** {@code backward} and then each layer's backward method, from the last layer back. */
  void backward(TypeSpec.Builder type) {
    MethodSpec.Builder m = MethodSpec.methodBuilder("backward").addModifiers(Modifier.PRIVATE)
        .addJavadoc("Reverse-mode differentiation, layer by layer from the loss back to the first layer with parameters.\n")
        .addParameter(ctx.types().array(), "x").addParameter(TypeName.INT, "n");
    int layers = ctx.program().layers().size();
    for (int i = layers - 1; i >= 0; i--) {
      if (ctx.needsBackward(i)) {
        m.addStatement("$L", LayerEmitters.of(ctx.layer(i)).backwardCall(ctx, i));
      }
    }
    type.addMethod(m.build());
    for (int i = layers - 1; i >= 0; i--) {
      if (ctx.needsBackward(i)) {
        type.addMethod(LayerEmitters.of(ctx.layer(i)).backward(ctx, i));
      }
    }
  }
}
