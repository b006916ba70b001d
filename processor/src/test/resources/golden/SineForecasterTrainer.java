package org.optspec.generated;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.annotation.processing.Generated;
import org.optspec.runtime.DataParallelTrainer;
import org.optspec.runtime.Dataset;
import org.optspec.runtime.Init;
import org.optspec.runtime.Metrics;
import org.optspec.runtime.Preprocessing;
import org.optspec.runtime.Rng;
import org.optspec.runtime.StopReason;
import org.optspec.runtime.TrainingListener;
import org.optspec.runtime.TrainingReport;
import org.optspec.runtime.checkpoint.DType;
import org.optspec.runtime.checkpoint.InitialWeights;
import org.optspec.runtime.checkpoint.SafeTensors;
import org.optspec.runtime.checkpoint.SafeTensorsWriter;
import org.optspec.runtime.data.DataPipeline;
import org.optspec.runtime.kernels.Gemm;
import org.optspec.runtime.kernels.Parallel;
import org.optspec.runtime.kernels.Tanh;
import org.optspec.runtime.kernels.Vectors;
import org.optspec.runtime.progress.DivergenceException;
import org.optspec.runtime.settings.RecordedSettings;
import org.optspec.runtime.settings.SettingKey;
import org.optspec.runtime.settings.SettingRange;

/**
 * Trains {@code SineForecaster} as sine_rnn.optspec says: generated, do not edit.
 *
 * <p>Parameters live in one flat {@code float[]} array laid out group by group (rnn0.weight_ih, rnn0.weight_hh, rnn0.bias_ih, rnn0.bias_hh, dense0.weight, dense0.bias);
 * gradients and optimizer state use the same layout.
 */
@Generated(
    value = "org.optspec.processor.TrainerGenerator",
    comments = "from sine_rnn.optspec"
)
public final class SineForecasterTrainer implements DataParallelTrainer {
  /**
   * The spec's name.
   */
  static final String NAME = "SineForecaster";

  /**
   * The most rows a step takes (the spec's batch); every buffer is sized for it.
   */
  static final int BATCH = 32;

  /**
   * Inputs per sample.
   */
  static final int IN = 50;

  /**
   * Regression targets per sample.
   */
  static final int OUT = 1;

  /**
   * Target columns per row.
   */
  static final int TARGET_COLUMNS = 1;

  /**
   * The spec's preprocessing (sine_rnn.optspec:6  data {), unfitted: the trainer fits it on its training rows.
   */
  static final Preprocessing PREPROCESSING = Preprocessing.recipe(IN, TARGET_COLUMNS)
      .build();

  /**
   * sine_rnn.optspec:14  rnn(64, activation: tanh, init: xavier)
   * <p>Time steps per row; a row holds LENGTH × FEATURES values, time-major.
   */
  static final int RNN0_LENGTH = 50;

  /**
   * Inputs per time step.
   */
  static final int RNN0_FEATURES = 1;

  /**
   * Hidden units.
   */
  static final int RNN0_OUT = 64;

  /**
   * Row ranges the walks forward and back are cut into (fixed: the result does not depend on the threads).
   */
  static final int RNN0_CHUNKS = 2;

  /**
   * Batch rows from which the walks use their ranges on both cores (fewer: one range on this thread).
   */
  static final int RNN0_SPLIT_MIN_ROWS = 16;

  /**
   * sine_rnn.optspec:15  dense(1)
   */
  static final int DENSE0_IN = 64;

  static final int DENSE0_OUT = 1;

  /**
   * Offset of {@code rnn0.weight_ih} in the flat arrays.
   */
  static final int RNN0_WEIGHT_IH = 0;

  static final int RNN0_WEIGHT_IH_SIZE = 64;

  /**
   * Offset of {@code rnn0.weight_hh} in the flat arrays.
   */
  static final int RNN0_WEIGHT_HH = 64;

  static final int RNN0_WEIGHT_HH_SIZE = 4096;

  /**
   * Offset of {@code rnn0.bias_ih} in the flat arrays.
   */
  static final int RNN0_BIAS_IH = 4160;

  static final int RNN0_BIAS_IH_SIZE = 64;

  /**
   * Offset of {@code rnn0.bias_hh} in the flat arrays.
   */
  static final int RNN0_BIAS_HH = 4224;

  static final int RNN0_BIAS_HH_SIZE = 64;

  /**
   * Offset of {@code dense0.weight} in the flat arrays.
   */
  static final int DENSE0_WEIGHT = 4288;

  static final int DENSE0_WEIGHT_SIZE = 64;

  /**
   * Offset of {@code dense0.bias} in the flat arrays.
   */
  static final int DENSE0_BIAS = 4352;

  static final int DENSE0_BIAS_SIZE = 1;

  static final int PARAMETER_COUNT = 4353;

  /**
   * Initializes {@code rnn0.weight_ih}: xavier_uniform: bound = gain · sqrt(6 / (fan_in + fan_out)), gain 1.0, fan_in = 1, fan_out = 64
   */
  static final double RNN0_WEIGHT_IH_BOUND = 0.3038218101251;

  /**
   * Initializes {@code rnn0.weight_hh}: xavier_uniform: bound = gain · sqrt(6 / (fan_in + fan_out)), gain 1.0, fan_in = 64, fan_out = 64
   */
  static final double RNN0_WEIGHT_HH_BOUND = 0.21650635094610965;

  /**
   * Initializes {@code rnn0.bias_ih}: torch nn.RNN default: U(±1/sqrt(hidden = 64))
   */
  static final double RNN0_BIAS_IH_BOUND = 0.125;

  /**
   * Initializes {@code rnn0.bias_hh}: torch nn.RNN default: U(±1/sqrt(hidden = 64))
   */
  static final double RNN0_BIAS_HH_BOUND = 0.125;

  /**
   * Initializes {@code dense0.weight}: torch nn.Linear default: U(±1/sqrt(fan_in = 64))
   */
  static final double DENSE0_WEIGHT_BOUND = 0.125;

  /**
   * Initializes {@code dense0.bias}: torch nn.Linear default bias: U(±1/sqrt(fan_in = 64))
   */
  static final double DENSE0_BIAS_BOUND = 0.125;

  /**
   * Optimizer group {@code default}: parameters [DEFAULT_START, DEFAULT_END).
   */
  static final int DEFAULT_START = 0;

  static final int DEFAULT_END = 4353;

  static final double WEIGHT_DECAY = 0.0;

  static final double MOMENTUM = 0.0;

  /**
   * SHA-256 of the spec's canonical text (tokens without comments or spacing); checkpoints carry it.
   */
  static final String SPEC_SHA256 = "965dd6a3d4f04e7b537dd06298bea5efd56c91ecc23db7917fc0216e123e62bb";

  /**
   * Seeds initialization ({@code new Rng(SEED)}); shuffling and dropout draw from a second stream.
   *
   * <p>The setting {@code seed}; the spec says 7.
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
   * sine_rnn.optspec:20  optimizer rmsprop(lr: 1e-3, alpha: 0.9)
   *
   * <p>The setting {@code optimizer.lr}; the spec says 0.001.
   */
  private final double LR;

  /**
   * The setting {@code optimizer.alpha}; the spec says 0.9.
   */
  private final double ALPHA;

  /**
   * The setting {@code optimizer.eps}; the spec says 1.0E-8.
   */
  private final double EPS;

  /**
   * sine_rnn.optspec:3  trainer SineForecaster {
   *
   * <p>The setting {@code schedule.constant.factor}; the spec says 1.0.
   */
  private final double CONSTANT_FACTOR;

  /**
   * sine_rnn.optspec:21  clip value(1.0)
   *
   * <p>The setting {@code clip.max}; the spec says 1.0.
   */
  private final double CLIP_MAX_VALUE;

  /**
   * sine_rnn.optspec:25  stop when validation_loss stalls for 5 epochs
   * <p>Epochs in a row without a lower validation loss after which fit stops.
   *
   * <p>The setting {@code stop.patience}; the spec says 5.
   */
  private final long PATIENCE;

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
   * Optimizer state (scale_by_rms_torch's running mean of g²), in the layout of {@link #params}.
   */
  private final float[] squareAvg;

  /**
   * Inputs gathered from a Dataset, BATCH × IN.
   */
  private final float[] xBatch;

  /**
   * Targets gathered from a Dataset, BATCH × TARGET_COLUMNS.
   */
  private final float[] yBatch;

  /**
   * Output of rnn0, BATCH × RNN0_OUT.
   */
  private final float[] rnn0Out;

  /**
   * dLoss/d(output of rnn0), BATCH × RNN0_OUT.
   */
  private final float[] rnn0Grad;

  /**
   * Output of dense0, BATCH × DENSE0_OUT.
   */
  private final float[] dense0Out;

  /**
   * dLoss/d(output of dense0), BATCH × DENSE0_OUT.
   */
  private final float[] dense0Grad;

  /**
   * The batch's inputs time-major, (LENGTH·n) × (RNN0_FEATURES + 1): row t·n + r holds x_(t+1) of batch row r,
   * then a 1 that multiplies the bias column of {@code rnn0InputWeights}.
   */
  private final float[] rnn0Inputs;

  /**
   * [W_ih | b_ih + b_hh], RNN0_OUT × (RNN0_FEATURES + 1): the input projection with both biases, one product.
   */
  private final float[] rnn0InputWeights;

  /**
   * [dW_ih | db], RNN0_OUT × (RNN0_FEATURES + 1), the gradient of {@code rnn0InputWeights}.
   */
  private final float[] rnn0InputGradient;

  /**
   * W_hhᵀ, RNN0_OUT × RNN0_OUT, transposed once per forward: each step's h_(t-1) · W_hhᵀ is then a plain
   * product ({@code Gemm.nn}), which the native BLAS runs in 2/3 of the time of the transposed form ({@code nt}).
   */
  private final float[] rnn0RecurrentT;

  /**
   * Hidden states h_1..h_LENGTH time-major, (LENGTH·n) × RNN0_OUT: rows t·n .. t·n + n − 1 are h_(t+1)
   * of the batch (pre-activations until step t runs), kept for backward.
   */
  private final float[] rnn0States;

  /**
   * Laid out as {@code rnn0States}: dLoss/dh_t, then in place dLoss/d(pre-activation) of every step,
   * for the weight gradients.
   */
  private final float[] rnn0Deltas;

  /**
   * The double staging areas of {@code Tanh.inPlace}, one per row range, each one time step of the batch.
   */
  private final double[][] rnn0Scratch;

  /**
   * The split walks' task, allocated once: a step allocates nothing.
   */
  private final Rnn0Rows rnn0Rows = new Rnn0Rows();

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
   * The first group's learning rate instead of the schedule's when not NaN ({@code overrideLearningRate}).
   */
  private double lrOverride = Double.NaN;

  /**
   * Early stopping: the parameters of the best epoch so far, in the layout of {@link #params}.
   */
  private final float[] bestParams = new float[PARAMETER_COUNT];

  /**
   * Early stopping: the lowest validation loss so far.
   */
  private double bestLoss = Double.POSITIVE_INFINITY;

  /**
   * Early stopping: the epoch of {@link #bestLoss} (0 before the first validated epoch).
   */
  private int bestEpoch;

  /**
   * A trainer with the spec's settings ({@link Settings#defaults()}).
   */
  public SineForecasterTrainer() {
    this(Settings.defaults());
  }

  /**
   * Allocates every buffer for BATCH rows and initializes the parameters from the seed of {@code settings}.
   */
  public SineForecasterTrainer(Settings settings) {
    this.settings = settings;
    ROWS_PER_STEP = settings.batch();
    EPOCHS = settings.epochs();
    SEED = settings.seed();
    LR = settings.lr();
    ALPHA = settings.alpha();
    EPS = settings.eps();
    CONSTANT_FACTOR = settings.constantFactor();
    CLIP_MAX_VALUE = settings.clipMaxValue();
    PATIENCE = settings.patience();
    TRAINING_STREAM_SEED = SEED ^ 0x9E3779B97F4A7C15L;
    params = new float[PARAMETER_COUNT];
    grads = new float[PARAMETER_COUNT];
    squareAvg = new float[PARAMETER_COUNT];
    xBatch = new float[BATCH * IN];
    yBatch = new float[BATCH * TARGET_COLUMNS];
    rnn0Out = new float[BATCH * RNN0_OUT];
    rnn0Grad = new float[BATCH * RNN0_OUT];
    dense0Out = new float[BATCH * DENSE0_OUT];
    dense0Grad = new float[BATCH * DENSE0_OUT];
    rnn0Inputs = new float[BATCH * RNN0_LENGTH * (RNN0_FEATURES + 1)];
    rnn0InputWeights = new float[RNN0_OUT * (RNN0_FEATURES + 1)];
    rnn0InputGradient = new float[RNN0_OUT * (RNN0_FEATURES + 1)];
    rnn0RecurrentT = new float[RNN0_OUT * RNN0_OUT];
    rnn0States = new float[BATCH * RNN0_LENGTH * RNN0_OUT];
    rnn0Deltas = new float[BATCH * RNN0_LENGTH * RNN0_OUT];
    rnn0Scratch = new double[RNN0_CHUNKS][BATCH * RNN0_OUT];
    preprocessing = PREPROCESSING;
    initParameters(new Rng(SEED));
    rng = new Rng(TRAINING_STREAM_SEED);
  }

  /**
   * The walk forward on batch rows [{@code from}, {@code to}) of {@code n}: per step their rows of
   * h_(t-1) · W_hhᵀ added to the projection, then the activation; range {@code chunk}'s scratch. Runs on any of
   * the pool's threads; writes only these rows of {@code rnn0States}.
   */
  private void rnn0ForwardRows(int n, int from, int to, int chunk) {
    int block = n * RNN0_OUT;
    int rows = to - from;
    for (int t = 0; t < RNN0_LENGTH; t++) {
      int step = t * block + from * RNN0_OUT;
      if (t > 0) {
        Gemm.nn(rows, RNN0_OUT, RNN0_OUT, rnn0States, step - block, RNN0_OUT, rnn0RecurrentT, 0, RNN0_OUT, rnn0States, step, RNN0_OUT, true);
      }
      Tanh.inPlace(rnn0States, step, rows * RNN0_OUT, rnn0Scratch[chunk]);
    }
  }

  /**
   * The walk back on batch rows [{@code from}, {@code to}) of {@code n}: per step, from the last, their
   * rows of delta_t = dh_t ⊙ act'(h_t), then of dh_(t-1) = delta_t · W_hh into the block below. Runs on any of
   * the pool's threads; writes only these rows of {@code rnn0Deltas}.
   */
  private void rnn0BackwardRows(int n, int from, int to) {
    int block = n * RNN0_OUT;
    int rows = to - from;
    for (int t = RNN0_LENGTH - 1; t >= 0; t--) {
      int step = t * block + from * RNN0_OUT;
      for (int e = step; e < step + rows * RNN0_OUT; e++) {
        float h = rnn0States[e];
        rnn0Deltas[e] = rnn0Deltas[e] * (1 - h * h);
      }
      if (t > 0) {
        Gemm.nn(rows, RNN0_OUT, RNN0_OUT, rnn0Deltas, step, RNN0_OUT, params, RNN0_WEIGHT_HH, RNN0_OUT, rnn0Deltas, step - block, RNN0_OUT, false);
      }
    }
  }

  /**
   * Draws every parameter in layer order, weight then bias, as PyTorch does.
   */
  private void initParameters(Rng init) {
    // sine_rnn.optspec:14  rnn(64, activation: tanh, init: xavier)
    Init.uniform(params, RNN0_WEIGHT_IH, RNN0_WEIGHT_IH_SIZE, -RNN0_WEIGHT_IH_BOUND, RNN0_WEIGHT_IH_BOUND, init);
    Init.uniform(params, RNN0_WEIGHT_HH, RNN0_WEIGHT_HH_SIZE, -RNN0_WEIGHT_HH_BOUND, RNN0_WEIGHT_HH_BOUND, init);
    Init.uniform(params, RNN0_BIAS_IH, RNN0_BIAS_IH_SIZE, -RNN0_BIAS_IH_BOUND, RNN0_BIAS_IH_BOUND, init);
    Init.uniform(params, RNN0_BIAS_HH, RNN0_BIAS_HH_SIZE, -RNN0_BIAS_HH_BOUND, RNN0_BIAS_HH_BOUND, init);
    // sine_rnn.optspec:15  dense(1)
    Init.uniform(params, DENSE0_WEIGHT, DENSE0_WEIGHT_SIZE, -DENSE0_WEIGHT_BOUND, DENSE0_WEIGHT_BOUND, init);
    Init.uniform(params, DENSE0_BIAS, DENSE0_BIAS_SIZE, -DENSE0_BIAS_BOUND, DENSE0_BIAS_BOUND, init);
  }

  /**
   * The spec's data section: sine_rnn.optspec:6  data {
   */
  public static DataPipeline data() {
    return DataPipeline.csv("sine.csv")
      .inputs(IN)
      .targets(OUT)
      .split(0.2, 0.1, 1L)
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
    clipGradients();
    update();
    step++;
    return loss;
  }

  /**
   * Forward in training mode, the loss and its gradient, backward through every layer.
   * Leaves the gradients in {@link #gradients} and the parameters unchanged. Returns the mean data loss.
   */
  public double computeGradients(float[] x, float[] y, int n) {
    if (n < 1 || n > BATCH) {
      throw new IllegalArgumentException("rows per step must be in 1..32, got " + n);
    }
    forward(x, n, true);
    double loss = dataLoss(y, n, true);
    backward(x, n);
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
      StopReason stalled = stopRule(validation != null);
      if (stalled != null) {
        // only after a resume: an uninterrupted run stopped at the end of that epoch
        stoppedBecause = stalled.ruleStoppedAfter(epochsDone);
        stopReason = stalled;
        break;
      }
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
      stalled = stopRule(validation != null);
      if (stalled != null) {
        stoppedBecause = stalled.ruleStoppedAfter(epoch);
        stopReason = stalled;
        break;
      }
      StopReason requested = listener.stopRequest();
      if (requested != null) {
        stopReason = requested;
        stoppedBecause = requested + " after epoch " + epoch;
        break;
      }
    }
    stoppedBecause += restoreBestEpoch(validation != null);
    double seconds = (System.nanoTime() - start) / 1e9;
    int epochs = Math.max(0, epochsDone - firstEpoch);
    return new TrainingReport(epochs, step - firstStep, (long) epochs * rows, seconds, history, stoppedBecause, bestEpoch, stopReason);
  }

  /**
   * After epoch {@code epoch}'s steps, before it counts as completed: the parameters' check, the best epoch for early stopping.
   */
  @Override
  public void endEpoch(int epoch, double trainLoss, double validationLoss, boolean validated) {
    checkParameters();
    // Early stopping (sine_rnn.optspec:25  stop when validation_loss stalls for 5 epochs): keep the best epoch's parameters and evaluation state.
    if (validated && validationLoss < bestLoss) {
      bestLoss = validationLoss;
      bestEpoch = epoch;
      System.arraycopy(params, 0, bestParams, 0, PARAMETER_COUNT);
    }
  }

  /**
   * The spec's stop rule (sine_rnn.optspec:25  stop when validation_loss stalls for 5 epochs) after the epochs completed: why to stop, or null.
   */
  @Override
  public StopReason stopRule(boolean validated) {
    if (validated && bestEpoch != epochsDone && epochsDone - bestEpoch >= PATIENCE) {
      return StopReason.earlyStopped("validation_loss", "stalled for " + PATIENCE + " epochs");
    }
    return null;
  }

  /**
   * Puts the best epoch's parameters and evaluation state back; returns the report's note.
   */
  @Override
  public String restoreBestEpoch(boolean validated) {
    if (bestEpoch > 0) {
      System.arraycopy(bestParams, 0, params, 0, PARAMETER_COUNT);
      return String.format(Locale.ROOT, "; restored the best epoch %d (validation_loss %.6g)", bestEpoch, bestLoss);
    }
    return validated ? "" : "; no validation data, so early stopping never ran";
  }

  /**
   * The epoch {@link #restoreBestEpoch} restores (0 before the first validated epoch).
   */
  @Override
  public int restoredEpoch() {
    return bestEpoch;
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
    return Metrics.regression(loss, out, prepared);
  }

  /**
   * Evaluation mode over all rows, ROWS_PER_STEP at a time: writes predictions into {@code out}, returns the mean loss.
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
      for (int i = 0; i < n * OUT; i++) {
        out[from * OUT + i] = dense0Out[i];
      }
    }
    return rows == 0 ? Double.NaN : total / rows;
  }

  /**
   * The model, layer by layer; dropout is active only when {@code training}.
   */
  private void forward(float[] x, int n, boolean training) {
    rnn0Forward(x, n);
    dense0Forward(rnn0Out, n);
  }

  /**
   * sine_rnn.optspec:14  rnn(64, activation: tanh, init: xavier)
   * <p>h_t = tanh(x_t · W_ihᵀ + b_ih + h_(t-1) · W_hhᵀ + b_hh), h_0 = 0; out = h_LENGTH.
   * [x_t | 1] · [W_ih | b_ih + b_hh]ᵀ of all steps is one product; per step only h_(t-1) · W_hhᵀ remains.
   */
  private void rnn0Forward(float[] in, int n) {
    int block = n * RNN0_OUT;
    // [W_ih | b_ih + b_hh] and W_hhᵀ from the parameters.
    for (int j = 0; j < RNN0_OUT; j++) {
      System.arraycopy(params, RNN0_WEIGHT_IH + j * RNN0_FEATURES, rnn0InputWeights, j * (RNN0_FEATURES + 1), RNN0_FEATURES);
      rnn0InputWeights[j * (RNN0_FEATURES + 1) + RNN0_FEATURES] = params[RNN0_BIAS_IH + j] + params[RNN0_BIAS_HH + j];
      for (int k = 0; k < RNN0_OUT; k++) {
        rnn0RecurrentT[k * RNN0_OUT + j] = params[RNN0_WEIGHT_HH + j * RNN0_OUT + k];
      }
    }
    // The inputs time-major, each x_t followed by a 1.
    for (int r = 0; r < n; r++) {
      for (int t = 0; t < RNN0_LENGTH; t++) {
        int row = (t * n + r) * (RNN0_FEATURES + 1);
        System.arraycopy(in, (r * RNN0_LENGTH + t) * RNN0_FEATURES, rnn0Inputs, row, RNN0_FEATURES);
        rnn0Inputs[row + RNN0_FEATURES] = 1;
      }
    }
    // x_t · W_ihᵀ + b_ih + b_hh of every step at once (in runs of steps the BLAS keeps on one thread),
    // then the recurrence step by step, the batch's rows independent (in ranges on both cores when large).
    int projectionSteps = Math.max(1, Gemm.ONE_THREAD_NATIVE_WORK / (n * RNN0_OUT * (RNN0_FEATURES + 1)));
    for (int t0 = 0; t0 < RNN0_LENGTH; t0 += projectionSteps) {
      int rows = Math.min(projectionSteps, RNN0_LENGTH - t0) * n;
      Gemm.nt(rows, RNN0_OUT, RNN0_FEATURES + 1, rnn0Inputs, t0 * n * (RNN0_FEATURES + 1), RNN0_FEATURES + 1, rnn0InputWeights, 0,
          RNN0_FEATURES + 1, rnn0States, t0 * block, RNN0_OUT, false);
    }
    if (n < RNN0_SPLIT_MIN_ROWS) {
      rnn0ForwardRows(n, 0, n, 0);
    } else {
      rnn0Rows.n = n;
      rnn0Rows.backward = false;
      Parallel.run(rnn0Rows, RNN0_CHUNKS);
    }
    System.arraycopy(rnn0States, (RNN0_LENGTH - 1) * block, rnn0Out, 0, block);
  }

  /**
   * sine_rnn.optspec:15  dense(1)
   * <p>{@code out = in · Wᵀ + b}, W stored [DENSE0_OUT × DENSE0_IN].
   */
  private void dense0Forward(float[] in, int n) {
    Gemm.nt(n, DENSE0_OUT, DENSE0_IN, in, 0, DENSE0_IN, params, DENSE0_WEIGHT, DENSE0_IN, dense0Out, 0, DENSE0_OUT, false);
    for (int r = 0; r < n; r++) {
      int row = r * DENSE0_OUT;
      for (int j = 0; j < DENSE0_OUT; j++) {
        dense0Out[row + j] += params[DENSE0_BIAS + j];
      }
    }
  }

  /**
   * sine_rnn.optspec:18  loss mse
   * <p>Mean squared error over all n × OUT elements (torch.nn.MSELoss); when {@code gradient},
   * writes dLoss/dout = 2 (out - y) / (n × OUT) into {@code dense0Grad}.
   */
  private double dataLoss(float[] y, int n, boolean gradient) {
    int count = n * OUT;
    double total = 0;
    double gradScale = 2.0 / count;
    for (int i = 0; i < count; i++) {
      double diff = (double) dense0Out[i] - y[i];
      total += diff * diff;
      if (gradient) {
        dense0Grad[i] = (float) (diff * gradScale);
      }
    }
    return total / count;
  }

  /**
   * Reverse-mode differentiation, layer by layer from the loss back to the first layer with parameters.
   */
  private void backward(float[] x, int n) {
    dense0Backward(rnn0Out, n);
    rnn0Backward(n);
  }

  /**
   * sine_rnn.optspec:15  dense(1)
   * <p>dW = dOutᵀ · in, db = Σ_rows dOut, dIn = dOut · W.
   */
  private void dense0Backward(float[] in, int n) {
    Gemm.tn(DENSE0_OUT, DENSE0_IN, n, dense0Grad, 0, DENSE0_OUT, in, 0, DENSE0_IN, grads, DENSE0_WEIGHT, DENSE0_IN, false);
    for (int j = 0; j < DENSE0_OUT; j++) {
      double sum = 0;
      for (int r = 0; r < n; r++) {
        sum += dense0Grad[r * DENSE0_OUT + j];
      }
      grads[DENSE0_BIAS + j] = (float) sum;
    }
    Gemm.nn(n, DENSE0_IN, DENSE0_OUT, dense0Grad, 0, DENSE0_OUT, params, DENSE0_WEIGHT, DENSE0_IN, rnn0Grad, 0, DENSE0_IN, false);
  }

  /**
   * sine_rnn.optspec:14  rnn(64, activation: tanh, init: xavier)
   * <p>Backpropagation through time: from dh_LENGTH = dOut, at each step back
   * delta_t = dh_t ⊙ act'(h_t) and dh_(t-1) = delta_t · W_hh; then, over all steps at once,
   * [dW_ih | db] = Σ delta_tᵀ [x_t | 1] (db_ih = db_hh = db) and dW_hh = Σ delta_tᵀ h_(t-1).
   */
  private void rnn0Backward(int n) {
    int block = n * RNN0_OUT;
    // dLoss/dh_LENGTH = dOut; each step back turns its block into delta_t and writes dh_(t-1) below it,
    // the batch's rows independent (in ranges on both cores when large).
    System.arraycopy(rnn0Grad, 0, rnn0Deltas, (RNN0_LENGTH - 1) * block, block);
    if (n < RNN0_SPLIT_MIN_ROWS) {
      rnn0BackwardRows(n, 0, n);
    } else {
      rnn0Rows.n = n;
      rnn0Rows.backward = true;
      Parallel.run(rnn0Rows, RNN0_CHUNKS);
    }
    // [dW_ih | db] = Σ_t delta_tᵀ [x_t | 1] over all steps, accumulated over runs of steps the BLAS keeps on
    // one thread; db is both bias gradients.
    int inputSteps = Math.max(1, Gemm.ONE_THREAD_NATIVE_WORK / (n * RNN0_OUT * (RNN0_FEATURES + 1)));
    for (int t0 = 0; t0 < RNN0_LENGTH; t0 += inputSteps) {
      int rows = Math.min(inputSteps, RNN0_LENGTH - t0) * n;
      Gemm.tn(RNN0_OUT, RNN0_FEATURES + 1, rows, rnn0Deltas, t0 * block, RNN0_OUT, rnn0Inputs, t0 * n * (RNN0_FEATURES + 1),
          RNN0_FEATURES + 1, rnn0InputGradient, 0, RNN0_FEATURES + 1, t0 > 0);
    }
    for (int j = 0; j < RNN0_OUT; j++) {
      System.arraycopy(rnn0InputGradient, j * (RNN0_FEATURES + 1), grads, RNN0_WEIGHT_IH + j * RNN0_FEATURES, RNN0_FEATURES);
      grads[RNN0_BIAS_IH + j] = rnn0InputGradient[j * (RNN0_FEATURES + 1) + RNN0_FEATURES];
      grads[RNN0_BIAS_HH + j] = grads[RNN0_BIAS_IH + j];
    }
    // dW_hh = Σ_(t≥2) delta_tᵀ h_(t-1) (h_0 = 0: step 1 adds nothing), accumulated over runs of steps the
    // BLAS keeps on one thread.
    int recurrentSteps = Math.max(1, Gemm.ONE_THREAD_NATIVE_WORK / (n * RNN0_OUT * RNN0_OUT));
    for (int t0 = 1; t0 < RNN0_LENGTH; t0 += recurrentSteps) {
      int rows = Math.min(recurrentSteps, RNN0_LENGTH - t0) * n;
      Gemm.tn(RNN0_OUT, RNN0_OUT, rows, rnn0Deltas, t0 * block, RNN0_OUT, rnn0States, (t0 - 1) * block, RNN0_OUT,
          grads, RNN0_WEIGHT_HH, RNN0_OUT, t0 > 1);
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
      throw new DivergenceException(step + 1, "the gradient of parameter group 'default' (rnn0.weight_ih, rnn0.weight_hh, rnn0.bias_ih, rnn0.bias_hh, dense0.weight, dense0.bias)", Vectors.sumOfSquares(grads, DEFAULT_START, DEFAULT_END - DEFAULT_START));
    }
  }

  /**
   * Stops at a parameter the updates made NaN or infinite: after every epoch and before every save.
   */
  private void checkParameters() {
    if (!Vectors.allFinite(params, RNN0_WEIGHT_IH, RNN0_WEIGHT_IH_SIZE)) {
      throw new DivergenceException(step, "parameter rnn0.weight_ih after the update", Vectors.sumOfSquares(params, RNN0_WEIGHT_IH, RNN0_WEIGHT_IH_SIZE));
    }
    if (!Vectors.allFinite(params, RNN0_WEIGHT_HH, RNN0_WEIGHT_HH_SIZE)) {
      throw new DivergenceException(step, "parameter rnn0.weight_hh after the update", Vectors.sumOfSquares(params, RNN0_WEIGHT_HH, RNN0_WEIGHT_HH_SIZE));
    }
    if (!Vectors.allFinite(params, RNN0_BIAS_IH, RNN0_BIAS_IH_SIZE)) {
      throw new DivergenceException(step, "parameter rnn0.bias_ih after the update", Vectors.sumOfSquares(params, RNN0_BIAS_IH, RNN0_BIAS_IH_SIZE));
    }
    if (!Vectors.allFinite(params, RNN0_BIAS_HH, RNN0_BIAS_HH_SIZE)) {
      throw new DivergenceException(step, "parameter rnn0.bias_hh after the update", Vectors.sumOfSquares(params, RNN0_BIAS_HH, RNN0_BIAS_HH_SIZE));
    }
    if (!Vectors.allFinite(params, DENSE0_WEIGHT, DENSE0_WEIGHT_SIZE)) {
      throw new DivergenceException(step, "parameter dense0.weight after the update", Vectors.sumOfSquares(params, DENSE0_WEIGHT, DENSE0_WEIGHT_SIZE));
    }
    if (!Vectors.allFinite(params, DENSE0_BIAS, DENSE0_BIAS_SIZE)) {
      throw new DivergenceException(step, "parameter dense0.bias after the update", Vectors.sumOfSquares(params, DENSE0_BIAS, DENSE0_BIAS_SIZE));
    }
  }

  /**
   * sine_rnn.optspec:21  clip value(1.0)
   * <p>torch.nn.utils.clip_grad_value_: every gradient element into [-max, max].
   */
  private void clipGradients() {
    float max = (float) CLIP_MAX_VALUE;
    for (int i = 0; i < PARAMETER_COUNT; i++) {
      grads[i] = Math.max(-max, Math.min(max, grads[i]));
    }
  }

  /**
   * sine_rnn.optspec:20  optimizer rmsprop(lr: 1e-3, alpha: 0.9)
   * <p>The learning rate of this step from the schedule, then one fused loop per parameter group.
   */
  private void update() {
    double lr = scheduled(LR, step);
    lastLr = lr;
    updateDefault(lr);
  }

  /**
   * sine_rnn.optspec:20  optimizer rmsprop(lr: 1e-3, alpha: 0.9)
   * <p>Group {@code default}: rnn0.weight_ih, rnn0.weight_hh, rnn0.bias_ih, rnn0.bias_hh, dense0.weight, dense0.bias.
   */
  private void updateDefault(double lr) {
    float rate = (float) lr;
    float alpha = (float) ALPHA;
    float oneMinusAlpha = (float) (1 - ALPHA);
    float eps = (float) EPS;
    for (int i = DEFAULT_START; i < DEFAULT_END; i++) {
      float u = grads[i];
      squareAvg[i] = alpha * squareAvg[i] + oneMinusAlpha * u * u;
      float avg = (float) Math.sqrt(squareAvg[i]) + eps;
      params[i] -= rate * u / avg;
    }
  }

  /**
   * The first group's learning rate at optimizer step {@code step} (counted from 0).
   */
  @Override
  public double learningRate(long step) {
    return scheduled(LR, step);
  }

  /**
   * sine_rnn.optspec:3  trainer SineForecaster {
   * <p>Closed form of the schedule for a group whose base learning rate is {@code base}; each phase's
   * clock restarts at 0 (SequentialLR).
   */
  private double scheduled(double base, long step) {
    if (!Double.isNaN(lrOverride)) {
      // overrideLearningRate: each group in proportion to its base
      return base / LR * lrOverride;
    }
    long t = step;
    // constant: base · factor
    return base * CONSTANT_FACTOR;
  }

  @Override
  public void overrideLearningRate(double lr) {
    lrOverride = lr;
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
  public SineForecasterModel model() {
    if (!preprocessing.isFitted()) {
      throw new IllegalStateException("the model's preprocessing (" + preprocessing.describe() + ") is not fitted yet: fit the trainer, or load a checkpoint, first");
    }
    return new SineForecasterModel(params.clone(), preprocessing, new double[][] {});
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
    checkpoint.metadata("optspec.state.bestLoss", Long.toString(Double.doubleToRawLongBits(bestLoss)));
    checkpoint.metadata("optspec.state.bestEpoch", Long.toString(bestEpoch));
    checkpoint.add("rnn0.weight_ih", params, RNN0_WEIGHT_IH, RNN0_WEIGHT_IH_SIZE, 64, 1);
    checkpoint.add("rnn0.weight_hh", params, RNN0_WEIGHT_HH, RNN0_WEIGHT_HH_SIZE, 64, 64);
    checkpoint.add("rnn0.bias_ih", params, RNN0_BIAS_IH, RNN0_BIAS_IH_SIZE, 64);
    checkpoint.add("rnn0.bias_hh", params, RNN0_BIAS_HH, RNN0_BIAS_HH_SIZE, 64);
    checkpoint.add("dense0.weight", params, DENSE0_WEIGHT, DENSE0_WEIGHT_SIZE, 1, 64);
    checkpoint.add("dense0.bias", params, DENSE0_BIAS, DENSE0_BIAS_SIZE, 1);
    checkpoint.add("optimizer.square_avg.rnn0.weight_ih", squareAvg, RNN0_WEIGHT_IH, RNN0_WEIGHT_IH_SIZE, 64, 1);
    checkpoint.add("optimizer.square_avg.rnn0.weight_hh", squareAvg, RNN0_WEIGHT_HH, RNN0_WEIGHT_HH_SIZE, 64, 64);
    checkpoint.add("optimizer.square_avg.rnn0.bias_ih", squareAvg, RNN0_BIAS_IH, RNN0_BIAS_IH_SIZE, 64);
    checkpoint.add("optimizer.square_avg.rnn0.bias_hh", squareAvg, RNN0_BIAS_HH, RNN0_BIAS_HH_SIZE, 64);
    checkpoint.add("optimizer.square_avg.dense0.weight", squareAvg, DENSE0_WEIGHT, DENSE0_WEIGHT_SIZE, 1, 64);
    checkpoint.add("optimizer.square_avg.dense0.bias", squareAvg, DENSE0_BIAS, DENSE0_BIAS_SIZE, 1);
    checkpoint.add("trainer.early_stopping.best.rnn0.weight_ih", bestParams, RNN0_WEIGHT_IH, RNN0_WEIGHT_IH_SIZE, 64, 1);
    checkpoint.add("trainer.early_stopping.best.rnn0.weight_hh", bestParams, RNN0_WEIGHT_HH, RNN0_WEIGHT_HH_SIZE, 64, 64);
    checkpoint.add("trainer.early_stopping.best.rnn0.bias_ih", bestParams, RNN0_BIAS_IH, RNN0_BIAS_IH_SIZE, 64);
    checkpoint.add("trainer.early_stopping.best.rnn0.bias_hh", bestParams, RNN0_BIAS_HH, RNN0_BIAS_HH_SIZE, 64);
    checkpoint.add("trainer.early_stopping.best.dense0.weight", bestParams, DENSE0_WEIGHT, DENSE0_WEIGHT_SIZE, 1, 64);
    checkpoint.add("trainer.early_stopping.best.dense0.bias", bestParams, DENSE0_BIAS, DENSE0_BIAS_SIZE, 1);
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
    checkpoint.expect("rnn0.weight_ih", DType.F32, 64, 1);
    checkpoint.expect("rnn0.weight_hh", DType.F32, 64, 64);
    checkpoint.expect("rnn0.bias_ih", DType.F32, 64);
    checkpoint.expect("rnn0.bias_hh", DType.F32, 64);
    checkpoint.expect("dense0.weight", DType.F32, 1, 64);
    checkpoint.expect("dense0.bias", DType.F32, 1);
    checkpoint.expect("optimizer.square_avg.rnn0.weight_ih", DType.F32, 64, 1);
    checkpoint.expect("optimizer.square_avg.rnn0.weight_hh", DType.F32, 64, 64);
    checkpoint.expect("optimizer.square_avg.rnn0.bias_ih", DType.F32, 64);
    checkpoint.expect("optimizer.square_avg.rnn0.bias_hh", DType.F32, 64);
    checkpoint.expect("optimizer.square_avg.dense0.weight", DType.F32, 1, 64);
    checkpoint.expect("optimizer.square_avg.dense0.bias", DType.F32, 1);
    checkpoint.expect("trainer.early_stopping.best.rnn0.weight_ih", DType.F32, 64, 1);
    checkpoint.expect("trainer.early_stopping.best.rnn0.weight_hh", DType.F32, 64, 64);
    checkpoint.expect("trainer.early_stopping.best.rnn0.bias_ih", DType.F32, 64);
    checkpoint.expect("trainer.early_stopping.best.rnn0.bias_hh", DType.F32, 64);
    checkpoint.expect("trainer.early_stopping.best.dense0.weight", DType.F32, 1, 64);
    checkpoint.expect("trainer.early_stopping.best.dense0.bias", DType.F32, 1);
    long savedStep = checkpoint.metadataLong("optspec.step", 0, Long.MAX_VALUE);
    long savedEpoch = checkpoint.metadataLong("optspec.epoch", 0, Integer.MAX_VALUE);
    long savedRng = checkpoint.metadataLong("optspec.rng_state");
    int[] savedOrder = checkpoint.tensors().containsKey("trainer.order") ? checkpoint.permutation("trainer.order") : null;
    checkpoint.requireProgress(savedStep, savedEpoch, savedOrder, ROWS_PER_STEP, 1);
    Preprocessing savedPreprocessing = PREPROCESSING.readFrom(checkpoint, false);
    long savedBestLoss = checkpoint.metadataLong("optspec.state.bestLoss");
    long savedBestEpoch = checkpoint.metadataLong("optspec.state.bestEpoch", 0, savedEpoch);
    checkpoint.copy("rnn0.weight_ih", params, RNN0_WEIGHT_IH);
    checkpoint.copy("rnn0.weight_hh", params, RNN0_WEIGHT_HH);
    checkpoint.copy("rnn0.bias_ih", params, RNN0_BIAS_IH);
    checkpoint.copy("rnn0.bias_hh", params, RNN0_BIAS_HH);
    checkpoint.copy("dense0.weight", params, DENSE0_WEIGHT);
    checkpoint.copy("dense0.bias", params, DENSE0_BIAS);
    checkpoint.copy("optimizer.square_avg.rnn0.weight_ih", squareAvg, RNN0_WEIGHT_IH);
    checkpoint.copy("optimizer.square_avg.rnn0.weight_hh", squareAvg, RNN0_WEIGHT_HH);
    checkpoint.copy("optimizer.square_avg.rnn0.bias_ih", squareAvg, RNN0_BIAS_IH);
    checkpoint.copy("optimizer.square_avg.rnn0.bias_hh", squareAvg, RNN0_BIAS_HH);
    checkpoint.copy("optimizer.square_avg.dense0.weight", squareAvg, DENSE0_WEIGHT);
    checkpoint.copy("optimizer.square_avg.dense0.bias", squareAvg, DENSE0_BIAS);
    checkpoint.copy("trainer.early_stopping.best.rnn0.weight_ih", bestParams, RNN0_WEIGHT_IH);
    checkpoint.copy("trainer.early_stopping.best.rnn0.weight_hh", bestParams, RNN0_WEIGHT_HH);
    checkpoint.copy("trainer.early_stopping.best.rnn0.bias_ih", bestParams, RNN0_BIAS_IH);
    checkpoint.copy("trainer.early_stopping.best.rnn0.bias_hh", bestParams, RNN0_BIAS_HH);
    checkpoint.copy("trainer.early_stopping.best.dense0.weight", bestParams, DENSE0_WEIGHT);
    checkpoint.copy("trainer.early_stopping.best.dense0.bias", bestParams, DENSE0_BIAS);
    bestLoss = Double.longBitsToDouble(savedBestLoss);
    bestEpoch = (int) savedBestEpoch;
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
    weights.expect("rnn0.weight_ih", "0.weight_ih_l0", "sine_rnn.optspec:14  rnn(64, activation: tanh, init: xavier)", 64, 1);
    weights.expect("rnn0.weight_hh", "0.weight_hh_l0", "sine_rnn.optspec:14  rnn(64, activation: tanh, init: xavier)", 64, 64);
    weights.expect("rnn0.bias_ih", "0.bias_ih_l0", "sine_rnn.optspec:14  rnn(64, activation: tanh, init: xavier)", 64);
    weights.expect("rnn0.bias_hh", "0.bias_hh_l0", "sine_rnn.optspec:14  rnn(64, activation: tanh, init: xavier)", 64);
    weights.expect("dense0.weight", "1.weight", "sine_rnn.optspec:15  dense(1)", 1, 64);
    weights.expect("dense0.bias", "1.bias", "sine_rnn.optspec:15  dense(1)", 1);
    weights.refuseOthers();
    weights.copy("rnn0.weight_ih", params, RNN0_WEIGHT_IH);
    weights.copy("rnn0.weight_hh", params, RNN0_WEIGHT_HH);
    weights.copy("rnn0.bias_ih", params, RNN0_BIAS_IH);
    weights.copy("rnn0.bias_hh", params, RNN0_BIAS_HH);
    weights.copy("dense0.weight", params, DENSE0_WEIGHT);
    weights.copy("dense0.bias", params, DENSE0_BIAS);
  }

  @Override
  public int batchSize() {
    return ROWS_PER_STEP;
  }

  @Override
  public int epochs() {
    return EPOCHS;
  }

  @Override
  public double gradientSum(Dataset data, int[] order, int from, int n, double[] sum) {
    checkShape(data);
    gather(data, order, from, n);
    double loss = computeGradients(xBatch, yBatch, n);
    for (int i = 0; i < PARAMETER_COUNT; i++) {
      sum[i] += (double) grads[i] * n;
    }
    return loss * n;
  }

  @Override
  public void applyGradientSum(double[] sum, int rows, double loss) {
    for (int i = 0; i < PARAMETER_COUNT; i++) {
      grads[i] = (float) (sum[i] / rows);
    }
    checkFinite(loss);
    clipGradients();
    update();
    step++;
  }

  @Override
  public int[] shuffleForEpoch(int rows) {
    if (order == null || order.length != rows) {
      order = new int[rows];
      for (int i = 0; i < rows; i++) {
        order[i] = i;
      }
    }
    rng.shuffle(order, rows);
    return order;
  }

  @Override
  public void usePreprocessing(Preprocessing fitted) {
    if (!fitted.isFitted() || fitted.features() != IN) {
      throw new IllegalArgumentException("expected this spec's preprocessing, fitted, got " + fitted);
    }
    preprocessing = fitted;
  }

  @Override
  public void completeEpoch() {
    epochsDone++;
  }

  @Override
  public double lastLearningRate() {
    return lastLr;
  }

  @Override
  public void setParameters(double[] values) {
    if (values.length != PARAMETER_COUNT) {
      throw new IllegalArgumentException("expected " + PARAMETER_COUNT + " parameters, got " + values.length);
    }
    for (int i = 0; i < PARAMETER_COUNT; i++) {
      params[i] = (float) values[i];
    }
  }

  @Override
  public int optimizerStateSize() {
    return PARAMETER_COUNT;
  }

  @Override
  public double[] optimizerState() {
    double[] out = new double[optimizerStateSize()];
    int at = 0;
    for (int i = 0; i < PARAMETER_COUNT; i++) {
      out[at++] = squareAvg[0 + i];
    }
    return out;
  }

  @Override
  public void setOptimizerState(double[] values) {
    if (values.length != optimizerStateSize()) {
      throw new IllegalArgumentException("expected " + optimizerStateSize() + " optimizer state values, got " + values.length);
    }
    int at = 0;
    for (int i = 0; i < PARAMETER_COUNT; i++) {
      squareAvg[0 + i] = (float) values[at++];
    }
  }

  @Override
  public double[] scheduleState() {
    return new double[] {lrOverride};
  }

  @Override
  public void setScheduleState(double[] values) {
    if (values.length != 1) {
      throw new IllegalArgumentException("expected 1 schedule state values, got " + values.length);
    }
    lrOverride = values[0];
  }

  @Override
  public void setStepCount(long step) {
    this.step = step;
  }

  @Override
  public boolean randomInTraining() {
    return false;
  }

  @Override
  public long randomState() {
    return rng.state();
  }

  @Override
  public void setRandomState(long state) {
    rng.setState(state);
  }

  /**
   * The settings this trainer was built with.
   */
  public Settings settings() {
    return settings;
  }

  /**
   * Range {@code chunk} of rnn0's walks forward and back: batch rows n·chunk/RNN0_CHUNKS up to n·(chunk+1)/RNN0_CHUNKS.
   */
  private final class Rnn0Rows implements Parallel.RangeTask {
    private int n;

    private boolean backward;

    @Override
    public void run(int chunk) {
      int from = (int) ((long) n * chunk / RNN0_CHUNKS);
      int to = (int) ((long) n * (chunk + 1) / RNN0_CHUNKS);
      if (backward) {
        rnn0BackwardRows(n, from, to);
      } else {
        rnn0ForwardRows(n, from, to, chunk);
      }
    }
  }

  /**
   * The settings of this trainer that change neither a buffer's shape nor the code (the batch may only be
   * lowered: the buffers are sized for the spec's). {@link #defaults()} are the spec's values; each is checked
   * at construction against the range the compiler checks the spec's value against, with its message. A
   * trainer built with settings S trains bit for bit as the trainer of the spec with S written in.
   */
  public static record Settings(int batch, int epochs, long seed, double lr, double alpha,
      double eps, double constantFactor, double clipMaxValue, long patience) {
    public static final SettingKey BATCH_KEY = SettingKey.whole("batch", "batch", "batch", new SettingRange(1, true, 32, true));

    public static final SettingKey EPOCHS_KEY = SettingKey.whole("epochs", "epochs", "epochs", new SettingRange(1, true, 100000000, true));

    public static final SettingKey SEED_KEY = SettingKey.whole("seed", "seed", "seed", new SettingRange(0, true, 9.223372036854776E18, true));

    public static final SettingKey LR_KEY = SettingKey.of("optimizer.lr", "lr", "rmsprop lr", SettingRange.above(0));

    public static final SettingKey ALPHA_KEY = SettingKey.of("optimizer.alpha", "alpha", "rmsprop alpha", SettingRange.atLeast(0));

    public static final SettingKey EPS_KEY = SettingKey.of("optimizer.eps", "eps", "rmsprop eps", SettingRange.atLeast(0));

    public static final SettingKey CONSTANT_FACTOR_KEY = SettingKey.of("schedule.constant.factor", "constantFactor", "constant factor", SettingRange.above(0));

    public static final SettingKey CLIP_MAX_VALUE_KEY = SettingKey.of("clip.max", "clipMaxValue", "value max", SettingRange.above(0));

    public static final SettingKey PATIENCE_KEY = SettingKey.whole("stop.patience", "patience", "stop patience", SettingRange.atLeast(1));

    /**
     * Every setting, in the order of the components.
     */
    public static final List<SettingKey> KEYS = List.of(BATCH_KEY, EPOCHS_KEY, SEED_KEY, LR_KEY, ALPHA_KEY, EPS_KEY, CONSTANT_FACTOR_KEY, CLIP_MAX_VALUE_KEY, PATIENCE_KEY);

    public Settings {
      BATCH_KEY.check(batch);
      EPOCHS_KEY.check(epochs);
      SEED_KEY.check(seed);
      LR_KEY.check(lr);
      ALPHA_KEY.check(alpha);
      EPS_KEY.check(eps);
      CONSTANT_FACTOR_KEY.check(constantFactor);
      CLIP_MAX_VALUE_KEY.check(clipMaxValue);
      PATIENCE_KEY.check(patience);
    }

    /**
     * The spec's values.
     */
    public static Settings defaults() {
      return new Settings(32, 30, 7L, 0.001, 0.9, 1.0E-8, 1.0, 1.0, 5L);
    }

    /**
     * These settings with {@code batch} (the spec's {@code batch}).
     */
    public Settings withBatch(int batch) {
      return new Settings(batch, epochs, seed, lr, alpha, eps, constantFactor, clipMaxValue, patience);
    }

    /**
     * These settings with {@code epochs} (the spec's {@code epochs}).
     */
    public Settings withEpochs(int epochs) {
      return new Settings(batch, epochs, seed, lr, alpha, eps, constantFactor, clipMaxValue, patience);
    }

    /**
     * These settings with {@code seed} (the spec's {@code seed}).
     */
    public Settings withSeed(long seed) {
      return new Settings(batch, epochs, seed, lr, alpha, eps, constantFactor, clipMaxValue, patience);
    }

    /**
     * These settings with {@code lr} (the spec's {@code optimizer.lr}).
     */
    public Settings withLr(double lr) {
      return new Settings(batch, epochs, seed, lr, alpha, eps, constantFactor, clipMaxValue, patience);
    }

    /**
     * These settings with {@code alpha} (the spec's {@code optimizer.alpha}).
     */
    public Settings withAlpha(double alpha) {
      return new Settings(batch, epochs, seed, lr, alpha, eps, constantFactor, clipMaxValue, patience);
    }

    /**
     * These settings with {@code eps} (the spec's {@code optimizer.eps}).
     */
    public Settings withEps(double eps) {
      return new Settings(batch, epochs, seed, lr, alpha, eps, constantFactor, clipMaxValue, patience);
    }

    /**
     * These settings with {@code constantFactor} (the spec's {@code schedule.constant.factor}).
     */
    public Settings withConstantFactor(double constantFactor) {
      return new Settings(batch, epochs, seed, lr, alpha, eps, constantFactor, clipMaxValue, patience);
    }

    /**
     * These settings with {@code clipMaxValue} (the spec's {@code clip.max}).
     */
    public Settings withClipMaxValue(double clipMaxValue) {
      return new Settings(batch, epochs, seed, lr, alpha, eps, constantFactor, clipMaxValue, patience);
    }

    /**
     * These settings with {@code patience} (the spec's {@code stop.patience}).
     */
    public Settings withPatience(long patience) {
      return new Settings(batch, epochs, seed, lr, alpha, eps, constantFactor, clipMaxValue, patience);
    }
  }
}
