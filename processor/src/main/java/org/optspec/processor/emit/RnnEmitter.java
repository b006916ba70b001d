package org.optspec.processor.emit;

import static org.optspec.processor.emit.EmitContext.constName;
import static org.optspec.processor.emit.EmitContext.constant;
import static org.optspec.processor.emit.RuntimeTypes.GEMM;
import static org.optspec.processor.emit.RuntimeTypes.PARALLEL;
import static org.optspec.processor.emit.RuntimeTypes.TANH;
import static org.optspec.processor.emit.RuntimeTypes.VECTORS;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import javax.lang.model.element.Modifier;
import org.optspec.processor.ir.Layer;

/**
 * {@code rnn}: torch nn.RNN (one layer, batch_first), {@code h_t = act(x_t·W_ihᵀ + b_ih + h_{t−1}·W_hhᵀ + b_hh)} from
 * {@code h_0 = 0}, the last hidden state out; backward is backpropagation through the whole sequence.
 *
 * <p>Laid out as cuDNN lays out a recurrent layer: the inputs and every hidden state are stored time-major, so
 * the states of one time step are one contiguous {@code n × OUT} block and all of them one {@code (LENGTH·n) × OUT}
 * matrix. Only the products with W_hh run per time step: the input projection of every step is one product
 * before the recurrence, the biases riding along as a column of ones, and in backward dW_ih with the bias
 * gradients, and dW_hh, are one product each over all steps after the walk back (bench/RESULTS.md, W5). float32 trainers use the
 * vectorized {@code Tanh} kernel (within 1 ulp of {@code Math.tanh}); float64 trainers call {@code Math.tanh}.
 *
 * <p>The rows of a batch are independent through the whole recurrence (row r of h_t depends on row r of h_(t-1)
 * only, and row r of delta_(t-1) on row r of delta_t), so the walk forward and the walk back run on rows
 * [{@code from}, {@code to}) ({@code <name>ForwardRows}, {@code <name>BackwardRows}): a batch of at least
 * {@code <NAME>_SPLIT_MIN_ROWS} rows is cut into {@code <NAME>_CHUNKS} fixed row ranges that both cores walk side by
 * side ({@code Parallel.run}, the GEMM pool's persistent threads), each with its own tanh scratch, with no barrier
 * per time step. Every element is computed by the same operations as in one range (the per-step products are
 * row blocks of the same product, each element's sum over k in the same order), so the result does not depend
 * on the split or the threads; the projection and the products over all steps stay on the calling thread.
 * Layers whose whole recurrence is smaller than {@link #SPLIT_MIN_WORK} multiply-adds are not split.
 */
final class RnnEmitter implements LayerEmitter {

  /**
   * Multiply-adds of the recurrence's per-step products (BATCH · (LENGTH − 1) · OUT²) from which a layer splits its
   * rows over threads: the pool's own threshold for a product ({@code GemmPool.MIN_WORK}, 2²¹), below which handing
   * over costs about what the second core saves. W5 (32 × 49 × 64²) has 6.4M.
   */
  static final long SPLIT_MIN_WORK = 1L << 21;

  /** Row ranges of a split walk; fixed, so the ranges do not depend on the threads. */
  static final int CHUNKS = 2;

  /** Fewest rows per range (GemmPool's own fewest rows per chunk). */
  static final int MIN_CHUNK_ROWS = 8;

  /** Whether the layer's walks are split over row ranges (its per-step products reach {@link #SPLIT_MIN_WORK}). */
  static boolean split(EmitContext ctx, Layer.Rnn r) {
    return r.length() > 1 && ctx.program().batch() >= splitMinRows(r);
  }

  /** Batch rows from which a split layer's step uses its ranges (fewer run as one range on the caller). */
  static int splitMinRows(Layer.Rnn r) {
    long perRow = (long) (r.length() - 1) * r.hidden() * r.hidden();
    return (int) Math.max(CHUNKS * MIN_CHUNK_ROWS, (SPLIT_MIN_WORK + perRow - 1) / perRow);
  }

  @Override
  public void constants(EmitContext ctx, Layer layer, TypeSpec.Builder type) {
    Layer.Rnn r = (Layer.Rnn) layer;
    String p = constName(layer.name());
    type.addField(constant(TypeName.INT, p + "_LENGTH", CodeBlock.of("$L", r.length()), layer.origin().describe()
        + "\n<p>Time steps per row; a row holds LENGTH × FEATURES values, time-major."));
    type.addField(constant(TypeName.INT, p + "_FEATURES", CodeBlock.of("$L", r.features()), "Inputs per time step."));
    type.addField(constant(TypeName.INT, p + "_OUT", CodeBlock.of("$L", r.hidden()), "Hidden units."));
    if (split(ctx, r)) {
      type.addField(constant(TypeName.INT, p + "_CHUNKS", CodeBlock.of("$L", CHUNKS),
          "Row ranges the walks forward and back are cut into (fixed: the result does not depend on the threads)."));
      type.addField(constant(TypeName.INT, p + "_SPLIT_MIN_ROWS", CodeBlock.of("$L", splitMinRows(r)),
          "Batch rows from which the walks use their ranges on both cores (fewer: one range on this thread)."));
    }
  }

  @Override
  public void state(EmitContext ctx, Layer layer, TypeSpec.Builder type) {
    String f = layer.name();
    String p = constName(f);
    type.addField(FieldSpec.builder(ctx.types().array(), f + "Inputs", Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("The batch's inputs time-major, (LENGTH·n) × ($L_FEATURES + 1): row t·n + r holds x_(t+1) of batch row r,\n"
            + "then a 1 that multiplies the bias column of {@code $LInputWeights}.\n", p, f)
        .build());
    type.addField(FieldSpec.builder(ctx.types().array(), f + "InputWeights", Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("[W_ih | b_ih + b_hh], $L_OUT × ($L_FEATURES + 1): the input projection with both biases, one product.\n", p, p)
        .build());
    if (!ctx.inference()) {
      type.addField(FieldSpec.builder(ctx.types().array(), f + "InputGradient", Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("[dW_ih | db], $L_OUT × ($L_FEATURES + 1), the gradient of {@code $LInputWeights}.\n", p, p, f)
        .build());
    }
    type.addField(FieldSpec.builder(ctx.types().array(), f + "RecurrentT", Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("W_hhᵀ, $L_OUT × $L_OUT, transposed once per forward: each step's h_(t-1) · W_hhᵀ is then a plain\n"
            + "product ({@code Gemm.nn}), which the native BLAS runs in 2/3 of the time of the transposed form ({@code nt}).\n", p, p)
        .build());
    type.addField(FieldSpec.builder(ctx.types().array(), f + "States", Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("Hidden states h_1..h_LENGTH time-major, (LENGTH·n) × $L_OUT: rows t·n .. t·n + n − 1 are h_(t+1)\n"
            + "of the batch (pre-activations until step t runs), kept for backward.\n", p).build());
    if (!ctx.inference()) {
      type.addField(FieldSpec.builder(ctx.types().array(), f + "Deltas", Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("Laid out as {@code $LStates}: dLoss/dh_t, then in place dLoss/d(pre-activation) of every step,\n"
            + "for the weight gradients.\n", f)
        .build());
    }
    if (tanhKernel(ctx, layer)) {
      type.addField(FieldSpec.builder(double[][].class, f + "Scratch", Modifier.PRIVATE, Modifier.FINAL)
          .addJavadoc("The double staging areas of {@code Tanh.inPlace}, one per row range, each one time step of the batch.\n")
          .build());
    }
    Layer.Rnn r = (Layer.Rnn) layer;
    if (split(ctx, r)) {
      ClassName task = taskType(f);
      type.addField(FieldSpec.builder(task, f + "Rows", Modifier.PRIVATE, Modifier.FINAL)
          .addJavadoc("The split walks' task, allocated once: a step allocates nothing.\n")
          .initializer("new $T()", task).build());
      TypeSpec.Builder t = TypeSpec.classBuilder(task).addModifiers(Modifier.PRIVATE, Modifier.FINAL)
          .addSuperinterface(PARALLEL.nestedClass("RangeTask"))
          .addJavadoc("Range {@code chunk} of $L's walk$L: batch rows n·chunk/$L_CHUNKS up to n·(chunk+1)/$L_CHUNKS.\n",
              f, ctx.inference() ? " forward" : "s forward and back", p, p)
          .addField(TypeName.INT, "n", Modifier.PRIVATE);
      MethodSpec.Builder run = MethodSpec.methodBuilder("run").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
          .addParameter(TypeName.INT, "chunk")
          .addStatement("int from = (int) ((long) n * chunk / $L_CHUNKS)", p)
          .addStatement("int to = (int) ((long) n * (chunk + 1) / $L_CHUNKS)", p);
      if (ctx.inference()) {
        run.addStatement("$LForwardRows(n, from, to, chunk)", f);
      } else {
        t.addField(TypeName.BOOLEAN, "backward", Modifier.PRIVATE);
        run.beginControlFlow("if (backward)")
            .addStatement("$LBackwardRows(n, from, to)", f)
            .nextControlFlow("else")
            .addStatement("$LForwardRows(n, from, to, chunk)", f)
            .endControlFlow();
      }
      type.addType(t.addMethod(run.build()).build());
    }
    type.addMethod(forwardRows(ctx, r));
    if (!ctx.inference()) {
      type.addMethod(backwardRows(ctx, r));
    }
  }

  private static ClassName taskType(String f) {
    return ClassName.get("", Character.toUpperCase(f.charAt(0)) + f.substring(1) + "Rows");
  }

  /** Runs the walk over rows [from, to) of the batch: split into ranges when there are enough rows, else on this thread. */
  private static void walk(MethodSpec.Builder m, EmitContext ctx, Layer.Rnn r, boolean backward) {
    String f = r.name();
    String p = constName(f);
    String call = backward ? f + "BackwardRows(n, 0, n)" : f + "ForwardRows(n, 0, n, 0)";
    if (!split(ctx, r)) {
      m.addStatement(call);
      return;
    }
    m.beginControlFlow("if (n < $L_SPLIT_MIN_ROWS)", p)
        .addStatement(call)
        .nextControlFlow("else")
        .addStatement("$LRows.n = n", f);
    if (!ctx.inference()) {
      m.addStatement("$LRows.backward = $L", f, backward);
    }
    m.addStatement("$T.run($LRows, $L_CHUNKS)", PARALLEL, f, p).endControlFlow();
  }

  private static MethodSpec forwardRows(EmitContext ctx, Layer.Rnn layer) {
    String f = layer.name();
    String p = constName(f);
    TypeName elem = ctx.types().elem();
    MethodSpec.Builder m = MethodSpec.methodBuilder(f + "ForwardRows").addModifiers(Modifier.PRIVATE)
        .addParameter(TypeName.INT, "n").addParameter(TypeName.INT, "from").addParameter(TypeName.INT, "to")
        .addParameter(TypeName.INT, "chunk")
        .addJavadoc("The walk forward on batch rows [{@code from}, {@code to}) of {@code n}: per step their rows of\n"
            + "h_(t-1) · W_hhᵀ added to the projection, then the activation; range {@code chunk}'s scratch. Runs on any of\n"
            + "the pool's threads; writes only these rows of {@code $LStates}.\n", f)
        .addStatement("int block = n * $L_OUT", p)
        .addStatement("int rows = to - from")
        .beginControlFlow("for (int t = 0; t < $L_LENGTH; t++)", p)
        .addStatement("int step = t * block + from * $L_OUT", p)
        .beginControlFlow("if (t > 0)")
        .addStatement("$T.nn(rows, $L_OUT, $L_OUT, $LStates, step - block, $L_OUT, $LRecurrentT, 0, $L_OUT, $LStates, step, $L_OUT, true)",
            GEMM, p, p, f, p, f, p, f, p)
        .endControlFlow();
    if (tanhKernel(ctx, layer)) {
      m.addStatement("$T.inPlace($LStates, step, rows * $L_OUT, $LScratch[chunk])", TANH, f, p, f);
    } else {
      m.beginControlFlow("for (int e = step; e < step + rows * $L_OUT; e++)", p)
          .addStatement("$T v = $LStates[e]", elem, f)
          .addStatement("$LStates[e] = $L", f, layer.relu() ? "v > 0 ? v : 0" : ctx.types().castExpr("Math.tanh(v)"))
          .endControlFlow();
    }
    return m.endControlFlow().build();
  }

  private static MethodSpec backwardRows(EmitContext ctx, Layer.Rnn layer) {
    String f = layer.name();
    String p = constName(f);
    String whh = constName(f + ".weight_hh");
    String derivative = layer.relu() ? "(h > 0 ? 1 : 0)" : "(1 - h * h)";
    return MethodSpec.methodBuilder(f + "BackwardRows").addModifiers(Modifier.PRIVATE)
        .addParameter(TypeName.INT, "n").addParameter(TypeName.INT, "from").addParameter(TypeName.INT, "to")
        .addJavadoc("The walk back on batch rows [{@code from}, {@code to}) of {@code n}: per step, from the last, their\n"
            + "rows of delta_t = dh_t ⊙ act'(h_t), then of dh_(t-1) = delta_t · W_hh into the block below. Runs on any of\n"
            + "the pool's threads; writes only these rows of {@code $LDeltas}.\n", f)
        .addStatement("int block = n * $L_OUT", p)
        .addStatement("int rows = to - from")
        .beginControlFlow("for (int t = $L_LENGTH - 1; t >= 0; t--)", p)
        .addStatement("int step = t * block + from * $L_OUT", p)
        .beginControlFlow("for (int e = step; e < step + rows * $L_OUT; e++)", p)
        .addStatement("$T h = $LStates[e]", ctx.types().elem(), f)
        .addStatement("$LDeltas[e] = $LDeltas[e] * $L", f, f, derivative)
        .endControlFlow()
        .beginControlFlow("if (t > 0)")
        .addStatement("$T.nn(rows, $L_OUT, $L_OUT, $LDeltas, step, $L_OUT, params, $L, $L_OUT, $LDeltas, step - block, $L_OUT, false)",
            GEMM, p, p, f, p, whh, p, f, p)
        .endControlFlow()
        .endControlFlow()
        .build();
  }

  @Override
  public void initState(EmitContext ctx, Layer layer, MethodSpec.Builder constructor) {
    String f = layer.name();
    String p = constName(f);
    TypeName elem = ctx.types().elem();
    constructor.addStatement("$LInputs = new $T[BATCH * $L_LENGTH * ($L_FEATURES + 1)]", f, elem, p, p)
        .addStatement("$LInputWeights = new $T[$L_OUT * ($L_FEATURES + 1)]", f, elem, p, p);
    // backward's buffers (InputGradient, Deltas): the inference model has none
    if (!ctx.inference()) {
      constructor.addStatement("$LInputGradient = new $T[$L_OUT * ($L_FEATURES + 1)]", f, elem, p, p);
    }
    constructor.addStatement("$LRecurrentT = new $T[$L_OUT * $L_OUT]", f, elem, p, p)
        .addStatement("$LStates = new $T[BATCH * $L_LENGTH * $L_OUT]", f, elem, p, p);
    if (!ctx.inference()) {
      constructor.addStatement("$LDeltas = new $T[BATCH * $L_LENGTH * $L_OUT]", f, elem, p, p);
    }
    if (tanhKernel(ctx, layer)) {
      constructor.addStatement("$LScratch = new double[$L][BATCH * $L_OUT]", f,
          split(ctx, (Layer.Rnn) layer) ? p + "_CHUNKS" : "1", p);
    }
  }

  /** float32 tanh layers run the vectorized {@code Tanh} kernel; float64 ones keep {@code Math.tanh}'s accuracy. */
  private static boolean tanhKernel(EmitContext ctx, Layer layer) {
    return ctx.types().f32() && !((Layer.Rnn) layer).relu();
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
    MethodSpec.Builder m = LayerEmitter.forwardMethod(ctx, layer)
        .addJavadoc("$L\n<p>h_t = $L(x_t · W_ihᵀ + b_ih + h_(t-1) · W_hhᵀ + b_hh), h_0 = 0; out = h_LENGTH.\n"
            + "[x_t | 1] · [W_ih | b_ih + b_hh]ᵀ of all steps is one product; per step only h_(t-1) · W_hhᵀ remains.\n",
            layer.origin().describe(), layer.relu() ? "relu" : "tanh")
        .addStatement("int block = n * $L_OUT", p)
        .addComment("[W_ih | b_ih + b_hh] and W_hhᵀ from the parameters.")
        .beginControlFlow("for (int j = 0; j < $L_OUT; j++)", p)
        .addStatement("$T.arraycopy(params, $L + j * $L_FEATURES, $LInputWeights, j * ($L_FEATURES + 1), $L_FEATURES)",
            System.class, wih, p, f, p, p)
        .addStatement("$LInputWeights[j * ($L_FEATURES + 1) + $L_FEATURES] = params[$L + j] + params[$L + j]", f, p, p, bih, bhh)
        .beginControlFlow("for (int k = 0; k < $L_OUT; k++)", p)
        .addStatement("$LRecurrentT[k * $L_OUT + j] = params[$L + j * $L_OUT + k]", f, p, whh, p)
        .endControlFlow()
        .endControlFlow()
        .addComment("The inputs time-major, each x_t followed by a 1.")
        .beginControlFlow("for (int r = 0; r < n; r++)")
        .beginControlFlow("for (int t = 0; t < $L_LENGTH; t++)", p)
        .addStatement("int row = (t * n + r) * ($L_FEATURES + 1)", p)
        .addStatement("$T.arraycopy(in, (r * $L_LENGTH + t) * $L_FEATURES, $LInputs, row, $L_FEATURES)", System.class, p, p, f, p)
        .addStatement("$LInputs[row + $L_FEATURES] = 1", f, p)
        .endControlFlow()
        .endControlFlow()
        .addComment("x_t · W_ihᵀ + b_ih + b_hh of every step at once (in runs of steps the BLAS keeps on one thread),")
        .addComment("then the recurrence step by step, the batch's rows independent (in ranges on both cores when large).");
    beginRunsOfSteps(m, p, "projectionSteps", 0, p + "_OUT * (" + p + "_FEATURES + 1)");
    m.addStatement("$T.nt(rows, $L_OUT, $L_FEATURES + 1, $LInputs, t0 * n * ($L_FEATURES + 1), $L_FEATURES + 1, $LInputWeights, 0,\n"
            + "$L_FEATURES + 1, $LStates, t0 * block, $L_OUT, false)", GEMM, p, p, f, p, p, f, p, f, p)
        .endControlFlow();
    walk(m, ctx, layer, false);
    return m
        .addStatement("$T.arraycopy($LStates, ($L_LENGTH - 1) * block, $L, 0, block)", System.class, f, p, ctx.output(layer))
        .build();
  }

  @Override
  public CodeBlock backwardCall(EmitContext ctx, int i) {
    return CodeBlock.of("$LBackward(n)", ctx.layer(i).name());
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
    MethodSpec.Builder m = LayerEmitter.backwardMethod(layer)
        .addJavadoc("$L\n<p>Backpropagation through time: from dh_LENGTH = dOut, at each step back\n"
            + "delta_t = dh_t ⊙ act'(h_t) and dh_(t-1) = delta_t · W_hh; then, over all steps at once,\n"
            + "[dW_ih | db] = Σ delta_tᵀ [x_t | 1] (db_ih = db_hh = db) and dW_hh = Σ delta_tᵀ h_(t-1).\n",
            layer.origin().describe())
        .addParameter(TypeName.INT, "n")
        .addStatement("int block = n * $L_OUT", p)
        .addComment("dLoss/dh_LENGTH = dOut; each step back turns its block into delta_t and writes dh_(t-1) below it,")
        .addComment("the batch's rows independent (in ranges on both cores when large).")
        .addStatement("$T.arraycopy($L, 0, $LDeltas, ($L_LENGTH - 1) * block, block)", System.class, ctx.gradient(layer), f, p);
    walk(m, ctx, layer, true);
    m.addComment("[dW_ih | db] = Σ_t delta_tᵀ [x_t | 1] over all steps, accumulated over runs of steps the BLAS keeps on")
        .addComment("one thread; db is both bias gradients.");
    beginRunsOfSteps(m, p, "inputSteps", 0, p + "_OUT * (" + p + "_FEATURES + 1)");
    m.addStatement("$T.tn($L_OUT, $L_FEATURES + 1, rows, $LDeltas, t0 * block, $L_OUT, $LInputs, t0 * n * ($L_FEATURES + 1),\n"
            + "$L_FEATURES + 1, $LInputGradient, 0, $L_FEATURES + 1, t0 > 0)", GEMM, p, p, f, p, f, p, p, f, p)
        .endControlFlow()
        .beginControlFlow("for (int j = 0; j < $L_OUT; j++)", p)
        .addStatement("$T.arraycopy($LInputGradient, j * ($L_FEATURES + 1), grads, $L + j * $L_FEATURES, $L_FEATURES)",
            System.class, f, p, wih, p, p)
        .addStatement("grads[$L + j] = $LInputGradient[j * ($L_FEATURES + 1) + $L_FEATURES]", bih, f, p, p)
        .addStatement("grads[$L + j] = grads[$L + j]", bhh, bih)
        .endControlFlow();
    if (layer.length() > 1) {
      m.addComment("dW_hh = Σ_(t≥2) delta_tᵀ h_(t-1) (h_0 = 0: step 1 adds nothing), accumulated over runs of steps the")
          .addComment("BLAS keeps on one thread.");
      beginRunsOfSteps(m, p, "recurrentSteps", 1, p + "_OUT * " + p + "_OUT");
      m.addStatement("$T.tn($L_OUT, $L_OUT, rows, $LDeltas, t0 * block, $L_OUT, $LStates, (t0 - 1) * block, $L_OUT,\n"
              + "grads, $L, $L_OUT, t0 > 1)", GEMM, p, p, f, p, f, p, whh, p)
          .endControlFlow();
    } else {
      m.addStatement("$T.fill(grads, $L, $L_SIZE, 0)", VECTORS, whh, whh);
    }
    return m.build();
  }

  /**
   * Opens {@code for (int t0 = first; t0 < LENGTH; t0 += name)} over runs of time steps of at most
   * {@code Gemm.ONE_THREAD_NATIVE_WORK} multiply-adds each ({@code perStepWork} · n per step), the products
   * OpenBLAS keeps on the calling thread; {@code rows} is the run's number of batch rows. The caller adds the
   * product and closes the loop.
   */
  private static void beginRunsOfSteps(MethodSpec.Builder m, String p, String name, int first, String perStepWork) {
    m.addStatement("int $L = $T.max(1, $T.ONE_THREAD_NATIVE_WORK / (n * $L))", name, Math.class, GEMM, perStepWork)
        .beginControlFlow("for (int t0 = $L; t0 < $L_LENGTH; t0 += $L)", first, p, name)
        .addStatement("int rows = $T.min($L, $L_LENGTH - t0) * n", Math.class, name, p);
  }
}
