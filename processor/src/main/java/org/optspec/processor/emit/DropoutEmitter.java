package org.optspec.processor.emit;

import static org.optspec.processor.emit.EmitContext.constName;
import static org.optspec.processor.emit.EmitContext.constant;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import org.optspec.processor.ir.Layer;
import org.optspec.processor.plan.MemoryPlan;

/** {@code dropout}: inverted dropout with a mask buffer; the identity in evaluation mode. */
final class DropoutEmitter implements LayerEmitter {

  @Override
  public void constants(EmitContext ctx, Layer layer, TypeSpec.Builder type) {
    LayerEmitter.super.constants(ctx, layer, type);
    Layer.Dropout d = (Layer.Dropout) layer;
    String p = constName(layer.name());
    type.addField(constant(TypeName.DOUBLE, p + "_P", CodeBlock.of("$L", d.p()), "Probability of dropping a unit."));
    type.addField(constant(ctx.types().elem(), p + "_SCALE", ctx.types().literal(1 / (1 - d.p())),
        "Kept units are scaled by 1 / (1 - p)."));
  }

  @Override
  public CodeBlock forwardCall(EmitContext ctx, int i) {
    if (ctx.inference()) {
      return LayerEmitter.super.forwardCall(ctx, i);
    }
    return CodeBlock.of("$LForward($L, n, training)", ctx.layer(i).name(), ctx.inputOf(i));
  }

  @Override
  public MethodSpec forward(EmitContext ctx, int i) {
    Layer layer = ctx.layer(i);
    String p = constName(layer.name());
    String out = ctx.output(layer);
    if (ctx.inference()) {
      return LayerEmitter.forwardMethod(ctx, layer)
          .addJavadoc("$L\n<p>Dropout in evaluation mode: the identity.\n", layer.origin().describe())
          .addStatement("$T.arraycopy(in, 0, $L, 0, n * $L_OUT)", System.class, out, p)
          .build();
    }
    return LayerEmitter.forwardMethod(ctx, layer)
        .addJavadoc("$L\n<p>Inverted dropout: in training each unit is kept with probability 1 - p and scaled by\n"
            + "1 / (1 - p); in evaluation the layer is the identity.\n", layer.origin().describe())
        .addParameter(TypeName.BOOLEAN, "training")
        .beginControlFlow("if (!training)")
        .addStatement("$T.arraycopy(in, 0, $L, 0, n * $L_OUT)", System.class, out, p)
        .addStatement("return")
        .endControlFlow()
        .beginControlFlow("for (int i = 0; i < n * $L_OUT; i++)", p)
        .addStatement("$T keep = rng.nextDouble() < $L_P ? 0 : $L_SCALE", ctx.types().elem(), p, p)
        .addStatement("$L[i] = keep", mask(ctx, layer))
        .addStatement("$L[i] = in[i] * keep", out)
        .endControlFlow()
        .build();
  }

  @Override
  public MethodSpec backward(EmitContext ctx, int i) {
    Layer layer = ctx.layer(i);
    String p = constName(layer.name());
    return LayerEmitter.backwardMethod(layer)
        .addJavadoc("$L\n<p>dIn = dOut · mask.\n", layer.origin().describe())
        .addParameter(TypeName.INT, "n")
        .beginControlFlow("for (int i = 0; i < n * $L_OUT; i++)", p)
        .addStatement("$L[i] = $L[i] * $L[i]", ctx.gradient(ctx.layer(i - 1)), ctx.gradient(layer), mask(ctx, layer))
        .endControlFlow()
        .build();
  }

  private static String mask(EmitContext ctx, Layer layer) {
    return ctx.plan().buffer(layer.name(), MemoryPlan.Buffer.Kind.MASK).field();
  }
}
