package org.optspec.processor.emit;

import static org.optspec.processor.emit.EmitContext.constName;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import javax.lang.model.element.Modifier;
import org.optspec.processor.ir.Layer;
import org.optspec.processor.ir.Loss;
import org.optspec.processor.ir.Optimizer;
import org.optspec.processor.ir.TrainingProgram;

/**
 * Linear regression fused: a model that is one {@code dense} layer with a single output and few inputs,
 * trained on {@code mse}. {@code computeGradients} then calls one method that makes a single pass over
 * the rows, computing each prediction, its residual, the loss and both gradients, instead of
 * {@code forward}, {@code dataLoss} and {@code backward}, which pass over the rows four times (the product
 * X·Wᵀ, the loss, dW = dOutᵀ·X, db = Σ dOut) and whose sums down the 10,000 rows of W1 are dependent add
 * chains, one after the other. In the single pass the IN + 2 sums are independent chains that overlap,
 * the weights and the sums stay in registers (named locals: the feature count is a fixed trip count),
 * and X is read once.
 *
 * <p>Same arithmetic, same order: each prediction adds its products in ascending input order and then the
 * bias, each gradient and the loss add the rows in ascending order, in the same precisions as the layer-by-layer
 * path ({@code Gemm.nt}/{@code Gemm.tn}'s narrow kernels, {@code MseLossEmitter}, {@code DenseEmitter}'s bias
 * sum in double), so the results are the same to the bit (up to the sign of an all-zero prediction, which
 * the layer-by-layer path starts from +0). Evaluation ({@code loss}, {@code predict}) still runs
 * {@code forward} and {@code dataLoss}.
 */
final class DenseMseEmitter {

  /** Most inputs unrolled into named locals: two per input (weight, gradient sum) must fit in registers. */
  static final int MAX_INPUTS = 16;

  private DenseMseEmitter() {}

  /** Whether {@code program} is one dense layer with one output and at most {@link #MAX_INPUTS} inputs, on mse. */
  static boolean applies(TrainingProgram program) {
    return program.loss().kind() == Loss.Kind.MSE
        && program.optimizer().kind() != Optimizer.Kind.NATURAL_GRADIENT
        && program.layers().size() == 1
        && program.layers().get(0) instanceof Layer.Dense d
        && d.outputSize() == 1
        && d.inputSize() <= MAX_INPUTS;
  }

  /** The name of the fused method, called by {@code computeGradients}. */
  static String methodName(TrainingProgram program) {
    return program.layers().get(0).name() + "MseGradients";
  }

  /** {@code private double <layer>MseGradients(x, y, n)}: predictions, loss and gradients in one pass. */
  static MethodSpec method(EmitContext ctx) {
    TrainingProgram program = ctx.program();
    Layer.Dense d = (Layer.Dense) program.layers().get(0);
    Types types = ctx.types();
    TypeName elem = types.elem();
    String p = constName(d.name());
    String w = constName(d.name() + ".weight");
    String out = ctx.output(d);
    String grad = ctx.gradient(d);
    int in = d.inputSize();
    MethodSpec.Builder m = MethodSpec.methodBuilder(methodName(program)).addModifiers(Modifier.PRIVATE)
        .returns(TypeName.DOUBLE)
        .addParameter(types.array(), "x").addParameter(types.array(), "y").addParameter(TypeName.INT, "n")
        .addJavadoc("$L with $L\n", d.origin().describe(), program.loss().origin().describe())
        .addJavadoc("<p>One linear output trained on mean squared error, in a single pass over the rows: each\n")
        .addJavadoc("prediction {@code out = x · wᵀ + b}, dLoss/dout = 2 (out - y) / n, the mean loss, and the gradients\n")
        .addJavadoc("dW = Σ_rows dOut · x$L. The same products and sums in the same order as {@code forward},\n",
            d.hasBias() ? ", db = Σ_rows dOut" : "")
        .addJavadoc("{@code dataLoss} and {@code backward} would compute (rows ascending), but the $L + $L sums run\n",
            p + "_IN", d.hasBias() ? 2 : 1)
        .addJavadoc("side by side in registers and X is read once. The per-row values stay in registers:\n")
        .addJavadoc("{@code $L} and {@code $L} are not written (nothing reads them after a step).\n", out, grad)
        .addJavadoc("Returns the mean data loss.\n");
    m.addComment("the weights and the gradient sums of the $L inputs, unrolled into locals", in);
    for (int j = 0; j < in; j++) {
      m.addStatement("$T w$L = params[$L$L]", elem, j, w, j == 0 ? "" : " + " + j);
    }
    if (d.hasBias()) {
      m.addStatement("$T bias = params[$L]", elem, constName(d.name() + ".bias"));
    }
    for (int j = 0; j < in; j++) {
      m.addStatement("$T g$L = 0", elem, j);
    }
    if (d.hasBias()) {
      m.addStatement("double biasSum = 0");
    }
    m.addStatement("double total = 0")
        .addStatement("double gradScale = 2.0 / n")
        .beginControlFlow("for (int r = 0; r < n; r++)")
        .addStatement("int row = r * $L_IN", p);
    for (int j = 0; j < in; j++) {
      m.addStatement("$T x$L = x[row$L]", elem, j, j == 0 ? "" : " + " + j);
    }
    CodeBlock.Builder prediction = CodeBlock.builder();
    for (int j = 0; j < in; j++) {
      prediction.add(j == 0 ? "x$L * w$L" : " + x$L * w$L", j, j);
    }
    if (d.hasBias()) {
      prediction.add(" + bias");
    }
    m.addStatement("$T prediction = $L", elem, prediction.build())
        .addStatement("double diff = $Lprediction - y[r]", types.widen())
        .addStatement("total += diff * diff")
        .addStatement("$T g = $L", elem, types.castExpr("diff * gradScale"));
    for (int j = 0; j < in; j++) {
      m.addStatement("g$L += g * x$L", j, j);
    }
    if (d.hasBias()) {
      m.addStatement("biasSum += g");
    }
    m.endControlFlow();
    for (int j = 0; j < in; j++) {
      m.addStatement("grads[$L$L] = g$L", w, j == 0 ? "" : " + " + j, j);
    }
    if (d.hasBias()) {
      m.addStatement("grads[$L] = $LbiasSum", constName(d.name() + ".bias"), types.cast());
    }
    return m.addStatement("return total / n").build();
  }
}
