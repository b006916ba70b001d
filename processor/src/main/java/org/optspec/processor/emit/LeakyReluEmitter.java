package org.optspec.processor.emit;

import static org.optspec.processor.emit.EmitContext.constName;
import static org.optspec.processor.emit.EmitContext.constant;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import org.optspec.processor.ir.Layer;

/** {@code leaky_relu(negative_slope)}: x where x > 0, else slope · x (torch nn.LeakyReLU). */
final class LeakyReluEmitter implements LayerEmitter {

  @Override
  public void constants(EmitContext ctx, Layer layer, TypeSpec.Builder type) {
    LayerEmitter.super.constants(ctx, layer, type);
    type.addField(constant(ctx.types().elem(), constName(layer.name()) + "_SLOPE",
        ctx.types().literal(((Layer.LeakyRelu) layer).slope()), "The slope for negative inputs."));
  }

  @Override
  public MethodSpec forward(EmitContext ctx, int i) {
    Layer layer = ctx.layer(i);
    String p = constName(layer.name());
    return LayerEmitter.forwardMethod(ctx, layer)
        .addJavadoc("$L\n", layer.origin().describe())
        .beginControlFlow("for (int i = 0; i < n * $L_OUT; i++)", p)
        .addStatement("$L[i] = in[i] > 0 ? in[i] : $L_SLOPE * in[i]", ctx.output(layer), p)
        .endControlFlow()
        .build();
  }

  @Override
  public CodeBlock backwardCall(EmitContext ctx, int i) {
    return CodeBlock.of("$LBackward($L, n)", ctx.layer(i).name(), ctx.inputOf(i));
  }

  @Override
  public MethodSpec backward(EmitContext ctx, int i) {
    Layer layer = ctx.layer(i);
    String p = constName(layer.name());
    String dOut = ctx.gradient(layer);
    return LayerEmitter.backwardMethod(layer)
        .addJavadoc("$L\n<p>dIn = dOut where the input is positive, else slope · dOut.\n", layer.origin().describe())
        .addParameter(ctx.types().array(), "in").addParameter(TypeName.INT, "n")
        .beginControlFlow("for (int i = 0; i < n * $L_OUT; i++)", p)
        .addStatement("$L[i] = in[i] > 0 ? $L[i] : $L_SLOPE * $L[i]", ctx.gradient(ctx.layer(i - 1)), dOut, p, dOut)
        .endControlFlow()
        .build();
  }
}
