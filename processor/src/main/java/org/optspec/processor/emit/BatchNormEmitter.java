package org.optspec.processor.emit;

import static org.optspec.processor.emit.EmitContext.constName;
import static org.optspec.processor.emit.EmitContext.constant;
import static org.optspec.processor.emit.RuntimeTypes.VECTORS;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.List;
import javax.lang.model.element.Modifier;
import org.optspec.processor.ir.Layer;

/**
 * {@code batchnorm}: torch nn.BatchNorm1d over each feature. Training mode normalizes with the batch's mean and
 * biased variance and updates the running statistics ({@code running = (1 − momentum) running + momentum batch},
 * the unbiased variance for the running one); evaluation mode normalizes with the running statistics.
 */
final class BatchNormEmitter implements LayerEmitter {

  @Override
  public void constants(EmitContext ctx, Layer layer, TypeSpec.Builder type) {
    LayerEmitter.super.constants(ctx, layer, type);
    Layer.BatchNorm b = (Layer.BatchNorm) layer;
    String p = constName(layer.name());
    type.addField(constant(TypeName.DOUBLE, p + "_MOMENTUM", CodeBlock.of("$L", b.momentum()),
        "Weight of the batch statistic in the running update (torch's convention)."));
    type.addField(constant(TypeName.DOUBLE, p + "_EPS", CodeBlock.of("$L", b.eps()), "Added to the variance."));
  }

  @Override
  public void state(EmitContext ctx, Layer layer, TypeSpec.Builder type) {
    String f = layer.name();
    type.addField(FieldSpec.builder(double[].class, f + "RunningMean", Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("Running mean of $L's input per feature, used in evaluation mode (starts at 0).\n", f).build());
    type.addField(FieldSpec.builder(double[].class, f + "RunningVar", Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("Running unbiased variance of $L's input per feature, used in evaluation mode (starts at 1).\n", f).build());
    if (ctx.inference()) {
      return;
    }
    type.addField(FieldSpec.builder(double[].class, f + "InvStd", Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("1 / sqrt(batch variance + eps) per feature, saved by the training forward pass for backward.\n").build());
    type.addField(FieldSpec.builder(ctx.types().array(), f + "Normalized", Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("The normalized input x̂, BATCH × $L_OUT, saved by the training forward pass for backward.\n",
            constName(f)).build());
  }

  @Override
  public void initState(EmitContext ctx, Layer layer, MethodSpec.Builder constructor) {
    String f = layer.name();
    String p = constName(f);
    constructor.addStatement("$LRunningMean = new double[$L_OUT]", f, p)
        .addStatement("$LRunningVar = new double[$L_OUT]", f, p)
        .addStatement("$T.fill($LRunningVar, 0, $L_OUT, 1)", VECTORS, f, p);
    if (!ctx.inference()) {
      constructor.addStatement("$LInvStd = new double[$L_OUT]", f, p)
          .addStatement("$LNormalized = new $T[BATCH * $L_OUT]", f, ctx.types().elem(), p);
    }
  }

  @Override
  public List<String> evaluationState(Layer layer) {
    return List.of(layer.name() + "RunningMean", layer.name() + "RunningVar");
  }

  @Override
  public CodeBlock forwardCall(EmitContext ctx, int i) {
    if (ctx.inference()) {
      return LayerEmitter.super.forwardCall(ctx, i);
    }
    return CodeBlock.of("$LForward($L, n, training)", ctx.layer(i).name(), ctx.inputOf(i));
  }

  /** Evaluation mode: out = scale · (in − running mean) + shift, scale = weight / sqrt(running var + eps). */
  private static void evaluationBody(MethodSpec.Builder m, EmitContext ctx, Layer layer) {
    String f = layer.name();
    String p = constName(f);
    m.beginControlFlow("for (int j = 0; j < $L_OUT; j++)", p)
        .addStatement("double scale = params[$L + j] / $T.sqrt($LRunningVar[j] + $L_EPS)", constName(f + ".weight"), Math.class, f, p)
        .addStatement("double mean = $LRunningMean[j]", f)
        .addStatement("double shift = params[$L + j]", constName(f + ".bias"))
        .beginControlFlow("for (int r = 0; r < n; r++)")
        .addStatement("$L[r * $L_OUT + j] = $L(scale * (in[r * $L_OUT + j] - mean) + shift)", ctx.output(layer), p,
            ctx.types().cast(), p)
        .endControlFlow()
        .endControlFlow();
  }

  @Override
  public MethodSpec forward(EmitContext ctx, int i) {
    Layer layer = ctx.layer(i);
    String f = layer.name();
    String p = constName(f);
    String out = ctx.output(layer);
    String w = constName(f + ".weight");
    String b = constName(f + ".bias");
    String cast = ctx.types().cast();
    if (ctx.inference()) {
      MethodSpec.Builder m = LayerEmitter.forwardMethod(ctx, layer)
          .addJavadoc("$L\n<p>Evaluation mode: out = weight · (in - running mean) / sqrt(running var + eps) + bias per feature.\n",
              layer.origin().describe());
      evaluationBody(m, ctx, layer);
      return m.build();
    }
    MethodSpec.Builder eval = LayerEmitter.forwardMethod(ctx, layer)
        .addJavadoc("$L\n<p>out = weight · (in - mean) / sqrt(var + eps) + bias per feature: the batch's mean and biased\n"
            + "variance in training (and the running statistics move towards them), the running ones in evaluation.\n",
            layer.origin().describe())
        .addParameter(TypeName.BOOLEAN, "training")
        .beginControlFlow("if (!training)");
    evaluationBody(eval, ctx, layer);
    return eval
        .addStatement("return")
        .endControlFlow()
        .beginControlFlow("if (n < 2)")
        .addStatement("throw new $T($S + n)", IllegalArgumentException.class,
            "batchnorm in training mode needs at least 2 rows per batch (torch raises too), got ")
        .endControlFlow()
        .beginControlFlow("for (int j = 0; j < $L_OUT; j++)", p)
        .addStatement("double sum = 0")
        .beginControlFlow("for (int r = 0; r < n; r++)")
        .addStatement("sum += in[r * $L_OUT + j]", p)
        .endControlFlow()
        .addStatement("double mean = sum / n")
        .addStatement("double squares = 0")
        .beginControlFlow("for (int r = 0; r < n; r++)")
        .addStatement("double d = in[r * $L_OUT + j] - mean", p)
        .addStatement("squares += d * d")
        .endControlFlow()
        .addStatement("double variance = squares / n")
        .addStatement("double invStd = 1 / $T.sqrt(variance + $L_EPS)", Math.class, p)
        .addStatement("$LInvStd[j] = invStd", f)
        .addStatement("double weight = params[$L + j]", w)
        .addStatement("double shift = params[$L + j]", b)
        .beginControlFlow("for (int r = 0; r < n; r++)")
        .addStatement("int k = r * $L_OUT + j", p)
        .addStatement("double normalized = (in[k] - mean) * invStd")
        .addStatement("$LNormalized[k] = $Lnormalized", f, cast)
        .addStatement("$L[k] = $L(weight * normalized + shift)", out, cast)
        .endControlFlow()
        .addStatement("$LRunningMean[j] = (1 - $L_MOMENTUM) * $LRunningMean[j] + $L_MOMENTUM * mean", f, p, f, p)
        .addStatement("$LRunningVar[j] = (1 - $L_MOMENTUM) * $LRunningVar[j] + $L_MOMENTUM * squares / (n - 1)", f, p, f, p)
        .endControlFlow()
        .build();
  }

  @Override
  public MethodSpec backward(EmitContext ctx, int i) {
    Layer layer = ctx.layer(i);
    String f = layer.name();
    String p = constName(f);
    String dOut = ctx.gradient(layer);
    String w = constName(f + ".weight");
    String b = constName(f + ".bias");
    String cast = ctx.types().cast();
    MethodSpec.Builder m = LayerEmitter.backwardMethod(layer)
        .addJavadoc("$L\n<p>Training mode: dWeight = Σ dOut x̂, dBias = Σ dOut, and\n"
            + "dIn = weight · invStd / n · (n dOut - Σ dOut - x̂ Σ dOut x̂) per feature.\n", layer.origin().describe())
        .addParameter(TypeName.INT, "n")
        .beginControlFlow("for (int j = 0; j < $L_OUT; j++)", p)
        .addStatement("double sum = 0")
        .addStatement("double sumNormalized = 0")
        .beginControlFlow("for (int r = 0; r < n; r++)")
        .addStatement("int k = r * $L_OUT + j", p)
        .addStatement("sum += $L[k]", dOut)
        .addStatement("sumNormalized += $L[k] * $LNormalized[k]", dOut, f)
        .endControlFlow()
        .addStatement("grads[$L + j] = $LsumNormalized", w, cast)
        .addStatement("grads[$L + j] = $Lsum", b, cast);
    if (ctx.needsInputGradient(i)) {
      m.addStatement("double k = params[$L + j] * $LInvStd[j] / n", w, f)
          .beginControlFlow("for (int r = 0; r < n; r++)")
          .addStatement("int at = r * $L_OUT + j", p)
          .addStatement("$L[at] = $L(k * (n * $L[at] - sum - $LNormalized[at] * sumNormalized))",
              ctx.gradient(ctx.layer(i - 1)), cast, dOut, f)
          .endControlFlow();
    }
    return m.endControlFlow().build();
  }
}
