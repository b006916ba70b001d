package org.optspec.processor.emit;

import static org.optspec.processor.emit.EmitContext.constName;

import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import org.optspec.processor.ir.Layer;

/**
 * An elementwise activation whose derivative is a function of its output, so backward needs no saved input:
 * {@code tanh} (1 − y²) and {@code sigmoid} (y (1 − y)).
 *
 * @param function the forward expression of {@code x} (a double), e.g. {@code Math.tanh(x)}
 * @param derivative dOut/dIn as an expression of the output {@code y}, e.g. {@code (1 - y * y)}
 */
record OutputDerivedActivationEmitter(String function, String derivative) implements LayerEmitter {

  static OutputDerivedActivationEmitter tanh() {
    return new OutputDerivedActivationEmitter("Math.tanh(x)", "(1 - y * y)");
  }

  static OutputDerivedActivationEmitter sigmoid() {
    return new OutputDerivedActivationEmitter("1 / (1 + Math.exp(-x))", "y * (1 - y)");
  }

  @Override
  public MethodSpec forward(EmitContext ctx, int i) {
    Layer layer = ctx.layer(i);
    String p = constName(layer.name());
    return LayerEmitter.forwardMethod(ctx, layer)
        .addJavadoc("$L\n<p>out = $L elementwise, x the input.\n", layer.origin().describe(), function)
        .beginControlFlow("for (int i = 0; i < n * $L_OUT; i++)", p)
        .addStatement("double x = in[i]")
        .addStatement("$L[i] = $L", ctx.output(layer), ctx.types().castExpr(function))
        .endControlFlow()
        .build();
  }

  @Override
  public MethodSpec backward(EmitContext ctx, int i) {
    Layer layer = ctx.layer(i);
    String p = constName(layer.name());
    return LayerEmitter.backwardMethod(layer)
        .addJavadoc("$L\n<p>dIn = dOut · $L, y the output.\n", layer.origin().describe(), derivative)
        .addParameter(TypeName.INT, "n")
        .beginControlFlow("for (int i = 0; i < n * $L_OUT; i++)", p)
        .addStatement("$T y = $L[i]", ctx.types().elem(), ctx.output(layer))
        .addStatement("$L[i] = $L[i] * $L", ctx.gradient(ctx.layer(i - 1)), ctx.gradient(layer), derivative)
        .endControlFlow()
        .build();
  }
}
