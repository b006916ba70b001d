package org.optspec.processor.emit;

import static org.optspec.processor.emit.EmitContext.constName;

import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import org.optspec.processor.ir.Layer;

/** {@code tanh} elementwise; its derivative comes from the output, 1 − y². */
final class TanhEmitter implements LayerEmitter {

  @Override
  public MethodSpec forward(EmitContext ctx, int i) {
    Layer layer = ctx.layer(i);
    String p = constName(layer.name());
    return LayerEmitter.forwardMethod(ctx, layer)
        .addJavadoc("$L\n", layer.origin().describe())
        .beginControlFlow("for (int i = 0; i < n * $L_OUT; i++)", p)
        .addStatement("$L[i] = $L$T.tanh(in[i])", ctx.output(layer), ctx.types().cast(), Math.class)
        .endControlFlow()
        .build();
  }

  @Override
  public MethodSpec backward(EmitContext ctx, int i) {
    Layer layer = ctx.layer(i);
    String p = constName(layer.name());
    String out = ctx.output(layer);
    return LayerEmitter.backwardMethod(layer)
        .addJavadoc("$L\n<p>dIn = dOut · (1 - out²).\n", layer.origin().describe())
        .addParameter(TypeName.INT, "n")
        .beginControlFlow("for (int i = 0; i < n * $L_OUT; i++)", p)
        .addStatement("$L[i] = $L[i] * (1 - $L[i] * $L[i])", ctx.gradient(ctx.layer(i - 1)), ctx.gradient(layer), out, out)
        .endControlFlow()
        .build();
  }
}
