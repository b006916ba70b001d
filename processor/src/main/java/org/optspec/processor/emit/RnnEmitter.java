package org.optspec.processor.emit;

import static org.optspec.processor.emit.EmitContext.constName;
import static org.optspec.processor.emit.EmitContext.constant;
import static org.optspec.processor.emit.RuntimeTypes.GEMM;
import static org.optspec.processor.emit.RuntimeTypes.VECTORS;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import javax.lang.model.element.Modifier;
import org.optspec.processor.ir.Layer;

/**
 * {@code rnn}: torch nn.RNN (one layer, batch_first), {@code h_t = act(x_t·W_ihᵀ + b_ih + h_{t−1}·W_hhᵀ + b_hh)} from
 * {@code h_0 = 0}, the last hidden state out; backward is backpropagation through the whole sequence. Every hidden
 * state of the batch is kept for backward.
 */
final class RnnEmitter implements LayerEmitter {

  @Override
  public void constants(EmitContext ctx, Layer layer, TypeSpec.Builder type) {
    Layer.Rnn r = (Layer.Rnn) layer;
    String p = constName(layer.name());
    type.addField(constant(TypeName.INT, p + "_LENGTH", CodeBlock.of("$L", r.length()), layer.origin().describe()
        + "\n<p>Time steps per row; a row holds LENGTH × FEATURES values, time-major."));
    type.addField(constant(TypeName.INT, p + "_FEATURES", CodeBlock.of("$L", r.features()), "Inputs per time step."));
    type.addField(constant(TypeName.INT, p + "_OUT", CodeBlock.of("$L", r.hidden()), "Hidden units."));
  }

  @Override
  public void state(EmitContext ctx, Layer layer, TypeSpec.Builder type) {
    String f = layer.name();
    String p = constName(f);
    type.addField(FieldSpec.builder(ctx.types().array(), f + "States", Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("Hidden states h_1..h_LENGTH of every row, BATCH × $L_LENGTH × $L_OUT, kept for backward.\n", p, p).build());
    type.addField(FieldSpec.builder(ctx.types().array(), f + "Carry", Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("dLoss/dh_t while backward walks back through time, BATCH × $L_OUT.\n", p).build());
    type.addField(FieldSpec.builder(ctx.types().array(), f + "Delta", Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("dLoss/d(pre-activation) at the current time step, BATCH × $L_OUT.\n", p).build());
  }

  @Override
  public void initState(EmitContext ctx, Layer layer, MethodSpec.Builder constructor) {
    String f = layer.name();
    String p = constName(f);
    TypeName elem = ctx.types().elem();
    constructor.addStatement("$LStates = new $T[BATCH * $L_LENGTH * $L_OUT]", f, elem, p, p)
        .addStatement("$LCarry = new $T[BATCH * $L_OUT]", f, elem, p)
        .addStatement("$LDelta = new $T[BATCH * $L_OUT]", f, elem, p);
  }

  @Override
  public MethodSpec forward(EmitContext ctx, int i) {
    Layer.Rnn layer = (Layer.Rnn) ctx.layer(i);
    String f = layer.name();
    String p = constName(f);
    String wih = constName(f + ".weight_ih");
    String whh = constName(f + ".weight_hh");
    String bih = constName(f + ".bias_ih");
    String bhh = constName(f + ".bias_hh");
    String act = layer.relu() ? "v > 0 ? v : 0" : "Math.tanh(v)";
    return LayerEmitter.forwardMethod(ctx, layer)
        .addJavadoc("$L\n<p>h_t = $L(x_t · W_ihᵀ + b_ih + h_(t-1) · W_hhᵀ + b_hh), h_0 = 0; out = h_LENGTH.\n",
            layer.origin().describe(), layer.relu() ? "relu" : "tanh")
        .addStatement("int stride = $L_LENGTH * $L_OUT", p, p)
        .beginControlFlow("for (int t = 0; t < $L_LENGTH; t++)", p)
        .addStatement("$T.nt(n, $L_OUT, $L_FEATURES, in, t * $L_FEATURES, $L_LENGTH * $L_FEATURES, params, $L, $L_FEATURES,\n"
            + "$LStates, t * $L_OUT, stride, false)", GEMM, p, p, p, p, p, wih, p, f, p)
        .beginControlFlow("if (t > 0)")
        .addStatement("$T.nt(n, $L_OUT, $L_OUT, $LStates, (t - 1) * $L_OUT, stride, params, $L, $L_OUT,\n"
            + "$LStates, t * $L_OUT, stride, true)", GEMM, p, p, f, p, whh, p, f, p)
        .endControlFlow()
        .beginControlFlow("for (int r = 0; r < n; r++)")
        .addStatement("int base = r * stride + t * $L_OUT", p)
        .beginControlFlow("for (int j = 0; j < $L_OUT; j++)", p)
        .addStatement("double v = $LStates[base + j] + params[$L + j] + params[$L + j]", f, bih, bhh)
        .addStatement("$LStates[base + j] = $L", f, ctx.types().castExpr(act))
        .endControlFlow()
        .endControlFlow()
        .endControlFlow()
        .beginControlFlow("for (int r = 0; r < n; r++)")
        .addStatement("$T.arraycopy($LStates, r * stride + ($L_LENGTH - 1) * $L_OUT, $L, r * $L_OUT, $L_OUT)",
            System.class, f, p, p, ctx.output(layer), p, p)
        .endControlFlow()
        .build();
  }

  @Override
  public CodeBlock backwardCall(EmitContext ctx, int i) {
    return CodeBlock.of("$LBackward($L, n)", ctx.layer(i).name(), ctx.inputOf(i));
  }

  @Override
  public MethodSpec backward(EmitContext ctx, int i) {
    Layer.Rnn layer = (Layer.Rnn) ctx.layer(i);
    String f = layer.name();
    String p = constName(f);
    String wih = constName(f + ".weight_ih");
    String whh = constName(f + ".weight_hh");
    String bih = constName(f + ".bias_ih");
    String bhh = constName(f + ".bias_hh");
    String derivative = layer.relu() ? "(h > 0 ? 1 : 0)" : "(1 - h * h)";
    String cast = ctx.types().cast();
    MethodSpec.Builder m = LayerEmitter.backwardMethod(layer)
        .addJavadoc("$L\n<p>Backpropagation through time: from dh_LENGTH = dOut, at each step back\n"
            + "delta = dh_t ⊙ act'(h_t); dW_ih += deltaᵀ x_t, db_ih = db_hh += Σ delta, dW_hh += deltaᵀ h_(t-1),\n"
            + "dh_(t-1) = delta · W_hh.\n", layer.origin().describe())
        .addParameter(ctx.types().array(), "in").addParameter(TypeName.INT, "n")
        .addStatement("int stride = $L_LENGTH * $L_OUT", p, p);
    for (String t : new String[] {wih, whh, bih, bhh}) {
      m.addStatement("$T.fill(grads, $L, $L_SIZE, 0)", VECTORS, t, t);
    }
    return m.addStatement("$T.arraycopy($L, 0, $LCarry, 0, n * $L_OUT)", System.class, ctx.gradient(layer), f, p)
        .beginControlFlow("for (int t = $L_LENGTH - 1; t >= 0; t--)", p)
        .beginControlFlow("for (int r = 0; r < n; r++)")
        .addStatement("int base = r * stride + t * $L_OUT", p)
        .beginControlFlow("for (int j = 0; j < $L_OUT; j++)", p)
        .addStatement("$T h = $LStates[base + j]", ctx.types().elem(), f)
        .addStatement("$LDelta[r * $L_OUT + j] = $LCarry[r * $L_OUT + j] * $L", f, p, f, p, derivative)
        .endControlFlow()
        .endControlFlow()
        .addStatement("$T.tn($L_OUT, $L_FEATURES, n, $LDelta, 0, $L_OUT, in, t * $L_FEATURES, $L_LENGTH * $L_FEATURES,\n"
            + "grads, $L, $L_FEATURES, true)", GEMM, p, p, f, p, p, p, p, wih, p)
        .beginControlFlow("for (int j = 0; j < $L_OUT; j++)", p)
        .addStatement("double sum = 0")
        .beginControlFlow("for (int r = 0; r < n; r++)")
        .addStatement("sum += $LDelta[r * $L_OUT + j]", f, p)
        .endControlFlow()
        .addStatement("grads[$L + j] += $Lsum", bih, cast)
        .addStatement("grads[$L + j] += $Lsum", bhh, cast)
        .endControlFlow()
        .beginControlFlow("if (t > 0)")
        .addStatement("$T.tn($L_OUT, $L_OUT, n, $LDelta, 0, $L_OUT, $LStates, (t - 1) * $L_OUT, stride, grads, $L, $L_OUT, true)",
            GEMM, p, p, f, p, f, p, whh, p)
        .addStatement("$T.nn(n, $L_OUT, $L_OUT, $LDelta, 0, $L_OUT, params, $L, $L_OUT, $LCarry, 0, $L_OUT, false)",
            GEMM, p, p, f, p, whh, p, f, p)
        .endControlFlow()
        .endControlFlow()
        .build();
  }
}
