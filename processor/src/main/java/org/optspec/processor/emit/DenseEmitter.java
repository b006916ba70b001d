package org.optspec.processor.emit;

import static org.optspec.processor.emit.EmitContext.constName;
import static org.optspec.processor.emit.EmitContext.constant;
import static org.optspec.processor.emit.RuntimeTypes.GEMM;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.Optional;
import org.optspec.processor.ir.Layer;

/** {@code dense}: torch nn.Linear, {@code out = in · Wᵀ + b} with W stored [OUT × IN]. */
final class DenseEmitter implements LayerEmitter {

  /**
   * From this many output units the bias is copied into each output row before the product is
   * accumulated onto it; narrower layers (a regression head) add it in a loop, cheaper than a copy call
   * per row of a few elements.
   */
  static final int BIAS_COPY_MIN_OUT = 8;

  @Override
  public void constants(EmitContext ctx, Layer layer, TypeSpec.Builder type) {
    Layer.Dense d = (Layer.Dense) layer;
    String p = constName(layer.name());
    type.addField(constant(TypeName.INT, p + "_IN", CodeBlock.of("$L", d.inputSize()), layer.origin().describe()));
    type.addField(constant(TypeName.INT, p + "_OUT", CodeBlock.of("$L", d.outputSize()), null));
  }

  @Override
  public MethodSpec forward(EmitContext ctx, int i) {
    Layer.Dense d = (Layer.Dense) ctx.layer(i);
    MethodSpec.Builder m = LayerEmitter.forwardMethod(ctx, d);
    String p = constName(d.name());
    String out = ctx.output(d);
    String w = constName(d.name() + ".weight");
    m.addJavadoc("$L\n<p>{@code out = in · Wᵀ + b}, W stored [$L_OUT × $L_IN].\n", d.origin().describe(), p, p);
    if (d.hasBias() && d.outputSize() >= BIAS_COPY_MIN_OUT) {
      // the bias rows first, then the product accumulated onto them: the GEMM's epilogue adds the bias
      // (BLAS beta = 1), and the copies are intrinsics where an indexed add loop would stay scalar
      String b = constName(d.name() + ".bias");
      m.beginControlFlow("for (int r = 0; r < n; r++)")
          .addStatement("$T.arraycopy(params, $L, $L, r * $L_OUT, $L_OUT)", System.class, b, out, p, p)
          .endControlFlow()
          .addStatement("$T.nt(n, $L_OUT, $L_IN, in, 0, $L_IN, params, $L, $L_IN, $L, 0, $L_OUT, true)",
              GEMM, p, p, p, w, p, out, p);
      return m.build();
    }
    m.addStatement("$T.nt(n, $L_OUT, $L_IN, in, 0, $L_IN, params, $L, $L_IN, $L, 0, $L_OUT, false)",
        GEMM, p, p, p, w, p, out, p);
    if (d.hasBias()) {
      String b = constName(d.name() + ".bias");
      m.beginControlFlow("for (int r = 0; r < n; r++)")
          .addStatement("int row = r * $L_OUT", p)
          .beginControlFlow("for (int j = 0; j < $L_OUT; j++)", p)
          .addStatement("$L[row + j] += params[$L + j]", out, b)
          .endControlFlow()
          .endControlFlow();
    }
    return m.build();
  }

  @Override
  public CodeBlock backwardCall(EmitContext ctx, int i) {
    return CodeBlock.of("$LBackward($L, n)", ctx.layer(i).name(), ctx.inputOf(i));
  }

  @Override
  public MethodSpec backward(EmitContext ctx, int i) {
    Layer.Dense d = (Layer.Dense) ctx.layer(i);
    String p = constName(d.name());
    String dOut = ctx.gradient(d);
    Optional<String> dIn = ctx.needsInputGradient(i) ? Optional.of(ctx.gradient(ctx.layer(i - 1))) : Optional.empty();
    MethodSpec.Builder m = LayerEmitter.backwardMethod(d);
    String w = constName(d.name() + ".weight");
    m.addJavadoc("$L\n<p>dW = dOutᵀ · in$L$L.\n", d.origin().describe(), d.hasBias() ? ", db = Σ_rows dOut" : "",
            dIn.isPresent() ? ", dIn = dOut · W" : "")
        .addParameter(ctx.types().array(), "in").addParameter(TypeName.INT, "n")
        .addStatement("$T.tn($L_OUT, $L_IN, n, $L, 0, $L_OUT, in, 0, $L_IN, grads, $L, $L_IN, false)",
            GEMM, p, p, dOut, p, p, w, p);
    if (d.hasBias()) {
      // column sums four columns at a time: four independent add chains instead of one per column
      // (each column still adds its rows in order, so the sums are the same to the bit)
      String b = constName(d.name() + ".bias");
      String cast = ctx.types().cast();
      if (d.outputSize() >= 4) {
        m.addStatement("int j = 0")
            .beginControlFlow("for (; j <= $L_OUT - 4; j += 4)", p)
            .addStatement("double sum0 = 0, sum1 = 0, sum2 = 0, sum3 = 0")
            .beginControlFlow("for (int r = 0; r < n; r++)")
            .addStatement("int row = r * $L_OUT + j", p)
            .addStatement("sum0 += $L[row]", dOut)
            .addStatement("sum1 += $L[row + 1]", dOut)
            .addStatement("sum2 += $L[row + 2]", dOut)
            .addStatement("sum3 += $L[row + 3]", dOut)
            .endControlFlow()
            .addStatement("grads[$L + j] = $Lsum0", b, cast)
            .addStatement("grads[$L + j + 1] = $Lsum1", b, cast)
            .addStatement("grads[$L + j + 2] = $Lsum2", b, cast)
            .addStatement("grads[$L + j + 3] = $Lsum3", b, cast)
            .endControlFlow()
            .beginControlFlow("for (; j < $L_OUT; j++)", p);
      } else {
        m.beginControlFlow("for (int j = 0; j < $L_OUT; j++)", p);
      }
      m.addStatement("double sum = 0")
          .beginControlFlow("for (int r = 0; r < n; r++)")
          .addStatement("sum += $L[r * $L_OUT + j]", dOut, p)
          .endControlFlow()
          .addStatement("grads[$L + j] = $Lsum", b, cast)
          .endControlFlow();
    }
    dIn.ifPresent(target -> m.addStatement(
        "$T.nn(n, $L_IN, $L_OUT, $L, 0, $L_OUT, params, $L, $L_IN, $L, 0, $L_IN, false)",
        GEMM, p, p, dOut, p, w, p, target, p));
    return m.build();
  }
}
