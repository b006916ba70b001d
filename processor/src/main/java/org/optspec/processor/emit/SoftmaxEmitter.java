package org.optspec.processor.emit;

import static org.optspec.processor.emit.EmitContext.constName;

import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import org.optspec.processor.ir.Layer;

/**
 * {@code softmax} over each row (torch nn.Softmax(dim=1)), with the row maximum subtracted for stability. A softmax
 * right before softmax_cross_entropy never reaches here: lowering drops it, the fused loss already applies it.
 */
final class SoftmaxEmitter implements LayerEmitter {

  @Override
  public MethodSpec forward(EmitContext ctx, int i) {
    Layer layer = ctx.layer(i);
    String p = constName(layer.name());
    String out = ctx.output(layer);
    return LayerEmitter.forwardMethod(ctx, layer)
        .addJavadoc("$L\n", layer.origin().describe())
        .beginControlFlow("for (int r = 0; r < n; r++)")
        .addStatement("int row = r * $L_OUT", p)
        .addStatement("double max = in[row]")
        .beginControlFlow("for (int j = 1; j < $L_OUT; j++)", p)
        .addStatement("max = $T.max(max, in[row + j])", Math.class)
        .endControlFlow()
        .addStatement("double sum = 0")
        .beginControlFlow("for (int j = 0; j < $L_OUT; j++)", p)
        .addStatement("sum += $T.exp(in[row + j] - max)", Math.class)
        .endControlFlow()
        .beginControlFlow("for (int j = 0; j < $L_OUT; j++)", p)
        .addStatement("$L[row + j] = $L($T.exp(in[row + j] - max) / sum)", out, ctx.types().cast(), Math.class)
        .endControlFlow()
        .endControlFlow()
        .build();
  }

  @Override
  public MethodSpec backward(EmitContext ctx, int i) {
    Layer layer = ctx.layer(i);
    String p = constName(layer.name());
    String out = ctx.output(layer);
    String dOut = ctx.gradient(layer);
    return LayerEmitter.backwardMethod(layer)
        .addJavadoc("$L\n<p>dIn = out ⊙ (dOut - Σ_j dOut_j out_j), row by row.\n", layer.origin().describe())
        .addParameter(TypeName.INT, "n")
        .beginControlFlow("for (int r = 0; r < n; r++)")
        .addStatement("int row = r * $L_OUT", p)
        .addStatement("double dot = 0")
        .beginControlFlow("for (int j = 0; j < $L_OUT; j++)", p)
        .addStatement("dot += $L[row + j] * $L[row + j]", dOut, out)
        .endControlFlow()
        .beginControlFlow("for (int j = 0; j < $L_OUT; j++)", p)
        .addStatement("$L[row + j] = $L($L[row + j] * ($L[row + j] - dot))", ctx.gradient(ctx.layer(i - 1)),
            ctx.types().cast(), out, dOut)
        .endControlFlow()
        .endControlFlow()
        .build();
  }
}
