package org.optspec.processor.emit;

import static org.optspec.processor.emit.EmitContext.constName;

import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import org.optspec.processor.ir.Layer;

/** {@code relu}: max(0, x) elementwise. */
final class ReluEmitter implements LayerEmitter {

  @Override
  public MethodSpec forward(EmitContext ctx, int i) {
    Layer layer = ctx.layer(i);
    String p = constName(layer.name());
    return LayerEmitter.forwardMethod(ctx, layer)
        .addJavadoc("$L\n", layer.origin().describe())
        .beginControlFlow("for (int i = 0; i < n * $L_OUT; i++)", p)
        .addStatement("$L[i] = in[i] > 0 ? in[i] : 0", ctx.output(layer))
        .endControlFlow()
        .build();
  }

  @Override
  public MethodSpec backward(EmitContext ctx, int i) {
    Layer layer = ctx.layer(i);
    String p = constName(layer.name());
    return LayerEmitter.backwardMethod(layer)
        .addJavadoc("$L\n<p>dIn = dOut where the output is positive, else 0.\n", layer.origin().describe())
        .addParameter(TypeName.INT, "n")
        .beginControlFlow("for (int i = 0; i < n * $L_OUT; i++)", p)
        .addStatement("$L[i] = $L[i] > 0 ? $L[i] : 0", ctx.gradient(ctx.layer(i - 1)), ctx.output(layer), ctx.gradient(layer))
        .endControlFlow()
        .build();
  }
}
