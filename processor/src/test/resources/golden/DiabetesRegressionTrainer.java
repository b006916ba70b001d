package org.optspec.generated;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
import org.optspec.runtime.kernels.Vectors;
import org.optspec.runtime.progress.DivergenceException;
import org.optspec.runtime.settings.RecordedSettings;
import org.optspec.runtime.settings.SettingKey;
import org.optspec.runtime.settings.SettingRange;

/**
 * Trains {@code DiabetesRegression} as diabetes.optspec says: generated, do not edit.
 *
 * <p>Parameters live in one flat {@code double[]} array laid out group by group (dense0.weight, dense0.bias);
 * gradients and optimizer state use the same layout.
 */
@Generated(
    value = "org.optspec.processor.TrainerGenerator",
    comments = "from diabetes.optspec"
)
public final class DiabetesRegressionTrainer implements DataParallelTrainer {
  /**
   * The spec's name.
   */
  static final String NAME = "DiabetesRegression";

  /**
   * The most rows a step takes (the spec's batch); every buffer is sized for it.
   */
  static final int BATCH = 64;

  /**
   * Inputs per sample.
   */
  static final int IN = 10;

  /**
   * Regression targets per sample.
   */
  static final int OUT = 1;

  /**
   * Target columns per row.
   */
  static final int TARGET_COLUMNS = 1;

  /**
   * The spec's preprocessing (diabetes.optspec:6  data {), unfitted: the trainer fits it on its training rows.
   */
  static final Preprocessing PREPROCESSING = Preprocessing.recipe(IN, TARGET_COLUMNS)
      .standardizeFeatures()
      .build();

  /**
   * diabetes.optspec:15  dense(1, init: zeros)
   */
  static final int DENSE0_IN = 10;

  static final int DENSE0_OUT = 1;

  /**
   * Offset of {@code dense0.weight} in the flat arrays.
   */
  static final int DENSE0_WEIGHT = 0;

  static final int DENSE0_WEIGHT_SIZE = 10;

  /**
   * Offset of {@code dense0.bias} in the flat arrays.
   */
  static final int DENSE0_BIAS = 10;

  static final int DENSE0_BIAS_SIZE = 1;

  static final int PARAMETER_COUNT = 11;

  /**
   * Initializes {@code dense0.weight}: zeros
   */
  static final double DENSE0_WEIGHT_VALUE = 0.0;

  /**
   * Initializes {@code dense0.bias}: torch nn.Linear default bias: U(±1/sqrt(fan_in = 10))
   */
  static final double DENSE0_BIAS_BOUND = 0.31622776601683794;

  /**
   * Optimizer group {@code default}: parameters [DEFAULT_START, DEFAULT_END).
   */
  static final int DEFAULT_START = 0;

  static final int DEFAULT_END = 11;

  static final double WEIGHT_DECAY = 0.0;

  /**
   * diabetes.optspec:22  schedule step(every: 25 epochs, gamma: 0.5)
   */
  static final double STEP_EVERY_EPOCHS = 25.0;

  /**
   * SHA-256 of the spec's canonical text (tokens without comments or spacing); checkpoints carry it.
   */
  static final String SPEC_SHA256 = "f0c404cb8d7826ac87da81505a1823ceef1402130ed587058e7e4a2eafe728f5";

  /**
   * Seeds initialization ({@code new Rng(SEED)}); shuffling and dropout draw from a second stream.
   *
   * <p>The setting {@code seed}; the spec says 1.
   */
  private final long SEED;

  /**
   * Seeds the stream that shuffles the training rows and draws dropout masks.
   */
  private final long TRAINING_STREAM_SEED;

  /**
   * Rows per step of fit and predict: the epoch is cut into batches of this many rows (the last may have fewer).
   *
   * <p>The setting {@code batch}; the spec says 64.
   */
  private final int ROWS_PER_STEP;

  /**
   * The setting {@code epochs}; the spec says 100.
   */
  private final int EPOCHS;

  /**
   * diabetes.optspec:21  optimizer sgd(lr: 0.01, momentum: 0.9, nesterov: true)
   *
   * <p>The setting {@code optimizer.lr}; the spec says 0.01.
   */
  private final double LR;

  /**
   * The setting {@code optimizer.momentum}; the spec says 0.9.
   */
  private final double MOMENTUM;

  /**
   * The setting {@code optimizer.dampening}; the spec says 0.0.
   */
  private final double DAMPENING;

  /**
   * The setting {@code schedule.step.gamma}; the spec says 0.5.
   */
  private final double STEP_GAMMA;

  /**
   * diabetes.optspec:19  regularize elastic_net(l1: 1e-4, l2: 1e-3, on: weights)
   *
   * <p>The setting {@code regularizer.l1}; the spec says 1.0E-4.
   */
  private final double L1;

  /**
   * The setting {@code regularizer.l2}; the spec says 0.001.
   */
  private final double L2;

  /**
   * The settings this trainer was built with; checkpoints record them.
   */
  private final Settings settings;

  /**
   * All parameters, flat; see the offsets above.
   */
  private final double[] params;

  /**
   * Gradients, in the layout of {@link #params}.
   */
  private final double[] grads;

  /**
   * Optimizer state (scale_by_momentum_torch's buffer, torch.optim.SGD's momentum_buffer), in the layout of {@link #params}.
   */
  private final double[] momentumBuffer;

  /**
   * Inputs gathered from a Dataset, BATCH × IN.
   */
  private final double[] xBatch;

  /**
   * Targets gathered from a Dataset, BATCH × TARGET_COLUMNS.
   */
  private final double[] yBatch;

  /**
   * Output of dense0, BATCH × DENSE0_OUT.
   */
  private final double[] dense0Out;

  /**
   * dLoss/d(output of dense0), BATCH × DENSE0_OUT.
   */
  private final double[] dense0Grad;

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
   * The first group's learning rate instead of the schedule's when not NaN ({@code overrideLearningRate}).
   */
  private double lrOverride = Double.NaN;

  /**
   * A trainer with the spec's settings ({@link Settings#defaults()}).
   */
  public DiabetesRegressionTrainer() {
    this(Settings.defaults());
  }

  /**
   * Allocates every buffer for BATCH rows and initializes the parameters from the seed of {@code settings}.
   */
  public DiabetesRegressionTrainer(Settings settings) {
    this.settings = settings;
    ROWS_PER_STEP = settings.batch();
    EPOCHS = settings.epochs();
    SEED = settings.seed();
    LR = settings.lr();
    MOMENTUM = settings.momentum();
    DAMPENING = settings.dampening();
    STEP_GAMMA = settings.stepGamma();
    L1 = settings.l1();
    L2 = settings.l2();
    TRAINING_STREAM_SEED = SEED ^ 0x9E3779B97F4A7C15L;
    params = new double[PARAMETER_COUNT];
    grads = new double[PARAMETER_COUNT];
    momentumBuffer = new double[PARAMETER_COUNT];
    xBatch = new double[BATCH * IN];
    yBatch = new double[BATCH * TARGET_COLUMNS];
    dense0Out = new double[BATCH * DENSE0_OUT];
    dense0Grad = new double[BATCH * DENSE0_OUT];
    preprocessing = PREPROCESSING;
    initParameters(new Rng(SEED));
    rng = new Rng(TRAINING_STREAM_SEED);
  }

  /**
   * Draws every parameter in layer order, weight then bias, as PyTorch does.
   */
  private void initParameters(Rng init) {
    // diabetes.optspec:15  dense(1, init: zeros)
    Init.constant(params, DENSE0_WEIGHT, DENSE0_WEIGHT_SIZE, DENSE0_WEIGHT_VALUE);
    Init.uniform(params, DENSE0_BIAS, DENSE0_BIAS_SIZE, -DENSE0_BIAS_BOUND, DENSE0_BIAS_BOUND, init);
  }

  /**
   * The spec's data section: diabetes.optspec:6  data {
   */
  public static DataPipeline data() {
    return DataPipeline.csv("diabetes.csv")
      .inputs(IN)
      .targets(OUT)
      .preprocess(PREPROCESSING)
      .split(0.2, 0.0, 3L)
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
  public double step(double[] x, double[] y, int n) {
    double loss = computeGradients(x, y, n);
    checkFinite(loss);
    update();
    step++;
    return loss;
  }

  /**
   * Forward in training mode, the loss and its gradient, backward through every layer, and the regularization gradient.
   * Leaves the gradients in {@link #gradients} and the parameters unchanged. Returns the mean data loss.
   */
  public double computeGradients(double[] x, double[] y, int n) {
    if (n < 1 || n > BATCH) {
      throw new IllegalArgumentException("rows per step must be in 1..64, got " + n);
    }
    double loss = dense0MseGradients(x, y, n);
    addRegularizationGradient();
    return loss;
  }

  /**
   * The mean data loss on {@code n <= BATCH} rows in evaluation mode; changes nothing but scratch buffers.
   */
  public double loss(double[] x, double[] y, int n) {
    if (n < 1 || n > BATCH) {
      throw new IllegalArgumentException("rows must be in 1..64, got " + n);
    }
    forward(x, n, false);
    return dataLoss(y, n, false);
  }

  @Override
  public double step(Dataset data, int[] order, int from, int n) {
    checkShape(data);
    stepsPerEpoch = (data.rows() + ROWS_PER_STEP - 1) / ROWS_PER_STEP;
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
    stepsPerEpoch = steps;
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
  @Override
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
  private void forward(double[] x, int n, boolean training) {
    dense0Forward(x, n);
  }

  /**
   * diabetes.optspec:15  dense(1, init: zeros)
   * <p>{@code out = in · Wᵀ + b}, W stored [DENSE0_OUT × DENSE0_IN].
   */
  private void dense0Forward(double[] in, int n) {
    Gemm.nt(n, DENSE0_OUT, DENSE0_IN, in, 0, DENSE0_IN, params, DENSE0_WEIGHT, DENSE0_IN, dense0Out, 0, DENSE0_OUT, false);
    for (int r = 0; r < n; r++) {
      int row = r * DENSE0_OUT;
      for (int j = 0; j < DENSE0_OUT; j++) {
        dense0Out[row + j] += params[DENSE0_BIAS + j];
      }
    }
  }

  /**
   * diabetes.optspec:18  loss mse
   * <p>Mean squared error over all n × OUT elements (torch.nn.MSELoss); when {@code gradient},
   * writes dLoss/dout = 2 (out - y) / (n × OUT) into {@code dense0Grad}.
   */
  private double dataLoss(double[] y, int n, boolean gradient) {
    int count = n * OUT;
    double total = 0;
    double gradScale = 2.0 / count;
    for (int i = 0; i < count; i++) {
      double diff = dense0Out[i] - y[i];
      total += diff * diff;
      if (gradient) {
        dense0Grad[i] = diff * gradScale;
      }
    }
    return total / count;
  }

  /**
   * diabetes.optspec:15  dense(1, init: zeros) with diabetes.optspec:18  loss mse
   * <p>One linear output trained on mean squared error, in a single pass over the rows: each
   * prediction {@code out = x · wᵀ + b}, dLoss/dout = 2 (out - y) / n, the mean loss, and the gradients
   * dW = Σ_rows dOut · x, db = Σ_rows dOut. The same products and sums in the same order as {@code forward},
   * {@code dataLoss} and {@code backward} would compute (rows ascending), but the DENSE0_IN + 2 sums run
   * side by side in registers and X is read once. The per-row values stay in registers:
   * {@code dense0Out} and {@code dense0Grad} are not written (nothing reads them after a step).
   * Returns the mean data loss.
   */
  private double dense0MseGradients(double[] x, double[] y, int n) {
    // the weights and the gradient sums of the 10 inputs, unrolled into locals
    double w0 = params[DENSE0_WEIGHT];
    double w1 = params[DENSE0_WEIGHT + 1];
    double w2 = params[DENSE0_WEIGHT + 2];
    double w3 = params[DENSE0_WEIGHT + 3];
    double w4 = params[DENSE0_WEIGHT + 4];
    double w5 = params[DENSE0_WEIGHT + 5];
    double w6 = params[DENSE0_WEIGHT + 6];
    double w7 = params[DENSE0_WEIGHT + 7];
    double w8 = params[DENSE0_WEIGHT + 8];
    double w9 = params[DENSE0_WEIGHT + 9];
    double bias = params[DENSE0_BIAS];
    double g0 = 0;
    double g1 = 0;
    double g2 = 0;
    double g3 = 0;
    double g4 = 0;
    double g5 = 0;
    double g6 = 0;
    double g7 = 0;
    double g8 = 0;
    double g9 = 0;
    double biasSum = 0;
    double total = 0;
    double gradScale = 2.0 / n;
    for (int r = 0; r < n; r++) {
      int row = r * DENSE0_IN;
      double x0 = x[row];
      double x1 = x[row + 1];
      double x2 = x[row + 2];
      double x3 = x[row + 3];
      double x4 = x[row + 4];
      double x5 = x[row + 5];
      double x6 = x[row + 6];
      double x7 = x[row + 7];
      double x8 = x[row + 8];
      double x9 = x[row + 9];
      double prediction = x0 * w0 + x1 * w1 + x2 * w2 + x3 * w3 + x4 * w4 + x5 * w5 + x6 * w6 + x7 * w7 + x8 * w8 + x9 * w9 + bias;
      double diff = prediction - y[r];
      total += diff * diff;
      double g = diff * gradScale;
      g0 += g * x0;
      g1 += g * x1;
      g2 += g * x2;
      g3 += g * x3;
      g4 += g * x4;
      g5 += g * x5;
      g6 += g * x6;
      g7 += g * x7;
      g8 += g * x8;
      g9 += g * x9;
      biasSum += g;
    }
    grads[DENSE0_WEIGHT] = g0;
    grads[DENSE0_WEIGHT + 1] = g1;
    grads[DENSE0_WEIGHT + 2] = g2;
    grads[DENSE0_WEIGHT + 3] = g3;
    grads[DENSE0_WEIGHT + 4] = g4;
    grads[DENSE0_WEIGHT + 5] = g5;
    grads[DENSE0_WEIGHT + 6] = g6;
    grads[DENSE0_WEIGHT + 7] = g7;
    grads[DENSE0_WEIGHT + 8] = g8;
    grads[DENSE0_WEIGHT + 9] = g9;
    grads[DENSE0_BIAS] = biasSum;
    return total / n;
  }

  /**
   * Stops training at a NaN or infinite loss or gradient, before the update could spread it into the parameters.
   */
  private void checkFinite(double loss) {
    if (!Double.isFinite(loss)) {
      throw new DivergenceException(step + 1, "the loss", loss);
    }
    double squares;
    squares = Vectors.sumOfSquares(grads, DEFAULT_START, DEFAULT_END - DEFAULT_START);
    if (!Double.isFinite(squares)) {
      throw new DivergenceException(step + 1, "the gradient of parameter group 'default' (dense0.weight, dense0.bias)", squares);
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
  }

  /**
   * Adds the gradient of the regularization term: l1 · sign(w) + 2 · l2 · w.
   */
  private void addRegularizationGradient() {
    // diabetes.optspec:19  regularize elastic_net(l1: 1e-4, l2: 1e-3, on: weights)
    for (int i = DENSE0_WEIGHT; i < DENSE0_WEIGHT + DENSE0_WEIGHT_SIZE; i++) {
      grads[i] += L1 * Math.signum(params[i]) + 2 * L2 * params[i];
    }
  }

  /**
   * The regularization term the spec adds to the loss: l1 · Σ|w| + l2 · Σw².
   */
  public double regularization() {
    double total = 0;
    for (int i = DENSE0_WEIGHT; i < DENSE0_WEIGHT + DENSE0_WEIGHT_SIZE; i++) {
      double w = params[i];
      total += L1 * Math.abs(w) + L2 * w * w;
    }
    return total;
  }

  /**
   * diabetes.optspec:21  optimizer sgd(lr: 0.01, momentum: 0.9, nesterov: true)
   * <p>The learning rate of this step from the schedule, then one fused loop per parameter group.
   */
  private void update() {
    double lr = scheduled(LR, step);
    lastLr = lr;
    updateDefault(lr);
  }

  /**
   * diabetes.optspec:21  optimizer sgd(lr: 0.01, momentum: 0.9, nesterov: true)
   * <p>Group {@code default}: dense0.weight, dense0.bias.
   */
  private void updateDefault(double lr) {
    double momentum = MOMENTUM;
    double gradientScale = 1 - DAMPENING;
    boolean first = step == 0;
    double rate = lr;
    for (int i = DEFAULT_START; i < DEFAULT_END; i++) {
      double u = grads[i];
      momentumBuffer[i] = first ? u : momentum * momentumBuffer[i] + gradientScale * u;
      u += momentum * momentumBuffer[i];
      params[i] -= rate * u;
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
   * diabetes.optspec:22  schedule step(every: 25 epochs, gamma: 0.5)
   * <p>Closed form of the schedule for a group whose base learning rate is {@code base}; each phase's
   * clock restarts at 0 (SequentialLR).
   */
  private double scheduled(double base, long step) {
    if (!Double.isNaN(lrOverride)) {
      // overrideLearningRate: each group in proportion to its base
      return base / LR * lrOverride;
    }
    long t = step;
    // step: StepLR, base · gamma^floor(t / every)
    return base * Math.pow(STEP_GAMMA, t / Math.max(1, Math.round(STEP_EVERY_EPOCHS * stepsPerEpoch)));
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
    double[] x = data.x();
    double[] y = data.y();
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
  public double[] params() {
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
  public DiabetesRegressionModel model() {
    if (!preprocessing.isFitted()) {
      throw new IllegalStateException("the model's preprocessing (" + preprocessing.describe() + ") is not fitted yet: fit the trainer, or load a checkpoint, first");
    }
    return new DiabetesRegressionModel(params.clone(), preprocessing, new double[][] {});
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
    checkpoint.metadata("optspec.precision", "float64");
    checkpoint.metadata("optspec.step", Long.toString(step));
    checkpoint.metadata("optspec.epoch", Integer.toString(epochsDone));
    checkpoint.metadata("optspec.rng_state", Long.toString(rng.state()));
    checkpoint.metadata(RecordedSettings.METADATA, settings.toString());
    checkpoint.add("dense0.weight", params, DENSE0_WEIGHT, DENSE0_WEIGHT_SIZE, 1, 10);
    checkpoint.add("dense0.bias", params, DENSE0_BIAS, DENSE0_BIAS_SIZE, 1);
    checkpoint.add("optimizer.momentum_buffer.dense0.weight", momentumBuffer, DENSE0_WEIGHT, DENSE0_WEIGHT_SIZE, 1, 10);
    checkpoint.add("optimizer.momentum_buffer.dense0.bias", momentumBuffer, DENSE0_BIAS, DENSE0_BIAS_SIZE, 1);
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
    checkpoint.expect("dense0.weight", DType.F64, 1, 10);
    checkpoint.expect("dense0.bias", DType.F64, 1);
    checkpoint.expect("optimizer.momentum_buffer.dense0.weight", DType.F64, 1, 10);
    checkpoint.expect("optimizer.momentum_buffer.dense0.bias", DType.F64, 1);
    long savedStep = checkpoint.metadataLong("optspec.step", 0, Long.MAX_VALUE);
    long savedEpoch = checkpoint.metadataLong("optspec.epoch", 0, Integer.MAX_VALUE);
    long savedRng = checkpoint.metadataLong("optspec.rng_state");
    int[] savedOrder = checkpoint.tensors().containsKey("trainer.order") ? checkpoint.permutation("trainer.order") : null;
    checkpoint.requireProgress(savedStep, savedEpoch, savedOrder, ROWS_PER_STEP, 1);
    Preprocessing savedPreprocessing = PREPROCESSING.readFrom(checkpoint, false);
    checkpoint.copy("dense0.weight", params, DENSE0_WEIGHT);
    checkpoint.copy("dense0.bias", params, DENSE0_BIAS);
    checkpoint.copy("optimizer.momentum_buffer.dense0.weight", momentumBuffer, DENSE0_WEIGHT);
    checkpoint.copy("optimizer.momentum_buffer.dense0.bias", momentumBuffer, DENSE0_BIAS);
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
    weights.expect("dense0.weight", "0.weight", "diabetes.optspec:15  dense(1, init: zeros)", 1, 10);
    weights.expect("dense0.bias", "0.bias", "diabetes.optspec:15  dense(1, init: zeros)", 1);
    weights.refuseOthers();
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
      sum[i] += grads[i] * n;
    }
    return loss * n;
  }

  @Override
  public void applyGradientSum(double[] sum, int rows, double loss) {
    for (int i = 0; i < PARAMETER_COUNT; i++) {
      grads[i] = (sum[i] / rows);
    }
    checkFinite(loss);
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
      params[i] = values[i];
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
      out[at++] = momentumBuffer[0 + i];
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
      momentumBuffer[0 + i] = values[at++];
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
   * The settings of this trainer that change neither a buffer's shape nor the code (the batch may only be
   * lowered: the buffers are sized for the spec's). {@link #defaults()} are the spec's values; each is checked
   * at construction against the range the compiler checks the spec's value against, with its message. A
   * trainer built with settings S trains bit for bit as the trainer of the spec with S written in.
   */
  public static record Settings(int batch, int epochs, long seed, double lr, double momentum,
      double dampening, double stepGamma, double l1, double l2) {
    public static final SettingKey BATCH_KEY = SettingKey.whole("batch", "batch", "batch", new SettingRange(1, true, 64, true));

    public static final SettingKey EPOCHS_KEY = SettingKey.whole("epochs", "epochs", "epochs", new SettingRange(1, true, 100000000, true));

    public static final SettingKey SEED_KEY = SettingKey.whole("seed", "seed", "seed", new SettingRange(0, true, 9.223372036854776E18, true));

    public static final SettingKey LR_KEY = SettingKey.of("optimizer.lr", "lr", "sgd lr", SettingRange.above(0));

    public static final SettingKey MOMENTUM_KEY = SettingKey.of("optimizer.momentum", "momentum", "sgd momentum", SettingRange.atLeast(0));

    public static final SettingKey DAMPENING_KEY = SettingKey.of("optimizer.dampening", "dampening", "sgd dampening", SettingRange.any());

    public static final SettingKey STEP_GAMMA_KEY = SettingKey.of("schedule.step.gamma", "stepGamma", "step gamma", SettingRange.above(0));

    public static final SettingKey L1_KEY = SettingKey.of("regularizer.l1", "l1", "elastic_net l1", SettingRange.atLeast(0));

    public static final SettingKey L2_KEY = SettingKey.of("regularizer.l2", "l2", "elastic_net l2", SettingRange.atLeast(0));

    /**
     * Every setting, in the order of the components.
     */
    public static final List<SettingKey> KEYS = List.of(BATCH_KEY, EPOCHS_KEY, SEED_KEY, LR_KEY, MOMENTUM_KEY, DAMPENING_KEY, STEP_GAMMA_KEY, L1_KEY, L2_KEY);

    public Settings {
      BATCH_KEY.check(batch);
      EPOCHS_KEY.check(epochs);
      SEED_KEY.check(seed);
      LR_KEY.check(lr);
      MOMENTUM_KEY.check(momentum);
      DAMPENING_KEY.check(dampening);
      STEP_GAMMA_KEY.check(stepGamma);
      L1_KEY.check(l1);
      L2_KEY.check(l2);
    }

    /**
     * The spec's values.
     */
    public static Settings defaults() {
      return new Settings(64, 100, 1L, 0.01, 0.9, 0.0, 0.5, 1.0E-4, 0.001);
    }

    /**
     * These settings with {@code batch} (the spec's {@code batch}).
     */
    public Settings withBatch(int batch) {
      return new Settings(batch, epochs, seed, lr, momentum, dampening, stepGamma, l1, l2);
    }

    /**
     * These settings with {@code epochs} (the spec's {@code epochs}).
     */
    public Settings withEpochs(int epochs) {
      return new Settings(batch, epochs, seed, lr, momentum, dampening, stepGamma, l1, l2);
    }

    /**
     * These settings with {@code seed} (the spec's {@code seed}).
     */
    public Settings withSeed(long seed) {
      return new Settings(batch, epochs, seed, lr, momentum, dampening, stepGamma, l1, l2);
    }

    /**
     * These settings with {@code lr} (the spec's {@code optimizer.lr}).
     */
    public Settings withLr(double lr) {
      return new Settings(batch, epochs, seed, lr, momentum, dampening, stepGamma, l1, l2);
    }

    /**
     * These settings with {@code momentum} (the spec's {@code optimizer.momentum}).
     */
    public Settings withMomentum(double momentum) {
      return new Settings(batch, epochs, seed, lr, momentum, dampening, stepGamma, l1, l2);
    }

    /**
     * These settings with {@code dampening} (the spec's {@code optimizer.dampening}).
     */
    public Settings withDampening(double dampening) {
      return new Settings(batch, epochs, seed, lr, momentum, dampening, stepGamma, l1, l2);
    }

    /**
     * These settings with {@code stepGamma} (the spec's {@code schedule.step.gamma}).
     */
    public Settings withStepGamma(double stepGamma) {
      return new Settings(batch, epochs, seed, lr, momentum, dampening, stepGamma, l1, l2);
    }

    /**
     * These settings with {@code l1} (the spec's {@code regularizer.l1}).
     */
    public Settings withL1(double l1) {
      return new Settings(batch, epochs, seed, lr, momentum, dampening, stepGamma, l1, l2);
    }

    /**
     * These settings with {@code l2} (the spec's {@code regularizer.l2}).
     */
    public Settings withL2(double l2) {
      return new Settings(batch, epochs, seed, lr, momentum, dampening, stepGamma, l1, l2);
    }
  }
}
