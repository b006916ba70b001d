package org.optspec.generated;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.Generated;
import org.optspec.runtime.Dataset;
import org.optspec.runtime.Init;
import org.optspec.runtime.Metrics;
import org.optspec.runtime.Preprocessing;
import org.optspec.runtime.Rng;
import org.optspec.runtime.StopReason;
import org.optspec.runtime.Trainer;
import org.optspec.runtime.TrainingListener;
import org.optspec.runtime.TrainingReport;
import org.optspec.runtime.checkpoint.DType;
import org.optspec.runtime.checkpoint.InitialWeights;
import org.optspec.runtime.checkpoint.SafeTensors;
import org.optspec.runtime.checkpoint.SafeTensorsWriter;
import org.optspec.runtime.data.DataPipeline;
import org.optspec.runtime.kernels.Gemm;
import org.optspec.runtime.kernels.Vectors;
import org.optspec.runtime.progress.DivergenceException;
import org.optspec.runtime.settings.RecordedSettings;
import org.optspec.runtime.settings.SettingKey;
import org.optspec.runtime.settings.SettingRange;

/**
 * Trains {@code WideChain} as wide_chain.optspec says: generated, do not edit.
 *
 * <p>Parameters live in one flat {@code float[]} array laid out group by group (dense0.weight, dense0.bias, dense1.weight, dense1.bias);
 * gradients and optimizer state use the same layout.
 */
@Generated(
    value = "org.optspec.processor.TrainerGenerator",
    comments = "from wide_chain.optspec"
)
public final class WideChainTrainer implements Trainer {
  /**
   * The spec's name.
   */
  static final String NAME = "WideChain";

  /**
   * The most rows a step takes (the spec's batch); every buffer is sized for it.
   */
  static final int BATCH = 32;

  /**
   * Inputs per sample.
   */
  static final int IN = 64;

  /**
   * Classes.
   */
  static final int OUT = 10;

  /**
   * Target columns per row: the class label.
   */
  static final int TARGET_COLUMNS = 1;

  /**
   * The spec's preprocessing (wide_chain.optspec:6  data {), unfitted: the trainer fits it on its training rows.
   */
  static final Preprocessing PREPROCESSING = Preprocessing.recipe(IN, 0)
      .standardizeFeatures()
      .build();

  /**
   * wide_chain.optspec:15  dense(256, init: kaiming_uniform)
   */
  static final int DENSE0_IN = 64;

  static final int DENSE0_OUT = 256;

  /**
   * wide_chain.optspec:16  relu
   */
  static final int RELU0_OUT = 256;

  /**
   * wide_chain.optspec:17  dense(10)
   */
  static final int DENSE1_IN = 256;

  static final int DENSE1_OUT = 10;

  /**
   * Offset of {@code dense0.weight} in the flat arrays.
   */
  static final int DENSE0_WEIGHT = 0;

  static final int DENSE0_WEIGHT_SIZE = 16384;

  /**
   * Offset of {@code dense0.bias} in the flat arrays.
   */
  static final int DENSE0_BIAS = 16384;

  static final int DENSE0_BIAS_SIZE = 256;

  /**
   * Offset of {@code dense1.weight} in the flat arrays.
   */
  static final int DENSE1_WEIGHT = 16640;

  static final int DENSE1_WEIGHT_SIZE = 2560;

  /**
   * Offset of {@code dense1.bias} in the flat arrays.
   */
  static final int DENSE1_BIAS = 19200;

  static final int DENSE1_BIAS_SIZE = 10;

  static final int PARAMETER_COUNT = 19210;

  /**
   * Initializes {@code dense0.weight}: kaiming_uniform: bound = gain · sqrt(3 / fan), gain sqrt(2), fan_in = 64
   */
  static final double DENSE0_WEIGHT_BOUND = 0.3061862178478973;

  /**
   * Initializes {@code dense0.bias}: torch nn.Linear default bias: U(±1/sqrt(fan_in = 64))
   */
  static final double DENSE0_BIAS_BOUND = 0.125;

  /**
   * Initializes {@code dense1.weight}: torch nn.Linear default: U(±1/sqrt(fan_in = 256))
   */
  static final double DENSE1_WEIGHT_BOUND = 0.0625;

  /**
   * Initializes {@code dense1.bias}: torch nn.Linear default bias: U(±1/sqrt(fan_in = 256))
   */
  static final double DENSE1_BIAS_BOUND = 0.0625;

  /**
   * Optimizer group {@code default}: parameters [DEFAULT_START, DEFAULT_END).
   */
  static final int DEFAULT_START = 0;

  static final int DEFAULT_END = 19210;

  /**
   * wide_chain.optspec:23  optimizer chain(
   */
  static final double LR = 1.0;

  /**
   * wide_chain.optspec:30  schedule one_cycle(max_lr: 0.01, over: 30 epochs)
   */
  static final double ONE_CYCLE_LENGTH_EPOCHS = 30.0;

  /**
   * Micro-batches whose gradients are averaged into one update.
   */
  static final int ACCUMULATE = 4;

  /**
   * SHA-256 of the spec's canonical text (tokens without comments or spacing); checkpoints carry it.
   */
  static final String SPEC_SHA256 = "03802159b27f5fcb3b1339ea933b6f53526b2a410e693c8e041eee91551b7a66";

  /**
   * Seeds initialization ({@code new Rng(SEED)}); shuffling and dropout draw from a second stream.
   *
   * <p>The setting {@code seed}; the spec says 3.
   */
  private final long SEED;

  /**
   * Seeds the stream that shuffles the training rows and draws dropout masks.
   */
  private final long TRAINING_STREAM_SEED;

  /**
   * Rows per step of fit and predict: the epoch is cut into batches of this many rows (the last may have fewer).
   *
   * <p>The setting {@code batch}; the spec says 32.
   */
  private final int ROWS_PER_STEP;

  /**
   * The setting {@code epochs}; the spec says 30.
   */
  private final int EPOCHS;

  /**
   * The setting {@code schedule.one_cycle.max_lr}; the spec says 0.01.
   */
  private final double ONE_CYCLE_MAX_LR;

  /**
   * The setting {@code schedule.one_cycle.pct_start}; the spec says 0.3.
   */
  private final double ONE_CYCLE_PCT_START;

  /**
   * The setting {@code schedule.one_cycle.div_factor}; the spec says 25.0.
   */
  private final double ONE_CYCLE_DIV_FACTOR;

  /**
   * The setting {@code schedule.one_cycle.final_div_factor}; the spec says 10000.0.
   */
  private final double ONE_CYCLE_FINAL_DIV_FACTOR;

  /**
   * wide_chain.optspec:21  regularize l1(1e-5, on: weights)
   *
   * <p>The setting {@code regularizer.l1}; the spec says 1.0E-5.
   */
  private final double L1;

  /**
   * exp(logit - max) of the row {@code dataLoss} is on: computed once for the sum, reused for the
   * gradient's softmax (half the {@code Math.exp} calls of computing it again).
   */
  private final double[] rowExps = new double[OUT];

  /**
   * The settings this trainer was built with; checkpoints record them.
   */
  private final Settings settings;

  /**
   * All parameters, flat; see the offsets above.
   */
  private final float[] params;

  /**
   * Gradients, in the layout of {@link #params}.
   */
  private final float[] grads;

  /**
   * Optimizer state (scale_by_adam's first moment), in the layout of {@link #params}.
   */
  private final float[] expAvg;

  /**
   * Optimizer state (scale_by_adam's second moment), in the layout of {@link #params}.
   */
  private final float[] expAvgSq;

  /**
   * Inputs gathered from a Dataset, BATCH × IN.
   */
  private final float[] xBatch;

  /**
   * Targets gathered from a Dataset, BATCH × TARGET_COLUMNS.
   */
  private final float[] yBatch;

  /**
   * Output of dense0, BATCH × DENSE0_OUT.
   */
  private final float[] dense0Out;

  /**
   * dLoss/d(output of dense0), BATCH × DENSE0_OUT.
   */
  private final float[] dense0Grad;

  /**
   * Output of relu0, BATCH × RELU0_OUT.
   */
  private final float[] relu0Out;

  /**
   * dLoss/d(output of relu0), BATCH × RELU0_OUT.
   */
  private final float[] relu0Grad;

  /**
   * Output of dense1, BATCH × DENSE1_OUT.
   */
  private final float[] dense1Out;

  /**
   * dLoss/d(output of dense1), BATCH × DENSE1_OUT.
   */
  private final float[] dense1Grad;

  /**
   * The preprocessing this model applies to raw rows: PREPROCESSING until fit fits it on the training
   * rows (or load reads the checkpoint's statistics); then kept, and saved with the parameters.
   */
  private Preprocessing preprocessing;

  /**
   * Shuffles the training rows and draws dropout masks.
   */
  private final Rng rng;

  /**
   * Optimizer steps taken; the schedule's clock.
   */
  private long step;

  /**
   * ceil(training rows / ROWS_PER_STEP), set by fit, step(Dataset, ...) and setStepsPerEpoch; read by the
   * schedule. Until one of them runs it is unknown and phases measured in epochs never end.
   */
  private long stepsPerEpoch = Long.MAX_VALUE;

  /**
   * Epochs fit has completed; fit continues after them (a loaded checkpoint sets it).
   */
  private int epochsDone;

  /**
   * The training rows' order, shuffled again at the start of every epoch; null until fit first runs.
   */
  private int[] order;

  /**
   * The learning rate of the last update (of the first group).
   */
  private double lastLr;

  /**
   * The sum of the micro-batch gradients since the last update, in the layout of {@link #params}.
   */
  private final float[] gradientSum = new float[PARAMETER_COUNT];

  /**
   * Micro-batches in {@link #gradientSum}.
   */
  private int microBatches;

  /**
   * The first group's learning rate instead of the schedule's when not NaN ({@code overrideLearningRate}).
   */
  private double lrOverride = Double.NaN;

  /**
   * A trainer with the spec's settings ({@link Settings#defaults()}).
   */
  public WideChainTrainer() {
    this(Settings.defaults());
  }

  /**
   * Allocates every buffer for BATCH rows and initializes the parameters from the seed of {@code settings}.
   */
  public WideChainTrainer(Settings settings) {
    this.settings = settings;
    ROWS_PER_STEP = settings.batch();
    EPOCHS = settings.epochs();
    SEED = settings.seed();
    ONE_CYCLE_MAX_LR = settings.oneCycleMaxLr();
    ONE_CYCLE_PCT_START = settings.oneCyclePctStart();
    ONE_CYCLE_DIV_FACTOR = settings.oneCycleDivFactor();
    ONE_CYCLE_FINAL_DIV_FACTOR = settings.oneCycleFinalDivFactor();
    L1 = settings.l1();
    TRAINING_STREAM_SEED = SEED ^ 0x9E3779B97F4A7C15L;
    params = new float[PARAMETER_COUNT];
    grads = new float[PARAMETER_COUNT];
    expAvg = new float[PARAMETER_COUNT];
    expAvgSq = new float[PARAMETER_COUNT];
    xBatch = new float[BATCH * IN];
    yBatch = new float[BATCH * TARGET_COLUMNS];
    dense0Out = new float[BATCH * DENSE0_OUT];
    dense0Grad = new float[BATCH * DENSE0_OUT];
    relu0Out = new float[BATCH * RELU0_OUT];
    relu0Grad = new float[BATCH * RELU0_OUT];
    dense1Out = new float[BATCH * DENSE1_OUT];
    dense1Grad = new float[BATCH * DENSE1_OUT];
    preprocessing = PREPROCESSING;
    initParameters(new Rng(SEED));
    rng = new Rng(TRAINING_STREAM_SEED);
  }

  /**
   * Draws every parameter in layer order, weight then bias, as PyTorch does.
   */
  private void initParameters(Rng init) {
    // wide_chain.optspec:15  dense(256, init: kaiming_uniform)
    Init.uniform(params, DENSE0_WEIGHT, DENSE0_WEIGHT_SIZE, -DENSE0_WEIGHT_BOUND, DENSE0_WEIGHT_BOUND, init);
    Init.uniform(params, DENSE0_BIAS, DENSE0_BIAS_SIZE, -DENSE0_BIAS_BOUND, DENSE0_BIAS_BOUND, init);
    // wide_chain.optspec:17  dense(10)
    Init.uniform(params, DENSE1_WEIGHT, DENSE1_WEIGHT_SIZE, -DENSE1_WEIGHT_BOUND, DENSE1_WEIGHT_BOUND, init);
    Init.uniform(params, DENSE1_BIAS, DENSE1_BIAS_SIZE, -DENSE1_BIAS_BOUND, DENSE1_BIAS_BOUND, init);
  }

  /**
   * The spec's data section: wide_chain.optspec:6  data {
   */
  public static DataPipeline data() {
    return DataPipeline.csv("digits.csv")
      .inputs(IN)
      .classes(OUT)
      .preprocess(PREPROCESSING)
      .split(0.2, 0.0, 7L)
      .build();
  }

  @Override
  public DataPipeline dataPipeline() {
    return data();
  }

  /**
   * One optimization step on {@code n <= BATCH} rows: {@code x} is n × IN, {@code y} n × TARGET_COLUMNS,
   * both row-major. Returns the batch's mean data loss (before regularization). Allocates nothing.
   */
  public double step(float[] x, float[] y, int n) {
    double loss = computeGradients(x, y, n);
    checkFinite(loss);
    if (!accumulateGradients()) {
      return loss;
    }
    update();
    step++;
    return loss;
  }

  /**
   * Forward in training mode, the loss and its gradient, backward through every layer, and the regularization gradient.
   * Leaves the gradients in {@link #gradients} and the parameters unchanged. Returns the mean data loss.
   */
  public double computeGradients(float[] x, float[] y, int n) {
    if (n < 1 || n > BATCH) {
      throw new IllegalArgumentException("rows per step must be in 1..32, got " + n);
    }
    forward(x, n, true);
    double loss = dataLoss(y, n, true);
    backward(x, n);
    addRegularizationGradient();
    return loss;
  }

  /**
   * The mean data loss on {@code n <= BATCH} rows in evaluation mode; changes nothing but scratch buffers.
   */
  public double loss(float[] x, float[] y, int n) {
    if (n < 1 || n > BATCH) {
      throw new IllegalArgumentException("rows must be in 1..32, got " + n);
    }
    forward(x, n, false);
    return dataLoss(y, n, false);
  }

  @Override
  public double step(Dataset data, int[] order, int from, int n) {
    checkShape(data);
    stepsPerEpoch = ((data.rows() + ROWS_PER_STEP - 1) / ROWS_PER_STEP + ACCUMULATE - 1) / ACCUMULATE;
    gather(data, order, from, n);
    return step(xBatch, yBatch, n);
  }

  @Override
  public TrainingReport fit(Dataset train, Dataset validation, TrainingListener listener) {
    // The spec's preprocessing, fitted on the training rows only (or kept from an earlier fit or checkpoint);
    // rows a data pipeline already preprocessed with it are used as they are.
    preprocessing = preprocessing.fitTo(train);
    train = preprocessing.prepare(train);
    validation = validation == null ? null : preprocessing.prepare(validation);
    checkShape(train);
    int rows = train.rows();
    int steps = (rows + ROWS_PER_STEP - 1) / ROWS_PER_STEP;
    stepsPerEpoch = (steps + ACCUMULATE - 1) / ACCUMULATE;
    if (order == null) {
      order = new int[rows];
      for (int i = 0; i < rows; i++) {
        order[i] = i;
      }
    } else if (order.length != rows) {
      throw new IllegalStateException("this trainer's shuffle order (from a checkpoint or an earlier fit) covers " + order.length + " rows, the training set has " + rows + ": resume on the data the checkpoint was trained on");
    }
    double[] validationOut = validation == null ? null : new double[validation.rows() * OUT];
    int firstEpoch = epochsDone;
    List<TrainingListener.EpochSummary> history = new ArrayList<>(Math.max(0, EPOCHS - firstEpoch));
    long firstStep = step;
    long start = System.nanoTime();
    String stoppedBecause = "completed " + EPOCHS + " epochs";
    StopReason stopReason = StopReason.COMPLETED;
    while (epochsDone < EPOCHS) {
      int epoch = epochsDone + 1;
      long epochStart = System.nanoTime();
      listener.onEpochStart(epoch, steps);
      rng.shuffle(order, rows);
      double total = 0;
      for (int from = 0; from < rows; from += ROWS_PER_STEP) {
        int n = Math.min(ROWS_PER_STEP, rows - from);
        double loss = step(train, order, from, n);
        total += loss * n;
        listener.onStep(epoch, step, loss, lastLr);
      }
      double validationLoss = validation == null ? Double.NaN : predictInto(validation, validationOut);
      endEpoch(epoch, total / rows, validationLoss, validation != null);
      TrainingListener.EpochSummary summary = new TrainingListener.EpochSummary(epoch, EPOCHS, step, total / rows, validationLoss, lastLr,
          (System.nanoTime() - epochStart) / 1e9);
      epochsDone = epoch;
      history.add(summary);
      listener.onEpochEnd(summary);
      StopReason requested = listener.stopRequest();
      if (requested != null) {
        stopReason = requested;
        stoppedBecause = requested + " after epoch " + epoch;
        break;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    int epochs = Math.max(0, epochsDone - firstEpoch);
    return new TrainingReport(epochs, step - firstStep, (long) epochs * rows, seconds, history, stoppedBecause, 0, stopReason);
  }

  /**
   * After epoch {@code epoch}'s steps, before it counts as completed: the parameters' check.
   */
  public void endEpoch(int epoch, double trainLoss, double validationLoss, boolean validated) {
    checkParameters();
  }

  @Override
  public void predict(Dataset data, double[] out) {
    predictInto(preprocessing.prepare(data.withPlaceholderTargets(TARGET_COLUMNS)), out);
  }

  @Override
  public Metrics evaluate(Dataset data) {
    if (!data.hasTargets()) {
      throw new IllegalArgumentException("evaluate needs rows with targets, got " + data);
    }
    Dataset prepared = preprocessing.prepare(data);
    double[] out = new double[data.rows() * OUT];
    double loss = predictInto(prepared, out);
    return Metrics.classification(loss, out, prepared, OUT);
  }

  /**
   * Evaluation mode over all rows, ROWS_PER_STEP at a time: writes class probabilities into {@code out}, returns the mean loss.
   */
  private double predictInto(Dataset data, double[] out) {
    checkShape(data);
    int rows = data.rows();
    if (out.length < rows * OUT) {
      throw new IllegalArgumentException("out must hold rows × OUT values: " + rows * OUT);
    }
    double total = 0;
    for (int from = 0; from < rows; from += ROWS_PER_STEP) {
      int n = Math.min(ROWS_PER_STEP, rows - from);
      gather(data, null, from, n);
      forward(xBatch, n, false);
      total += dataLoss(yBatch, n, false) * n;
      softmaxRows(n, out, from * OUT);
    }
    return rows == 0 ? Double.NaN : total / rows;
  }

  /**
   * The model, layer by layer; dropout is active only when {@code training}.
   */
  private void forward(float[] x, int n, boolean training) {
    dense0Forward(x, n);
    relu0Forward(dense0Out, n);
    dense1Forward(relu0Out, n);
  }

  /**
   * wide_chain.optspec:15  dense(256, init: kaiming_uniform)
   * <p>{@code out = in · Wᵀ + b}, W stored [DENSE0_OUT × DENSE0_IN].
   */
  private void dense0Forward(float[] in, int n) {
    for (int r = 0; r < n; r++) {
      System.arraycopy(params, DENSE0_BIAS, dense0Out, r * DENSE0_OUT, DENSE0_OUT);
    }
    Gemm.nt(n, DENSE0_OUT, DENSE0_IN, in, 0, DENSE0_IN, params, DENSE0_WEIGHT, DENSE0_IN, dense0Out, 0, DENSE0_OUT, true);
  }

  /**
   * wide_chain.optspec:16  relu
   */
  private void relu0Forward(float[] in, int n) {
    for (int i = 0; i < n * RELU0_OUT; i++) {
      relu0Out[i] = Math.max(in[i], 0.0f);
    }
  }

  /**
   * wide_chain.optspec:17  dense(10)
   * <p>{@code out = in · Wᵀ + b}, W stored [DENSE1_OUT × DENSE1_IN].
   */
  private void dense1Forward(float[] in, int n) {
    for (int r = 0; r < n; r++) {
      System.arraycopy(params, DENSE1_BIAS, dense1Out, r * DENSE1_OUT, DENSE1_OUT);
    }
    Gemm.nt(n, DENSE1_OUT, DENSE1_IN, in, 0, DENSE1_IN, params, DENSE1_WEIGHT, DENSE1_IN, dense1Out, 0, DENSE1_OUT, true);
  }

  /**
   * wide_chain.optspec:20  loss softmax_cross_entropy
   * <p>Fused softmax and negative log-likelihood with a stable log-sum-exp, mean over the rows;
   * when {@code gradient}, writes dLoss/dlogits = (softmax - onehot) / n into {@code dense1Grad}, the softmax from
   * the exponentials the sum already computed.
   */
  private double dataLoss(float[] y, int n, boolean gradient) {
    double total = 0;
    for (int r = 0; r < n; r++) {
      int row = r * OUT;
      int label = (int) y[r];
      if (label < 0 || label >= OUT) {
        throw new IllegalArgumentException("class label out of range 0..9: " + label);
      }
      double max = dense1Out[row];
      for (int j = 1; j < OUT; j++) {
        max = Math.max(max, dense1Out[row + j]);
      }
      double sum = 0;
      for (int j = 0; j < OUT; j++) {
        double e = Math.exp(dense1Out[row + j] - max);
        rowExps[j] = e;
        sum += e;
      }
      double logSumExp = max + Math.log(sum);
      total += logSumExp - dense1Out[row + label];
      if (gradient) {
        for (int j = 0; j < OUT; j++) {
          double p = rowExps[j] / sum;
          dense1Grad[row + j] = (float) ((j == label ? p - 1 : p) / n);
        }
      }
    }
    return total / n;
  }

  /**
   * Class probabilities of the first {@code n} rows of {@code dense1Out}, written to {@code probs} at {@code offset}.
   */
  private void softmaxRows(int n, double[] probs, int offset) {
    for (int r = 0; r < n; r++) {
      int row = r * OUT;
      double max = dense1Out[row];
      for (int j = 1; j < OUT; j++) {
        max = Math.max(max, dense1Out[row + j]);
      }
      double sum = 0;
      for (int j = 0; j < OUT; j++) {
        double e = Math.exp(dense1Out[row + j] - max);
        probs[offset + row + j] = e;
        sum += e;
      }
      for (int j = 0; j < OUT; j++) {
        probs[offset + row + j] /= sum;
      }
    }
  }

  /**
   * Reverse-mode differentiation, layer by layer from the loss back to the first layer with parameters.
   */
  private void backward(float[] x, int n) {
    dense1Backward(relu0Out, n);
    relu0Backward(n);
    dense0Backward(x, n);
  }

  /**
   * wide_chain.optspec:17  dense(10)
   * <p>dW = dOutᵀ · in, db = Σ_rows dOut, dIn = dOut · W.
   */
  private void dense1Backward(float[] in, int n) {
    Gemm.tn(DENSE1_OUT, DENSE1_IN, n, dense1Grad, 0, DENSE1_OUT, in, 0, DENSE1_IN, grads, DENSE1_WEIGHT, DENSE1_IN, false);
    int j = 0;
    for (; j <= DENSE1_OUT - 4; j += 4) {
      double sum0 = 0, sum1 = 0, sum2 = 0, sum3 = 0;
      for (int r = 0; r < n; r++) {
        int row = r * DENSE1_OUT + j;
        sum0 += dense1Grad[row];
        sum1 += dense1Grad[row + 1];
        sum2 += dense1Grad[row + 2];
        sum3 += dense1Grad[row + 3];
      }
      grads[DENSE1_BIAS + j] = (float) sum0;
      grads[DENSE1_BIAS + j + 1] = (float) sum1;
      grads[DENSE1_BIAS + j + 2] = (float) sum2;
      grads[DENSE1_BIAS + j + 3] = (float) sum3;
    }
    for (; j < DENSE1_OUT; j++) {
      double sum = 0;
      for (int r = 0; r < n; r++) {
        sum += dense1Grad[r * DENSE1_OUT + j];
      }
      grads[DENSE1_BIAS + j] = (float) sum;
    }
    Gemm.nn(n, DENSE1_IN, DENSE1_OUT, dense1Grad, 0, DENSE1_OUT, params, DENSE1_WEIGHT, DENSE1_IN, relu0Grad, 0, DENSE1_IN, false);
  }

  /**
   * wide_chain.optspec:16  relu
   * <p>dIn = dOut where the output is positive, else 0: the output (never negative) scaled by
   * 2^252 and capped at 1 is exactly 1 where it is positive, even for the smallest subnormal, and 0 where
   * it is 0, so the mask is a multiply, not a branch.
   */
  private void relu0Backward(int n) {
    for (int i = 0; i < n * RELU0_OUT; i++) {
      dense0Grad[i] = relu0Grad[i] * Math.min(relu0Out[i] * 8.507059E37f * 8.507059E37f, 1.0f);
    }
  }

  /**
   * wide_chain.optspec:15  dense(256, init: kaiming_uniform)
   * <p>dW = dOutᵀ · in, db = Σ_rows dOut.
   */
  private void dense0Backward(float[] in, int n) {
    Gemm.tn(DENSE0_OUT, DENSE0_IN, n, dense0Grad, 0, DENSE0_OUT, in, 0, DENSE0_IN, grads, DENSE0_WEIGHT, DENSE0_IN, false);
    int j = 0;
    for (; j <= DENSE0_OUT - 4; j += 4) {
      double sum0 = 0, sum1 = 0, sum2 = 0, sum3 = 0;
      for (int r = 0; r < n; r++) {
        int row = r * DENSE0_OUT + j;
        sum0 += dense0Grad[row];
        sum1 += dense0Grad[row + 1];
        sum2 += dense0Grad[row + 2];
        sum3 += dense0Grad[row + 3];
      }
      grads[DENSE0_BIAS + j] = (float) sum0;
      grads[DENSE0_BIAS + j + 1] = (float) sum1;
      grads[DENSE0_BIAS + j + 2] = (float) sum2;
      grads[DENSE0_BIAS + j + 3] = (float) sum3;
    }
    for (; j < DENSE0_OUT; j++) {
      double sum = 0;
      for (int r = 0; r < n; r++) {
        sum += dense0Grad[r * DENSE0_OUT + j];
      }
      grads[DENSE0_BIAS + j] = (float) sum;
    }
  }

  /**
   * Stops training at a NaN or infinite loss or gradient, before the update could spread it into the parameters.
   */
  private void checkFinite(double loss) {
    if (!Double.isFinite(loss)) {
      throw new DivergenceException(step + 1, "the loss", loss);
    }
    // float gradients: squares of finite floats sum to a finite double, so testing the elements is the same test
    if (!Vectors.allFinite(grads, DEFAULT_START, DEFAULT_END - DEFAULT_START)) {
      throw new DivergenceException(step + 1, "the gradient of parameter group 'default' (dense0.weight, dense0.bias, dense1.weight, dense1.bias)", Vectors.sumOfSquares(grads, DEFAULT_START, DEFAULT_END - DEFAULT_START));
    }
  }

  /**
   * Stops at a parameter the updates made NaN or infinite: after every epoch and before every save.
   */
  private void checkParameters() {
    if (!Vectors.allFinite(params, DENSE0_WEIGHT, DENSE0_WEIGHT_SIZE)) {
      throw new DivergenceException(step, "parameter dense0.weight after the update", Vectors.sumOfSquares(params, DENSE0_WEIGHT, DENSE0_WEIGHT_SIZE));
    }
    if (!Vectors.allFinite(params, DENSE0_BIAS, DENSE0_BIAS_SIZE)) {
      throw new DivergenceException(step, "parameter dense0.bias after the update", Vectors.sumOfSquares(params, DENSE0_BIAS, DENSE0_BIAS_SIZE));
    }
    if (!Vectors.allFinite(params, DENSE1_WEIGHT, DENSE1_WEIGHT_SIZE)) {
      throw new DivergenceException(step, "parameter dense1.weight after the update", Vectors.sumOfSquares(params, DENSE1_WEIGHT, DENSE1_WEIGHT_SIZE));
    }
    if (!Vectors.allFinite(params, DENSE1_BIAS, DENSE1_BIAS_SIZE)) {
      throw new DivergenceException(step, "parameter dense1.bias after the update", Vectors.sumOfSquares(params, DENSE1_BIAS, DENSE1_BIAS_SIZE));
    }
  }

  /**
   * Adds the gradient of the regularization term: l1 · sign(w) + 2 · l2 · w.
   */
  private void addRegularizationGradient() {
    // wide_chain.optspec:21  regularize l1(1e-5, on: weights)
    for (int i = DENSE0_WEIGHT; i < DENSE0_WEIGHT + DENSE0_WEIGHT_SIZE; i++) {
      grads[i] += (float) (L1 * Math.signum(params[i]));
    }
    for (int i = DENSE1_WEIGHT; i < DENSE1_WEIGHT + DENSE1_WEIGHT_SIZE; i++) {
      grads[i] += (float) (L1 * Math.signum(params[i]));
    }
  }

  /**
   * The regularization term the spec adds to the loss: l1 · Σ|w| + l2 · Σw².
   */
  public double regularization() {
    double total = 0;
    for (int i = DENSE0_WEIGHT; i < DENSE0_WEIGHT + DENSE0_WEIGHT_SIZE; i++) {
      double w = params[i];
      total += L1 * Math.abs(w);
    }
    for (int i = DENSE1_WEIGHT; i < DENSE1_WEIGHT + DENSE1_WEIGHT_SIZE; i++) {
      double w = params[i];
      total += L1 * Math.abs(w);
    }
    return total;
  }

  /**
   * Adds this micro-batch's gradients to the sum; on the ACCUMULATE-th, replaces the gradients by the mean
   * and empties the sum. Returns whether the gradients are ready for an update.
   */
  private boolean accumulateGradients() {
    for (int i = 0; i < PARAMETER_COUNT; i++) {
      gradientSum[i] += grads[i];
    }
    if (++microBatches < ACCUMULATE) {
      return false;
    }
    for (int i = 0; i < PARAMETER_COUNT; i++) {
      grads[i] = gradientSum[i] / ACCUMULATE;
      gradientSum[i] = 0;
    }
    microBatches = 0;
    return true;
  }

  /**
   * optax.adaptive_grad_clip on {@code rows} units of {@code columns} elements of {@code grads} (the gradient,
   * or a chain's update) from {@code offset}: a unit's norm is bounded by clipping · max(‖w‖, eps), scaling by
   * max / max(‖g‖, 1e-6) when above.
   */
  private void clipUnits(int offset, int rows, int columns, double clipping, double eps) {
    for (int r = 0; r < rows; r++) {
      int from = offset + r * columns;
      double gradNorm = Math.sqrt(Vectors.sumOfSquares(grads, from, columns));
      double maxNorm = clipping * Math.max(Math.sqrt(Vectors.sumOfSquares(params, from, columns)), eps);
      if (gradNorm > maxNorm) {
        Vectors.scale(grads, from, columns, maxNorm / Math.max(gradNorm, 1e-6));
      }
    }
  }

  /**
   * wide_chain.optspec:23  optimizer chain(
   * <p>The learning rate of this step from the schedule, then one fused loop per parameter group.
   */
  private void update() {
    double lr = scheduled(LR, step);
    lastLr = lr;
    updateDefault(lr);
  }

  /**
   * wide_chain.optspec:23  optimizer chain(
   * <p>Group {@code default}: dense0.weight, dense0.bias, dense1.weight, dense1.bias.
   */
  private void updateDefault(double lr) {
    double mCorrection1 = 1 - Math.pow(0.9, step + 1);
    double vCorrection1 = 1 - Math.pow(0.999, step + 1);
    float rate = (float) lr;
    // dense0.weight
    clipUnits(DENSE0_WEIGHT, 256, 64, 0.01, 0.001);
    for (int i = DENSE0_WEIGHT; i < DENSE0_WEIGHT + DENSE0_WEIGHT_SIZE; i++) {
      float u = grads[i];
      expAvg[i] = 0.1f * u + 0.9f * expAvg[i];
      expAvgSq[i] = 0.001f * u * u + 0.999f * expAvgSq[i];
      u = (float) (expAvg[i] / mCorrection1 / (Math.sqrt(expAvgSq[i] / vCorrection1 + 0.0) + 1.0E-8));
      u += 0.01f * params[i];
      grads[i] = u;
    }
    // scale_by_trust_ratio needs norms over the whole tensor: the loop above left u in grads
    float trustDense0Weight = (float) trustRatio(DENSE0_WEIGHT, DENSE0_WEIGHT_SIZE, 0.0, 1.0, 0.0);
    for (int i = DENSE0_WEIGHT; i < DENSE0_WEIGHT + DENSE0_WEIGHT_SIZE; i++) {
      float u = grads[i] * trustDense0Weight;
      params[i] -= rate * u;
    }
    // dense0.bias
    clipUnits(DENSE0_BIAS, 1, 256, 0.01, 0.001);
    for (int i = DENSE0_BIAS; i < DENSE0_BIAS + DENSE0_BIAS_SIZE; i++) {
      float u = grads[i];
      expAvg[i] = 0.1f * u + 0.9f * expAvg[i];
      expAvgSq[i] = 0.001f * u * u + 0.999f * expAvgSq[i];
      grads[i] = (float) (expAvg[i] / mCorrection1 / (Math.sqrt(expAvgSq[i] / vCorrection1 + 0.0) + 1.0E-8));
    }
    // scale_by_trust_ratio needs norms over the whole tensor: the loop above left u in grads
    float trustDense0Bias = (float) trustRatio(DENSE0_BIAS, DENSE0_BIAS_SIZE, 0.0, 1.0, 0.0);
    for (int i = DENSE0_BIAS; i < DENSE0_BIAS + DENSE0_BIAS_SIZE; i++) {
      float u = grads[i] * trustDense0Bias;
      params[i] -= rate * u;
    }
    // dense1.weight
    clipUnits(DENSE1_WEIGHT, 10, 256, 0.01, 0.001);
    for (int i = DENSE1_WEIGHT; i < DENSE1_WEIGHT + DENSE1_WEIGHT_SIZE; i++) {
      float u = grads[i];
      expAvg[i] = 0.1f * u + 0.9f * expAvg[i];
      expAvgSq[i] = 0.001f * u * u + 0.999f * expAvgSq[i];
      u = (float) (expAvg[i] / mCorrection1 / (Math.sqrt(expAvgSq[i] / vCorrection1 + 0.0) + 1.0E-8));
      u += 0.01f * params[i];
      grads[i] = u;
    }
    // scale_by_trust_ratio needs norms over the whole tensor: the loop above left u in grads
    float trustDense1Weight = (float) trustRatio(DENSE1_WEIGHT, DENSE1_WEIGHT_SIZE, 0.0, 1.0, 0.0);
    for (int i = DENSE1_WEIGHT; i < DENSE1_WEIGHT + DENSE1_WEIGHT_SIZE; i++) {
      float u = grads[i] * trustDense1Weight;
      params[i] -= rate * u;
    }
    // dense1.bias
    clipUnits(DENSE1_BIAS, 1, 10, 0.01, 0.001);
    for (int i = DENSE1_BIAS; i < DENSE1_BIAS + DENSE1_BIAS_SIZE; i++) {
      float u = grads[i];
      expAvg[i] = 0.1f * u + 0.9f * expAvg[i];
      expAvgSq[i] = 0.001f * u * u + 0.999f * expAvgSq[i];
      grads[i] = (float) (expAvg[i] / mCorrection1 / (Math.sqrt(expAvgSq[i] / vCorrection1 + 0.0) + 1.0E-8));
    }
    // scale_by_trust_ratio needs norms over the whole tensor: the loop above left u in grads
    float trustDense1Bias = (float) trustRatio(DENSE1_BIAS, DENSE1_BIAS_SIZE, 0.0, 1.0, 0.0);
    for (int i = DENSE1_BIAS; i < DENSE1_BIAS + DENSE1_BIAS_SIZE; i++) {
      float u = grads[i] * trustDense1Bias;
      params[i] -= rate * u;
    }
  }

  /**
   * optax.scale_by_trust_ratio for one tensor whose update is in {@code grads}: coefficient · ‖p‖ / (‖u‖ + eps),
   * norms at least minNorm, and 1 when either norm is 0.
   */
  private double trustRatio(int offset, int length, double minNorm, double coefficient,
      double eps) {
    double paramNorm = Math.max(Math.sqrt(Vectors.sumOfSquares(params, offset, length)), minNorm);
    double updateNorm = Math.max(Math.sqrt(Vectors.sumOfSquares(grads, offset, length)), minNorm);
    return paramNorm == 0 || updateNorm == 0 ? 1 : coefficient * paramNorm / (updateNorm + eps);
  }

  /**
   * The first group's learning rate at optimizer step {@code step} (counted from 0).
   */
  @Override
  public double learningRate(long step) {
    return scheduled(LR, step);
  }

  /**
   * wide_chain.optspec:30  schedule one_cycle(max_lr: 0.01, over: 30 epochs)
   * <p>Closed form of the schedule for a group whose base learning rate is {@code base}; each phase's
   * clock restarts at 0 (SequentialLR).
   */
  private double scheduled(double base, long step) {
    if (!Double.isNaN(lrOverride)) {
      // overrideLearningRate: each group in proportion to its base
      return base / LR * lrOverride;
    }
    long t = step;
    // one_cycle: OneCycleLR, cosine up to max_lr over pct_start of the cycle, then down
    double peak = ONE_CYCLE_MAX_LR * (base / LR);
    double initial = peak / ONE_CYCLE_DIV_FACTOR;
    double minimum = initial / ONE_CYCLE_FINAL_DIV_FACTOR;
    double total = Math.max(1, Math.round(ONE_CYCLE_LENGTH_EPOCHS * stepsPerEpoch));
    double peakStep = ONE_CYCLE_PCT_START * total - 1;
    if (t > total) {
      return minimum;
    }
    if (t <= peakStep) {
      // a rise of 0 steps (pct_start · total = 1) starts at the peak, not at 0 / 0
      return peak + (initial - peak) / 2.0 * (Math.cos(Math.PI * (peakStep > 0 ? t / peakStep : 1)) + 1);
    }
    double pct = (t - peakStep) / (total - 1 - peakStep);
    return minimum + (peak - minimum) / 2.0 * (Math.cos(Math.PI * pct) + 1);
  }

  @Override
  public void overrideLearningRate(double lr) {
    lrOverride = lr;
  }

  /**
   * Tells the schedule how many steps an epoch has, for callers of step(x, y, n) that do not use fit.
   */
  @Override
  public void setStepsPerEpoch(long stepsPerEpoch) {
    this.stepsPerEpoch = stepsPerEpoch;
  }

  @Override
  public boolean needsStepsPerEpoch() {
    return true;
  }

  /**
   * Copies rows {@code order[from..from+n)} (rows {@code from..from+n} when order is null) into the staging buffers.
   */
  private void gather(Dataset data, int[] order, int from, int n) {
    float[] x = data.xFloat();
    float[] y = data.yFloat();
    for (int i = 0; i < n; i++) {
      int row = order == null ? from + i : order[from + i];
      System.arraycopy(x, row * IN, xBatch, i * IN, IN);
      yBatch[i] = y[row];
    }
  }

  private static void checkShape(Dataset data) {
    if (data.inputs() != IN || data.outputs() != TARGET_COLUMNS) {
      throw new IllegalArgumentException("expected " + IN + " inputs and " + TARGET_COLUMNS + " target columns, got " + data);
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int inputSize() {
    return IN;
  }

  @Override
  public int outputSize() {
    return OUT;
  }

  @Override
  public int parameterCount() {
    return PARAMETER_COUNT;
  }

  @Override
  public long stepCount() {
    return step;
  }

  @Override
  public double[] parameters() {
    double[] copy = new double[PARAMETER_COUNT];
    for (int i = 0; i < PARAMETER_COUNT; i++) {
      copy[i] = params[i];
    }
    return copy;
  }

  /**
   * A copy of the gradients of the last step or {@link #computeGradients}, widened to double.
   */
  public double[] gradients() {
    double[] copy = new double[PARAMETER_COUNT];
    for (int i = 0; i < PARAMETER_COUNT; i++) {
      copy[i] = grads[i];
    }
    return copy;
  }

  /**
   * The live flat parameter array (not a copy), for tests and benchmarks.
   */
  public float[] params() {
    return params;
  }

  @Override
  public Preprocessing preprocessing() {
    return preprocessing;
  }

  /**
   * An inference model of the current parameters (copied: training on does not change it) and the fitted
   * preprocessing; no optimizer state.
   */
  @Override
  public WideChainModel model() {
    if (!preprocessing.isFitted()) {
      throw new IllegalStateException("the model's preprocessing (" + preprocessing.describe() + ") is not fitted yet: fit the trainer, or load a checkpoint, first");
    }
    return new WideChainModel(params.clone(), preprocessing, new double[][] {});
  }

  @Override
  public int epochsCompleted() {
    return epochsDone;
  }

  @Override
  public void save(Path path) {
    checkParameters();
    SafeTensorsWriter checkpoint = SafeTensors.writer();
    checkpoint.metadata(SafeTensors.SPEC, NAME);
    checkpoint.metadata(SafeTensors.SPEC_SHA256, SPEC_SHA256);
    checkpoint.metadata("optspec.precision", "float32");
    checkpoint.metadata("optspec.step", Long.toString(step));
    checkpoint.metadata("optspec.epoch", Integer.toString(epochsDone));
    checkpoint.metadata("optspec.rng_state", Long.toString(rng.state()));
    checkpoint.metadata(RecordedSettings.METADATA, settings.toString());
    checkpoint.metadata("optspec.state.microBatches", Long.toString(microBatches));
    checkpoint.add("dense0.weight", params, DENSE0_WEIGHT, DENSE0_WEIGHT_SIZE, 256, 64);
    checkpoint.add("dense0.bias", params, DENSE0_BIAS, DENSE0_BIAS_SIZE, 256);
    checkpoint.add("dense1.weight", params, DENSE1_WEIGHT, DENSE1_WEIGHT_SIZE, 10, 256);
    checkpoint.add("dense1.bias", params, DENSE1_BIAS, DENSE1_BIAS_SIZE, 10);
    checkpoint.add("optimizer.exp_avg.dense0.weight", expAvg, DENSE0_WEIGHT, DENSE0_WEIGHT_SIZE, 256, 64);
    checkpoint.add("optimizer.exp_avg.dense0.bias", expAvg, DENSE0_BIAS, DENSE0_BIAS_SIZE, 256);
    checkpoint.add("optimizer.exp_avg.dense1.weight", expAvg, DENSE1_WEIGHT, DENSE1_WEIGHT_SIZE, 10, 256);
    checkpoint.add("optimizer.exp_avg.dense1.bias", expAvg, DENSE1_BIAS, DENSE1_BIAS_SIZE, 10);
    checkpoint.add("optimizer.exp_avg_sq.dense0.weight", expAvgSq, DENSE0_WEIGHT, DENSE0_WEIGHT_SIZE, 256, 64);
    checkpoint.add("optimizer.exp_avg_sq.dense0.bias", expAvgSq, DENSE0_BIAS, DENSE0_BIAS_SIZE, 256);
    checkpoint.add("optimizer.exp_avg_sq.dense1.weight", expAvgSq, DENSE1_WEIGHT, DENSE1_WEIGHT_SIZE, 10, 256);
    checkpoint.add("optimizer.exp_avg_sq.dense1.bias", expAvgSq, DENSE1_BIAS, DENSE1_BIAS_SIZE, 10);
    checkpoint.add("optimizer.gradient_sum.dense0.weight", gradientSum, DENSE0_WEIGHT, DENSE0_WEIGHT_SIZE, 256, 64);
    checkpoint.add("optimizer.gradient_sum.dense0.bias", gradientSum, DENSE0_BIAS, DENSE0_BIAS_SIZE, 256);
    checkpoint.add("optimizer.gradient_sum.dense1.weight", gradientSum, DENSE1_WEIGHT, DENSE1_WEIGHT_SIZE, 10, 256);
    checkpoint.add("optimizer.gradient_sum.dense1.bias", gradientSum, DENSE1_BIAS, DENSE1_BIAS_SIZE, 10);
    preprocessing.writeTo(checkpoint);
    if (order != null) {
      checkpoint.add("trainer.order", order, 0, order.length, order.length);
    }
    checkpoint.write(path);
  }

  @Override
  public void load(Path path) {
    SafeTensors checkpoint = SafeTensors.read(path);
    checkpoint.requireSpec(NAME, SPEC_SHA256);
    RecordedSettings.requireSame(checkpoint.metadata().get(RecordedSettings.METADATA), settings.toString(), Settings.KEYS);
    // check everything before changing anything
    checkpoint.expect("dense0.weight", DType.F32, 256, 64);
    checkpoint.expect("dense0.bias", DType.F32, 256);
    checkpoint.expect("dense1.weight", DType.F32, 10, 256);
    checkpoint.expect("dense1.bias", DType.F32, 10);
    checkpoint.expect("optimizer.exp_avg.dense0.weight", DType.F32, 256, 64);
    checkpoint.expect("optimizer.exp_avg.dense0.bias", DType.F32, 256);
    checkpoint.expect("optimizer.exp_avg.dense1.weight", DType.F32, 10, 256);
    checkpoint.expect("optimizer.exp_avg.dense1.bias", DType.F32, 10);
    checkpoint.expect("optimizer.exp_avg_sq.dense0.weight", DType.F32, 256, 64);
    checkpoint.expect("optimizer.exp_avg_sq.dense0.bias", DType.F32, 256);
    checkpoint.expect("optimizer.exp_avg_sq.dense1.weight", DType.F32, 10, 256);
    checkpoint.expect("optimizer.exp_avg_sq.dense1.bias", DType.F32, 10);
    checkpoint.expect("optimizer.gradient_sum.dense0.weight", DType.F32, 256, 64);
    checkpoint.expect("optimizer.gradient_sum.dense0.bias", DType.F32, 256);
    checkpoint.expect("optimizer.gradient_sum.dense1.weight", DType.F32, 10, 256);
    checkpoint.expect("optimizer.gradient_sum.dense1.bias", DType.F32, 10);
    long savedStep = checkpoint.metadataLong("optspec.step", 0, Long.MAX_VALUE);
    long savedEpoch = checkpoint.metadataLong("optspec.epoch", 0, Integer.MAX_VALUE);
    long savedRng = checkpoint.metadataLong("optspec.rng_state");
    int[] savedOrder = checkpoint.tensors().containsKey("trainer.order") ? checkpoint.permutation("trainer.order") : null;
    checkpoint.requireProgress(savedStep, savedEpoch, savedOrder, ROWS_PER_STEP, ACCUMULATE);
    Preprocessing savedPreprocessing = PREPROCESSING.readFrom(checkpoint, false);
    long savedMicroBatches = checkpoint.metadataLong("optspec.state.microBatches", 0, ACCUMULATE - 1);
    checkpoint.copy("dense0.weight", params, DENSE0_WEIGHT);
    checkpoint.copy("dense0.bias", params, DENSE0_BIAS);
    checkpoint.copy("dense1.weight", params, DENSE1_WEIGHT);
    checkpoint.copy("dense1.bias", params, DENSE1_BIAS);
    checkpoint.copy("optimizer.exp_avg.dense0.weight", expAvg, DENSE0_WEIGHT);
    checkpoint.copy("optimizer.exp_avg.dense0.bias", expAvg, DENSE0_BIAS);
    checkpoint.copy("optimizer.exp_avg.dense1.weight", expAvg, DENSE1_WEIGHT);
    checkpoint.copy("optimizer.exp_avg.dense1.bias", expAvg, DENSE1_BIAS);
    checkpoint.copy("optimizer.exp_avg_sq.dense0.weight", expAvgSq, DENSE0_WEIGHT);
    checkpoint.copy("optimizer.exp_avg_sq.dense0.bias", expAvgSq, DENSE0_BIAS);
    checkpoint.copy("optimizer.exp_avg_sq.dense1.weight", expAvgSq, DENSE1_WEIGHT);
    checkpoint.copy("optimizer.exp_avg_sq.dense1.bias", expAvgSq, DENSE1_BIAS);
    checkpoint.copy("optimizer.gradient_sum.dense0.weight", gradientSum, DENSE0_WEIGHT);
    checkpoint.copy("optimizer.gradient_sum.dense0.bias", gradientSum, DENSE0_BIAS);
    checkpoint.copy("optimizer.gradient_sum.dense1.weight", gradientSum, DENSE1_WEIGHT);
    checkpoint.copy("optimizer.gradient_sum.dense1.bias", gradientSum, DENSE1_BIAS);
    microBatches = (int) savedMicroBatches;
    step = savedStep;
    epochsDone = (int) savedEpoch;
    rng.setState(savedRng);
    order = savedOrder;
    preprocessing = savedPreprocessing;
  }

  @Override
  public void initFrom(Path path) {
    if (step != 0) {
      throw new IllegalStateException("initFrom is for a fresh trainer; this one has taken " + step + " steps");
    }
    InitialWeights weights = InitialWeights.read(path, NAME);
    // check every name and shape before changing anything; the second name is torch's in an nn.Sequential
    weights.expect("dense0.weight", "0.weight", "wide_chain.optspec:15  dense(256, init: kaiming_uniform)", 256, 64);
    weights.expect("dense0.bias", "0.bias", "wide_chain.optspec:15  dense(256, init: kaiming_uniform)", 256);
    weights.expect("dense1.weight", "2.weight", "wide_chain.optspec:17  dense(10)", 10, 256);
    weights.expect("dense1.bias", "2.bias", "wide_chain.optspec:17  dense(10)", 10);
    weights.refuseOthers();
    weights.copy("dense0.weight", params, DENSE0_WEIGHT);
    weights.copy("dense0.bias", params, DENSE0_BIAS);
    weights.copy("dense1.weight", params, DENSE1_WEIGHT);
    weights.copy("dense1.bias", params, DENSE1_BIAS);
  }

  /**
   * The settings this trainer was built with.
   */
  public Settings settings() {
    return settings;
  }

  /**
   * The settings of this trainer that change neither a buffer's shape nor the code (the batch may only be
   * lowered: the buffers are sized for the spec's). {@link #defaults()} are the spec's values; each is checked
   * at construction against the range the compiler checks the spec's value against, with its message. A
   * trainer built with settings S trains bit for bit as the trainer of the spec with S written in.
   */
  public static record Settings(int batch, int epochs, long seed, double oneCycleMaxLr,
      double oneCyclePctStart, double oneCycleDivFactor, double oneCycleFinalDivFactor, double l1) {
    public static final SettingKey BATCH_KEY = SettingKey.whole("batch", "batch", "batch", new SettingRange(1, true, 32, true));

    public static final SettingKey EPOCHS_KEY = SettingKey.whole("epochs", "epochs", "epochs", new SettingRange(1, true, 100000000, true));

    public static final SettingKey SEED_KEY = SettingKey.whole("seed", "seed", "seed", new SettingRange(0, true, 9.223372036854776E18, true));

    public static final SettingKey ONE_CYCLE_MAX_LR_KEY = SettingKey.of("schedule.one_cycle.max_lr", "oneCycleMaxLr", "one_cycle max_lr", SettingRange.above(0));

    public static final SettingKey ONE_CYCLE_PCT_START_KEY = SettingKey.of("schedule.one_cycle.pct_start", "oneCyclePctStart", "one_cycle pct_start", new SettingRange(0, false, 1, false));

    public static final SettingKey ONE_CYCLE_DIV_FACTOR_KEY = SettingKey.of("schedule.one_cycle.div_factor", "oneCycleDivFactor", "one_cycle div_factor", SettingRange.above(0));

    public static final SettingKey ONE_CYCLE_FINAL_DIV_FACTOR_KEY = SettingKey.of("schedule.one_cycle.final_div_factor", "oneCycleFinalDivFactor", "one_cycle final_div_factor", SettingRange.above(0));

    public static final SettingKey L1_KEY = SettingKey.of("regularizer.l1", "l1", "l1 strength", SettingRange.atLeast(0));

    /**
     * Every setting, in the order of the components.
     */
    public static final List<SettingKey> KEYS = List.of(BATCH_KEY, EPOCHS_KEY, SEED_KEY, ONE_CYCLE_MAX_LR_KEY, ONE_CYCLE_PCT_START_KEY, ONE_CYCLE_DIV_FACTOR_KEY, ONE_CYCLE_FINAL_DIV_FACTOR_KEY, L1_KEY);

    public Settings {
      BATCH_KEY.check(batch);
      EPOCHS_KEY.check(epochs);
      SEED_KEY.check(seed);
      ONE_CYCLE_MAX_LR_KEY.check(oneCycleMaxLr);
      ONE_CYCLE_PCT_START_KEY.check(oneCyclePctStart);
      ONE_CYCLE_DIV_FACTOR_KEY.check(oneCycleDivFactor);
      ONE_CYCLE_FINAL_DIV_FACTOR_KEY.check(oneCycleFinalDivFactor);
      L1_KEY.check(l1);
    }

    /**
     * The spec's values.
     */
    public static Settings defaults() {
      return new Settings(32, 30, 3L, 0.01, 0.3, 25.0, 10000.0, 1.0E-5);
    }

    /**
     * These settings with {@code batch} (the spec's {@code batch}).
     */
    public Settings withBatch(int batch) {
      return new Settings(batch, epochs, seed, oneCycleMaxLr, oneCyclePctStart, oneCycleDivFactor, oneCycleFinalDivFactor, l1);
    }

    /**
     * These settings with {@code epochs} (the spec's {@code epochs}).
     */
    public Settings withEpochs(int epochs) {
      return new Settings(batch, epochs, seed, oneCycleMaxLr, oneCyclePctStart, oneCycleDivFactor, oneCycleFinalDivFactor, l1);
    }

    /**
     * These settings with {@code seed} (the spec's {@code seed}).
     */
    public Settings withSeed(long seed) {
      return new Settings(batch, epochs, seed, oneCycleMaxLr, oneCyclePctStart, oneCycleDivFactor, oneCycleFinalDivFactor, l1);
    }

    /**
     * These settings with {@code oneCycleMaxLr} (the spec's {@code schedule.one_cycle.max_lr}).
     */
    public Settings withOneCycleMaxLr(double oneCycleMaxLr) {
      return new Settings(batch, epochs, seed, oneCycleMaxLr, oneCyclePctStart, oneCycleDivFactor, oneCycleFinalDivFactor, l1);
    }

    /**
     * These settings with {@code oneCyclePctStart} (the spec's {@code schedule.one_cycle.pct_start}).
     */
    public Settings withOneCyclePctStart(double oneCyclePctStart) {
      return new Settings(batch, epochs, seed, oneCycleMaxLr, oneCyclePctStart, oneCycleDivFactor, oneCycleFinalDivFactor, l1);
    }

    /**
     * These settings with {@code oneCycleDivFactor} (the spec's {@code schedule.one_cycle.div_factor}).
     */
    public Settings withOneCycleDivFactor(double oneCycleDivFactor) {
      return new Settings(batch, epochs, seed, oneCycleMaxLr, oneCyclePctStart, oneCycleDivFactor, oneCycleFinalDivFactor, l1);
    }

    /**
     * These settings with {@code oneCycleFinalDivFactor} (the spec's {@code schedule.one_cycle.final_div_factor}).
     */
    public Settings withOneCycleFinalDivFactor(double oneCycleFinalDivFactor) {
      return new Settings(batch, epochs, seed, oneCycleMaxLr, oneCyclePctStart, oneCycleDivFactor, oneCycleFinalDivFactor, l1);
    }

    /**
     * These settings with {@code l1} (the spec's {@code regularizer.l1}).
     */
    public Settings withL1(double l1) {
      return new Settings(batch, epochs, seed, oneCycleMaxLr, oneCyclePctStart, oneCycleDivFactor, oneCycleFinalDivFactor, l1);
    }
  }
}
