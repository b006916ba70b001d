package org.optspec.processor.emit;

import static org.optspec.processor.emit.EmitContext.constName;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
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
 *
 * <p>Large batches on both cores: when the batch holds at least {@link #PARALLEL_MIN_ROWS} rows, the pass
 * is a method over a row range, {@code <layer>MseRows}, and batches of that many rows are cut into
 * {@link #CHUNKS} fixed ranges run by {@code Parallel.run} (the GEMM pool's persistent threads) through a
 * small inner task class allocated once with the trainer. Each range writes its partial sums (the
 * gradient sums in the parameters' precision, the bias sum and the loss in double) to its own slot of a
 * preallocated array, and the caller adds the slots in chunk order, each sum in its own precision. The
 * chunk count and bounds depend on n only, never on the threads, so the result is the same to the bit with
 * one thread or two (one thread runs the same chunks in order); it differs from the single pass only by the
 * association of each sum (eight partial sums added at the end, each rounded to its precision).
 * Fewer rows run as one range on the caller, which is the single pass's own arithmetic to the bit.
 */
final class DenseMseEmitter {

  /** Most inputs unrolled into named locals: two per input (weight, gradient sum) must fit in registers. */
  static final int MAX_INPUTS = 16;

  /**
   * Rows from which the pass is split over threads. Measured on W1's trainer with {@code -p rows=...}
   * (bench/RESULTS.md, "W1 on both cores"): 2,048 rows of 5 inputs took 7.7 µs on one thread, 4.2–4.9 on
   * two; 1,024 rows (3.7 µs) were not tried split.
   */
  static final int PARALLEL_MIN_ROWS = 2048;

  /**
   * Row ranges of a split pass: fixed, so the sums are the same whatever the threads; a few per core so a
   * thread the scheduler delays leaves its remaining ranges to the other.
   */
  static final int CHUNKS = 8;

  static final ClassName PARALLEL = RuntimeTypes.PARALLEL;

  private DenseMseEmitter() {}

  /** Adds the fused pass to {@code type}: one method, or for large batches the chunked form with its fields and task. */
  static void addTo(TypeSpec.Builder type, EmitContext ctx) {
    if (ctx.program().batch() < PARALLEL_MIN_ROWS) {
      type.addMethod(method(ctx));
    } else {
      chunked(type, ctx);
    }
  }

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
    String p = constName(d.name());
    String out = ctx.output(d);
    String grad = ctx.gradient(d);
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
    rowLoop(m, ctx, "0", "n");
    return storeGradientsAndReturnLoss(m, d, types).build();
  }

  /** Writes the sums {@code g<j>} and {@code biasSum} to the layer's gradients and returns the mean loss. */
  private static MethodSpec.Builder storeGradientsAndReturnLoss(MethodSpec.Builder m, Layer.Dense d, Types types) {
    String w = constName(d.name() + ".weight");
    for (int j = 0; j < d.inputSize(); j++) {
      m.addStatement("grads[$L$L] = g$L", w, j == 0 ? "" : " + " + j, j);
    }
    if (d.hasBias()) {
      m.addStatement("grads[$L] = $LbiasSum", constName(d.name() + ".bias"), types.cast());
    }
    return m.addStatement("return total / n");
  }

  /**
   * The pass over rows [{@code from}, {@code to}): loads the weights into locals, sets the sums {@code g<j>},
   * {@code biasSum} and {@code total} to zero and adds each row's terms to them.
   */
  private static void rowLoop(MethodSpec.Builder m, EmitContext ctx, String from, String to) {
    TrainingProgram program = ctx.program();
    Layer.Dense d = (Layer.Dense) program.layers().get(0);
    Types types = ctx.types();
    TypeName elem = types.elem();
    String p = constName(d.name());
    String w = constName(d.name() + ".weight");
    int in = d.inputSize();
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
        .beginControlFlow("for (int r = $L; r < $L; r++)", from, to)
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
  }

  /**
   * The chunked form for batches of at least {@link #PARALLEL_MIN_ROWS} rows: the fused method (split or one
   * range, then the sums combined in chunk order), the range method, the partial-sum array and the task.
   */
  private static void chunked(TypeSpec.Builder type, EmitContext ctx) {
    TrainingProgram program = ctx.program();
    Layer.Dense d = (Layer.Dense) program.layers().get(0);
    Types types = ctx.types();
    TypeName elem = types.elem();
    String p = constName(d.name());
    String out = ctx.output(d);
    String grad = ctx.gradient(d);
    int in = d.inputSize();
    String name = methodName(program);
    String rows = d.name() + "MseRows";
    String partials = d.name() + "MsePartials";
    String chunksConst = p + "_MSE_CHUNKS";
    String minConst = p + "_MSE_MIN_ROWS";
    String stride = p + "_MSE_STRIDE";
    ClassName taskType = ClassName.get("", Character.toUpperCase(d.name().charAt(0)) + d.name().substring(1) + "MseChunks");
    String task = d.name() + "MseChunks";

    type.addField(FieldSpec.builder(TypeName.INT, minConst, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("Rows from which {@code $L} splits its pass over threads (below: one range on the caller).\n", name)
        .initializer("$L", PARALLEL_MIN_ROWS).build());
    type.addField(FieldSpec.builder(TypeName.INT, chunksConst, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("Row ranges of a split pass: fixed, so the sums are the same to the bit whatever the threads.\n")
        .initializer("$L", CHUNKS).build());
    type.addField(FieldSpec.builder(TypeName.INT, stride, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("Partial sums per range: the $L gradient sums, the bias sum, the loss total.\n", p + "_IN")
        .initializer("$L_IN + 2", p).build());
    type.addField(FieldSpec.builder(double[].class, partials, Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("Each range's partial sums, {@code $L} apart (gradient sums stored exactly, in double).\n", stride)
        .initializer("new double[$L * $L]", chunksConst, stride).build());
    type.addField(FieldSpec.builder(taskType, task, Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("The split pass's task, allocated once: a step allocates nothing.\n")
        .initializer("new $T()", taskType).build());

    MethodSpec.Builder m = MethodSpec.methodBuilder(name).addModifiers(Modifier.PRIVATE)
        .returns(TypeName.DOUBLE)
        .addParameter(types.array(), "x").addParameter(types.array(), "y").addParameter(TypeName.INT, "n")
        .addJavadoc("$L with $L\n", d.origin().describe(), program.loss().origin().describe())
        .addJavadoc("<p>One linear output trained on mean squared error, in a single pass over the rows ({@code $L}):\n", rows)
        .addJavadoc("each prediction {@code out = x · wᵀ + b}, dLoss/dout = 2 (out - y) / n, the mean loss, and the gradients\n")
        .addJavadoc("dW = Σ_rows dOut · x$L. From {@code $L} rows on, the rows are cut into {@code $L}\n",
            d.hasBias() ? ", db = Σ_rows dOut" : "", minConst, chunksConst)
        .addJavadoc("fixed ranges that both cores share ({@code Parallel.run}); each range's sums go to its own slot of\n")
        .addJavadoc("{@code $L} and are added here in range order, so the result does not depend on the threads.\n", partials)
        .addJavadoc("Fewer rows run as one range on this thread: the same products and sums in the same order as\n")
        .addJavadoc("{@code forward}, {@code dataLoss} and {@code backward} would compute (rows ascending).\n")
        .addJavadoc("{@code $L} and {@code $L} are not written (nothing reads them after a step).\n", out, grad)
        .addJavadoc("Returns the mean data loss.\n");
    m.addStatement("int chunks = n < $L ? 1 : $L", minConst, chunksConst)
        .beginControlFlow("if (chunks == 1)")
        .addStatement("$L(x, y, n, 0, n, 0)", rows)
        .nextControlFlow("else")
        .addStatement("$L.x = x", task)
        .addStatement("$L.y = y", task)
        .addStatement("$L.n = n", task)
        .addStatement("$T.run($L, chunks)", PARALLEL, task)
        .addStatement("$L.x = null", task)
        .addStatement("$L.y = null", task)
        .endControlFlow()
        .addComment("the ranges' sums added in range order, each in its own precision (one range: the sums themselves)");
    for (int j = 0; j < in; j++) {
      m.addStatement("$T g$L = 0", elem, j);
    }
    if (d.hasBias()) {
      m.addStatement("double biasSum = 0");
    }
    m.addStatement("double total = 0")
        .beginControlFlow("for (int c = 0; c < chunks; c++)")
        .addStatement("int at = c * $L", stride);
    for (int j = 0; j < in; j++) {
      m.addStatement("g$L += $L$L[at$L]", j, types.cast(), partials, j == 0 ? "" : " + " + j);
    }
    if (d.hasBias()) {
      m.addStatement("biasSum += $L[at + $L_IN]", partials, p);
    }
    m.addStatement("total += $L[at + $L_IN + 1]", partials, p).endControlFlow();
    type.addMethod(storeGradientsAndReturnLoss(m, d, types).build());

    MethodSpec.Builder r = MethodSpec.methodBuilder(rows).addModifiers(Modifier.PRIVATE)
        .addParameter(types.array(), "x").addParameter(types.array(), "y").addParameter(TypeName.INT, "n")
        .addParameter(TypeName.INT, "from").addParameter(TypeName.INT, "to").addParameter(TypeName.INT, "chunk")
        .addJavadoc("Rows [{@code from}, {@code to}) of {@code $L}'s pass, of a batch of {@code n} rows: the $L + $L sums\n",
            name, p + "_IN", d.hasBias() ? 2 : 1)
        .addJavadoc("run side by side in registers, rows ascending, and are stored in range {@code chunk}'s slot of\n")
        .addJavadoc("{@code $L}. Runs on any of the pool's threads; reads only the parameters and its rows.\n", partials);
    rowLoop(r, ctx, "from", "to");
    r.addStatement("int at = chunk * $L", stride);
    for (int j = 0; j < in; j++) {
      r.addStatement("$L[at$L] = g$L", partials, j == 0 ? "" : " + " + j, j);
    }
    r.addStatement("$L[at + $L_IN] = $L", partials, p, d.hasBias() ? "biasSum" : "0")
        .addStatement("$L[at + $L_IN + 1] = total", partials, p);
    type.addMethod(r.build());

    type.addType(TypeSpec.classBuilder(taskType).addModifiers(Modifier.PRIVATE, Modifier.FINAL)
        .addSuperinterface(PARALLEL.nestedClass("RangeTask"))
        .addJavadoc("Range {@code chunk} of {@code $L}'s split pass: rows n·chunk/$L up to n·(chunk+1)/$L.\n",
            name, chunksConst, chunksConst)
        .addField(types.array(), "x", Modifier.PRIVATE)
        .addField(types.array(), "y", Modifier.PRIVATE)
        .addField(TypeName.INT, "n", Modifier.PRIVATE)
        .addMethod(MethodSpec.methodBuilder("run").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
            .addParameter(TypeName.INT, "chunk")
            .addStatement("int from = (int) ((long) n * chunk / $L)", chunksConst)
            .addStatement("int to = (int) ((long) n * (chunk + 1) / $L)", chunksConst)
            .addStatement("$L(x, y, n, from, to, chunk)", rows)
            .build())
        .build());
  }
}
