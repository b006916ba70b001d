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
 * Trains {@code DigitsClassifier} as digits.optspec says: generated, do not edit.
 *
 * <p>Parameters live in one flat {@code float[]} array laid out group by group (dense0.weight, dense1.weight, dense0.bias, dense1.bias);
 * gradients and optimizer state use the same layout.
 */
@Generated(
    value = "org.optspec.processor.TrainerGenerator",
    comments = "from digits.optspec"
)
public final class DigitsClassifierTrainer implements DataParallelTrainer {
  /**
   * The spec's name.
   */
  static final String NAME = "DigitsClassifier";

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
   * The spec's preprocessing (digits.optspec:6  data {), unfitted: the trainer fits it on its training rows.
   */
  static final Preprocessing PREPROCESSING = Preprocessing.recipe(IN, 0)
      .scaleFeatures(0.0625)
      .build();

  /**
   * digits.optspec:15  dense(128, init: he)
   */
  static final int DENSE0_IN = 64;

  static final int DENSE0_OUT = 128;

  /**
   * digits.optspec:16  relu
   */
  static final int RELU0_OUT = 128;

  /**
   * digits.optspec:17  dropout(0.2)
   */
  static final int DROPOUT0_OUT = 128;

  /**
   * digits.optspec:18  dense(10, init: xavier)
   */
  static final int DENSE1_IN = 128;

  static final int DENSE1_OUT = 10;

  /**
   * Offset of {@code dense0.weight} in the flat arrays.
   */
  static final int DENSE0_WEIGHT = 0;

  static final int DENSE0_WEIGHT_SIZE = 8192;

  /**
   * Offset of {@code dense1.weight} in the flat arrays.
   */
  static final int DENSE1_WEIGHT = 8192;

  static final int DENSE1_WEIGHT_SIZE = 1280;

  /**
   * Offset of {@code dense0.bias} in the flat arrays.
   */
  static final int DENSE0_BIAS = 9472;

  static final int DENSE0_BIAS_SIZE = 128;

  /**
   * Offset of {@code dense1.bias} in the flat arrays.
   */
  static final int DENSE1_BIAS = 9600;

  static final int DENSE1_BIAS_SIZE = 10;

  static final int PARAMETER_COUNT = 9610;

  /**
   * Initializes {@code dense0.weight}: kaiming_normal: std = gain / sqrt(fan), gain sqrt(2), fan_in = 64
   */
  static final double DENSE0_WEIGHT_MEAN = 0.0;

  static final double DENSE0_WEIGHT_STD = 0.1767766952966369;

  /**
   * Initializes {@code dense0.bias}: torch nn.Linear default bias: U(±1/sqrt(fan_in = 64))
   */
  static final double DENSE0_BIAS_BOUND = 0.125;

  /**
   * Initializes {@code dense1.weight}: xavier_uniform: bound = gain · sqrt(6 / (fan_in + fan_out)), gain 1.0, fan_in = 128, fan_out = 10
   */
  static final double DENSE1_WEIGHT_BOUND = 0.20851441405707477;

  /**
   * Initializes {@code dense1.bias}: torch nn.Linear default bias: U(±1/sqrt(fan_in = 128))
   */
  static final double DENSE1_BIAS_BOUND = 0.08838834764831843;

  /**
   * Optimizer group {@code default}: parameters [DEFAULT_START, DEFAULT_END).
   */
  static final int DEFAULT_START = 0;

  static final int DEFAULT_END = 9472;

  /**
   * Optimizer group {@code biases}: parameters [BIASES_START, BIASES_END).
   */
  static final int BIASES_START = 9472;

  static final int BIASES_END = 9610;

  /**
   * digits.optspec:24  group biases { weight_decay 0 }
   */
  static final double BIASES_WEIGHT_DECAY = 0.0;

  /**
   * digits.optspec:25  schedule warmup(linear, steps: 100) then cosine(steps: 800, min_lr: 1e-5)
   */
  static final long WARMUP_LENGTH = 100L;

  static final long COSINE_LENGTH = 800L;

  /**
   * SHA-256 of the spec's canonical text (tokens without comments or spacing); checkpoints carry it.
   */
  static final String SPEC_SHA256 = "e8241375015d83e569583d81945fea4dbed9b55db17f873d16c5ef605a256b02";

  /**
   * Seeds initialization ({@code new Rng(SEED)}); shuffling and dropout draw from a second stream.
   *
   * <p>The setting {@code seed}; the spec says 42.
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
   * The setting {@code epochs}; the spec says 20.
   */
  private final int EPOCHS;

  /**
   * Probability of dropping a unit.
   *
   * <p>The setting {@code model.dropout0.p}; the spec says 0.2.
   */
  private final double DROPOUT0_P;

  /**
   * Kept units are scaled by 1 / (1 - p).
   */
  private final float DROPOUT0_SCALE;

  /**
   * digits.optspec:23  optimizer adamw(lr: 1e-3, betas: (0.9, 0.999), eps: 1e-8, weight_decay: 0.01)
   *
   * <p>The setting {@code optimizer.lr}; the spec says 0.001.
   */
  private final double LR;

  /**
   * The setting {@code optimizer.betas[0]}; the spec says 0.9.
   */
  private final double BETA1;

  /**
   * The setting {@code optimizer.betas[1]}; the spec says 0.999.
   */
  private final double BETA2;

  /**
   * The setting {@code optimizer.eps}; the spec says 1.0E-8.
   */
  private final double EPS;

  /**
   * The setting {@code optimizer.weight_decay}; the spec says 0.01.
   */
  private final double WEIGHT_DECAY;

  /**
   * The setting {@code schedule.warmup.start_factor}; the spec says 0.3333333333333333.
   */
  private final double WARMUP_START_FACTOR;

  /**
   * The setting {@code schedule.cosine.min_lr}; the spec says 1.0E-5.
   */
  private final double COSINE_MIN_LR;

  /**
   * digits.optspec:26  clip global_norm(1.0)
   *
   * <p>The setting {@code clip.max_norm}; the spec says 1.0.
   */
  private final double CLIP_MAX_NORM;

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
   * Optimizer state (scale_by_adam_torch's first moment, m), in the layout of {@link #params}.
   */
  private final float[] expAvg;

  /**
   * Optimizer state (scale_by_adam_torch's second moment, v), in the layout of {@link #params}.
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
   * Output of dropout0, BATCH × DROPOUT0_OUT.
   */
  private final float[] dropout0Out;

  /**
   * dLoss/d(output of dropout0), BATCH × DROPOUT0_OUT.
   */
  private final float[] dropout0Grad;

  /**
   * Dropout mask of dropout0 (0 or the scale), BATCH × DROPOUT0_OUT.
   */
  private final float[] dropout0Mask;

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
  public DigitsClassifierTrainer() {
    this(Settings.defaults());
  }

  /**
   * Allocates every buffer for BATCH rows and initializes the parameters from the seed of {@code settings}.
   */
  public DigitsClassifierTrainer(Settings settings) {
    this.settings = settings;
    ROWS_PER_STEP = settings.batch();
    EPOCHS = settings.epochs();
    SEED = settings.seed();
    DROPOUT0_P = settings.dropout0P();
    LR = settings.lr();
    BETA1 = settings.beta1();
    BETA2 = settings.beta2();
    EPS = settings.eps();
    WEIGHT_DECAY = settings.weightDecay();
    WARMUP_START_FACTOR = settings.warmupStartFactor();
    COSINE_MIN_LR = settings.cosineMinLr();
    CLIP_MAX_NORM = settings.clipMaxNorm();
    TRAINING_STREAM_SEED = SEED ^ 0x9E3779B97F4A7C15L;
    DROPOUT0_SCALE = (float) (1 / (1 - DROPOUT0_P));
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
    dropout0Out = new float[BATCH * DROPOUT0_OUT];
    dropout0Grad = new float[BATCH * DROPOUT0_OUT];
    dropout0Mask = new float[BATCH * DROPOUT0_OUT];
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
    // digits.optspec:15  dense(128, init: he)
    Init.normal(params, DENSE0_WEIGHT, DENSE0_WEIGHT_SIZE, DENSE0_WEIGHT_MEAN, DENSE0_WEIGHT_STD, init);
    Init.uniform(params, DENSE0_BIAS, DENSE0_BIAS_SIZE, -DENSE0_BIAS_BOUND, DENSE0_BIAS_BOUND, init);
    // digits.optspec:18  dense(10, init: xavier)
    Init.uniform(params, DENSE1_WEIGHT, DENSE1_WEIGHT_SIZE, -DENSE1_WEIGHT_BOUND, DENSE1_WEIGHT_BOUND, init);
    Init.uniform(params, DENSE1_BIAS, DENSE1_BIAS_SIZE, -DENSE1_BIAS_BOUND, DENSE1_BIAS_BOUND, init);
  }

  /**
   * The spec's data section: digits.optspec:6  data {
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
    dropout0Forward(relu0Out, n, training);
    dense1Forward(dropout0Out, n);
  }

  /**
   * digits.optspec:15  dense(128, init: he)
   * <p>{@code out = in · Wᵀ + b}, W stored [DENSE0_OUT × DENSE0_IN].
   */
  private void dense0Forward(float[] in, int n) {
    for (int r = 0; r < n; r++) {
      System.arraycopy(params, DENSE0_BIAS, dense0Out, r * DENSE0_OUT, DENSE0_OUT);
    }
    Gemm.nt(n, DENSE0_OUT, DENSE0_IN, in, 0, DENSE0_IN, params, DENSE0_WEIGHT, DENSE0_IN, dense0Out, 0, DENSE0_OUT, true);
  }

  /**
   * digits.optspec:16  relu
   */
  private void relu0Forward(float[] in, int n) {
    for (int i = 0; i < n * RELU0_OUT; i++) {
      relu0Out[i] = Math.max(in[i], 0.0f);
    }
  }

  /**
   * digits.optspec:17  dropout(0.2)
   * <p>Inverted dropout: in training each unit is kept with probability 1 - p and scaled by
   * 1 / (1 - p); in evaluation the layer is the identity.
   */
  private void dropout0Forward(float[] in, int n, boolean training) {
    if (!training) {
      System.arraycopy(in, 0, dropout0Out, 0, n * DROPOUT0_OUT);
      return;
    }
    for (int i = 0; i < n * DROPOUT0_OUT; i++) {
      float keep = rng.nextDouble() < DROPOUT0_P ? 0 : DROPOUT0_SCALE;
      dropout0Mask[i] = keep;
      dropout0Out[i] = in[i] * keep;
    }
  }

  /**
   * digits.optspec:18  dense(10, init: xavier)
   * <p>{@code out = in · Wᵀ + b}, W stored [DENSE1_OUT × DENSE1_IN].
   */
  private void dense1Forward(float[] in, int n) {
    for (int r = 0; r < n; r++) {
      System.arraycopy(params, DENSE1_BIAS, dense1Out, r * DENSE1_OUT, DENSE1_OUT);
    }
    Gemm.nt(n, DENSE1_OUT, DENSE1_IN, in, 0, DENSE1_IN, params, DENSE1_WEIGHT, DENSE1_IN, dense1Out, 0, DENSE1_OUT, true);
  }

  /**
   * digits.optspec:21  loss softmax_cross_entropy
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
    dense1Backward(dropout0Out, n);
    dropout0Backward(n);
    relu0Backward(n);
    dense0Backward(x, n);
  }

  /**
   * digits.optspec:18  dense(10, init: xavier)
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
    Gemm.nn(n, DENSE1_IN, DENSE1_OUT, dense1Grad, 0, DENSE1_OUT, params, DENSE1_WEIGHT, DENSE1_IN, dropout0Grad, 0, DENSE1_IN, false);
  }

  /**
   * digits.optspec:17  dropout(0.2)
   * <p>dIn = dOut · mask.
   */
  private void dropout0Backward(int n) {
    for (int i = 0; i < n * DROPOUT0_OUT; i++) {
      relu0Grad[i] = dropout0Grad[i] * dropout0Mask[i];
    }
  }

  /**
   * digits.optspec:16  relu
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
   * digits.optspec:15  dense(128, init: he)
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
      throw new DivergenceException(step + 1, "the gradient of parameter group 'default' (dense0.weight, dense1.weight)", Vectors.sumOfSquares(grads, DEFAULT_START, DEFAULT_END - DEFAULT_START));
    }
    if (!Vectors.allFinite(grads, BIASES_START, BIASES_END - BIASES_START)) {
      throw new DivergenceException(step + 1, "the gradient of parameter group 'biases' (dense0.bias, dense1.bias)", Vectors.sumOfSquares(grads, BIASES_START, BIASES_END - BIASES_START));
    }
  }

  /**
   * Stops at a parameter the updates made NaN or infinite: after every epoch and before every save.
   */
  private void checkParameters() {
    if (!Vectors.allFinite(params, DENSE0_WEIGHT, DENSE0_WEIGHT_SIZE)) {
      throw new DivergenceException(step, "parameter dense0.weight after the update", Vectors.sumOfSquares(params, DENSE0_WEIGHT, DENSE0_WEIGHT_SIZE));
    }
    if (!Vectors.allFinite(params, DENSE1_WEIGHT, DENSE1_WEIGHT_SIZE)) {
      throw new DivergenceException(step, "parameter dense1.weight after the update", Vectors.sumOfSquares(params, DENSE1_WEIGHT, DENSE1_WEIGHT_SIZE));
    }
    if (!Vectors.allFinite(params, DENSE0_BIAS, DENSE0_BIAS_SIZE)) {
      throw new DivergenceException(step, "parameter dense0.bias after the update", Vectors.sumOfSquares(params, DENSE0_BIAS, DENSE0_BIAS_SIZE));
    }
    if (!Vectors.allFinite(params, DENSE1_BIAS, DENSE1_BIAS_SIZE)) {
      throw new DivergenceException(step, "parameter dense1.bias after the update", Vectors.sumOfSquares(params, DENSE1_BIAS, DENSE1_BIAS_SIZE));
    }
  }

  /**
   * digits.optspec:26  clip global_norm(1.0)
   * <p>torch.nn.utils.clip_grad_norm_: scales all gradients by max_norm / (norm + 1e-6) when that is < 1.
   */
  private void clipGradients() {
    double norm = Math.sqrt(Vectors.sumOfSquares(grads, 0, PARAMETER_COUNT));
    double coef = CLIP_MAX_NORM / (norm + 1e-6);
    if (coef < 1) {
      Vectors.scale(grads, 0, PARAMETER_COUNT, coef);
    }
  }

  /**
   * digits.optspec:23  optimizer adamw(lr: 1e-3, betas: (0.9, 0.999), eps: 1e-8, weight_decay: 0.01)
   * <p>The learning rate of this step from the schedule, then one fused loop per parameter group.
   */
  private void update() {
    double lr = scheduled(LR, step);
    lastLr = lr;
    updateDefault(lr);
    updateBiases(lr);
  }

  /**
   * digits.optspec:23  optimizer adamw(lr: 1e-3, betas: (0.9, 0.999), eps: 1e-8, weight_decay: 0.01)
   * <p>Group {@code default}: dense0.weight, dense1.weight.
   */
  private void updateDefault(double lr) {
    float decay = (float) (1 - lr * WEIGHT_DECAY);
    long t = step + 1;
    double biasCorrection1 = 1 - Math.pow(BETA1, t);
    double biasCorrection2 = 1 - Math.pow(BETA2, t);
    float stepSize = (float) (lr / biasCorrection1);
    float biasCorrection2Sqrt = (float) Math.sqrt(biasCorrection2);
    float oneMinusBeta1 = (float) (1 - BETA1);
    float beta2 = (float) BETA2;
    float oneMinusBeta2 = (float) (1 - BETA2);
    float eps = (float) EPS;
    for (int i = DEFAULT_START; i < DEFAULT_END; i++) {
      float u = grads[i];
      params[i] *= decay;
      expAvg[i] += oneMinusBeta1 * (u - expAvg[i]);
      expAvgSq[i] = beta2 * expAvgSq[i] + oneMinusBeta2 * u * u;
      float denom = (float) Math.sqrt(expAvgSq[i]) / biasCorrection2Sqrt + eps;
      params[i] -= stepSize * expAvg[i] / denom;
    }
  }

  /**
   * digits.optspec:24  group biases { weight_decay 0 }
   * <p>Group {@code biases}: dense0.bias, dense1.bias.
   */
  private void updateBiases(double lr) {
    long t = step + 1;
    double biasCorrection1 = 1 - Math.pow(BETA1, t);
    double biasCorrection2 = 1 - Math.pow(BETA2, t);
    float stepSize = (float) (lr / biasCorrection1);
    float biasCorrection2Sqrt = (float) Math.sqrt(biasCorrection2);
    float oneMinusBeta1 = (float) (1 - BETA1);
    float beta2 = (float) BETA2;
    float oneMinusBeta2 = (float) (1 - BETA2);
    float eps = (float) EPS;
    for (int i = BIASES_START; i < BIASES_END; i++) {
      float u = grads[i];
      expAvg[i] += oneMinusBeta1 * (u - expAvg[i]);
      expAvgSq[i] = beta2 * expAvgSq[i] + oneMinusBeta2 * u * u;
      float denom = (float) Math.sqrt(expAvgSq[i]) / biasCorrection2Sqrt + eps;
      params[i] -= stepSize * expAvg[i] / denom;
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
   * digits.optspec:25  schedule warmup(linear, steps: 100) then cosine(steps: 800, min_lr: 1e-5)
   * <p>Closed form of the schedule for a group whose base learning rate is {@code base}; each phase's
   * clock restarts at 0 (SequentialLR).
   */
  private double scheduled(double base, long step) {
    if (!Double.isNaN(lrOverride)) {
      // overrideLearningRate: each group in proportion to its base
      return base / LR * lrOverride;
    }
    long t = step;
    // warmup: LinearLR, factor rises from start_factor to 1 over its length
    if (t < WARMUP_LENGTH) {
      return base * (WARMUP_START_FACTOR + (1 - WARMUP_START_FACTOR) * t / WARMUP_LENGTH);
    }
    t -= WARMUP_LENGTH;
    // cosine: CosineAnnealingLR, holding at min_lr past its length
    if (t >= COSINE_LENGTH) {
      return COSINE_MIN_LR;
    }
    return COSINE_MIN_LR + (base - COSINE_MIN_LR) * (1 + Math.cos(Math.PI * t / COSINE_LENGTH)) / 2;
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
  public DigitsClassifierModel model() {
    if (!preprocessing.isFitted()) {
      throw new IllegalStateException("the model's preprocessing (" + preprocessing.describe() + ") is not fitted yet: fit the trainer, or load a checkpoint, first");
    }
    return new DigitsClassifierModel(params.clone(), preprocessing, new double[][] {});
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
    checkpoint.add("dense0.weight", params, DENSE0_WEIGHT, DENSE0_WEIGHT_SIZE, 128, 64);
    checkpoint.add("dense1.weight", params, DENSE1_WEIGHT, DENSE1_WEIGHT_SIZE, 10, 128);
    checkpoint.add("dense0.bias", params, DENSE0_BIAS, DENSE0_BIAS_SIZE, 128);
    checkpoint.add("dense1.bias", params, DENSE1_BIAS, DENSE1_BIAS_SIZE, 10);
    checkpoint.add("optimizer.exp_avg.dense0.weight", expAvg, DENSE0_WEIGHT, DENSE0_WEIGHT_SIZE, 128, 64);
    checkpoint.add("optimizer.exp_avg.dense1.weight", expAvg, DENSE1_WEIGHT, DENSE1_WEIGHT_SIZE, 10, 128);
    checkpoint.add("optimizer.exp_avg.dense0.bias", expAvg, DENSE0_BIAS, DENSE0_BIAS_SIZE, 128);
    checkpoint.add("optimizer.exp_avg.dense1.bias", expAvg, DENSE1_BIAS, DENSE1_BIAS_SIZE, 10);
    checkpoint.add("optimizer.exp_avg_sq.dense0.weight", expAvgSq, DENSE0_WEIGHT, DENSE0_WEIGHT_SIZE, 128, 64);
    checkpoint.add("optimizer.exp_avg_sq.dense1.weight", expAvgSq, DENSE1_WEIGHT, DENSE1_WEIGHT_SIZE, 10, 128);
    checkpoint.add("optimizer.exp_avg_sq.dense0.bias", expAvgSq, DENSE0_BIAS, DENSE0_BIAS_SIZE, 128);
    checkpoint.add("optimizer.exp_avg_sq.dense1.bias", expAvgSq, DENSE1_BIAS, DENSE1_BIAS_SIZE, 10);
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
    checkpoint.expect("dense0.weight", DType.F32, 128, 64);
    checkpoint.expect("dense1.weight", DType.F32, 10, 128);
    checkpoint.expect("dense0.bias", DType.F32, 128);
    checkpoint.expect("dense1.bias", DType.F32, 10);
    checkpoint.expect("optimizer.exp_avg.dense0.weight", DType.F32, 128, 64);
    checkpoint.expect("optimizer.exp_avg.dense1.weight", DType.F32, 10, 128);
    checkpoint.expect("optimizer.exp_avg.dense0.bias", DType.F32, 128);
    checkpoint.expect("optimizer.exp_avg.dense1.bias", DType.F32, 10);
    checkpoint.expect("optimizer.exp_avg_sq.dense0.weight", DType.F32, 128, 64);
    checkpoint.expect("optimizer.exp_avg_sq.dense1.weight", DType.F32, 10, 128);
    checkpoint.expect("optimizer.exp_avg_sq.dense0.bias", DType.F32, 128);
    checkpoint.expect("optimizer.exp_avg_sq.dense1.bias", DType.F32, 10);
    long savedStep = checkpoint.metadataLong("optspec.step", 0, Long.MAX_VALUE);
    long savedEpoch = checkpoint.metadataLong("optspec.epoch", 0, Integer.MAX_VALUE);
    long savedRng = checkpoint.metadataLong("optspec.rng_state");
    int[] savedOrder = checkpoint.tensors().containsKey("trainer.order") ? checkpoint.permutation("trainer.order") : null;
    checkpoint.requireProgress(savedStep, savedEpoch, savedOrder, ROWS_PER_STEP, 1);
    Preprocessing savedPreprocessing = PREPROCESSING.readFrom(checkpoint, false);
    checkpoint.copy("dense0.weight", params, DENSE0_WEIGHT);
    checkpoint.copy("dense1.weight", params, DENSE1_WEIGHT);
    checkpoint.copy("dense0.bias", params, DENSE0_BIAS);
    checkpoint.copy("dense1.bias", params, DENSE1_BIAS);
    checkpoint.copy("optimizer.exp_avg.dense0.weight", expAvg, DENSE0_WEIGHT);
    checkpoint.copy("optimizer.exp_avg.dense1.weight", expAvg, DENSE1_WEIGHT);
    checkpoint.copy("optimizer.exp_avg.dense0.bias", expAvg, DENSE0_BIAS);
    checkpoint.copy("optimizer.exp_avg.dense1.bias", expAvg, DENSE1_BIAS);
    checkpoint.copy("optimizer.exp_avg_sq.dense0.weight", expAvgSq, DENSE0_WEIGHT);
    checkpoint.copy("optimizer.exp_avg_sq.dense1.weight", expAvgSq, DENSE1_WEIGHT);
    checkpoint.copy("optimizer.exp_avg_sq.dense0.bias", expAvgSq, DENSE0_BIAS);
    checkpoint.copy("optimizer.exp_avg_sq.dense1.bias", expAvgSq, DENSE1_BIAS);
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
    weights.expect("dense0.weight", "0.weight", "digits.optspec:15  dense(128, init: he)", 128, 64);
    weights.expect("dense0.bias", "0.bias", "digits.optspec:15  dense(128, init: he)", 128);
    weights.expect("dense1.weight", "3.weight", "digits.optspec:18  dense(10, init: xavier)", 10, 128);
    weights.expect("dense1.bias", "3.bias", "digits.optspec:18  dense(10, init: xavier)", 10);
    weights.refuseOthers();
    weights.copy("dense0.weight", params, DENSE0_WEIGHT);
    weights.copy("dense0.bias", params, DENSE0_BIAS);
    weights.copy("dense1.weight", params, DENSE1_WEIGHT);
    weights.copy("dense1.bias", params, DENSE1_BIAS);
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
    return PARAMETER_COUNT + PARAMETER_COUNT;
  }

  @Override
  public double[] optimizerState() {
    double[] out = new double[optimizerStateSize()];
    int at = 0;
    for (int i = 0; i < PARAMETER_COUNT; i++) {
      out[at++] = expAvg[0 + i];
    }
    for (int i = 0; i < PARAMETER_COUNT; i++) {
      out[at++] = expAvgSq[0 + i];
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
      expAvg[0 + i] = (float) values[at++];
    }
    for (int i = 0; i < PARAMETER_COUNT; i++) {
      expAvgSq[0 + i] = (float) values[at++];
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
    return true;
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
  public static record Settings(int batch, int epochs, long seed, double dropout0P, double lr,
      double beta1, double beta2, double eps, double weightDecay, double warmupStartFactor,
      double cosineMinLr, double clipMaxNorm) {
    public static final SettingKey BATCH_KEY = SettingKey.whole("batch", "batch", "batch", new SettingRange(1, true, 32, true));

    public static final SettingKey EPOCHS_KEY = SettingKey.whole("epochs", "epochs", "epochs", new SettingRange(1, true, 100000000, true));

    public static final SettingKey SEED_KEY = SettingKey.whole("seed", "seed", "seed", new SettingRange(0, true, 9.223372036854776E18, true));

    public static final SettingKey DROPOUT0_P_KEY = SettingKey.of("model.dropout0.p", "dropout0P", "dropout p", new SettingRange(0, true, 1, false));

    public static final SettingKey LR_KEY = SettingKey.of("optimizer.lr", "lr", "adamw lr", SettingRange.above(0));

    public static final SettingKey BETA1_KEY = SettingKey.item("optimizer.betas", 0, 2, "beta1", "adamw beta1", new SettingRange(0, true, 1, false));

    public static final SettingKey BETA2_KEY = SettingKey.item("optimizer.betas", 1, 2, "beta2", "adamw beta2", new SettingRange(0, true, 1, false));

    public static final SettingKey EPS_KEY = SettingKey.of("optimizer.eps", "eps", "adamw eps", SettingRange.atLeast(0));

    public static final SettingKey WEIGHT_DECAY_KEY = SettingKey.of("optimizer.weight_decay", "weightDecay", "adamw weight_decay", SettingRange.atLeast(0));

    public static final SettingKey WARMUP_START_FACTOR_KEY = SettingKey.of("schedule.warmup.start_factor", "warmupStartFactor", "warmup start_factor", new SettingRange(0, false, 1, true));

    public static final SettingKey COSINE_MIN_LR_KEY = SettingKey.of("schedule.cosine.min_lr", "cosineMinLr", "cosine min_lr", SettingRange.atLeast(0));

    public static final SettingKey CLIP_MAX_NORM_KEY = SettingKey.of("clip.max_norm", "clipMaxNorm", "global_norm max_norm", SettingRange.above(0));

    /**
     * Every setting, in the order of the components.
     */
    public static final List<SettingKey> KEYS = List.of(BATCH_KEY, EPOCHS_KEY, SEED_KEY, DROPOUT0_P_KEY, LR_KEY, BETA1_KEY, BETA2_KEY, EPS_KEY, WEIGHT_DECAY_KEY, WARMUP_START_FACTOR_KEY, COSINE_MIN_LR_KEY, CLIP_MAX_NORM_KEY);

    public Settings {
      BATCH_KEY.check(batch);
      EPOCHS_KEY.check(epochs);
      SEED_KEY.check(seed);
      DROPOUT0_P_KEY.check(dropout0P);
      LR_KEY.check(lr);
      BETA1_KEY.check(beta1);
      BETA2_KEY.check(beta2);
      EPS_KEY.check(eps);
      WEIGHT_DECAY_KEY.check(weightDecay);
      WARMUP_START_FACTOR_KEY.check(warmupStartFactor);
      COSINE_MIN_LR_KEY.check(cosineMinLr);
      CLIP_MAX_NORM_KEY.check(clipMaxNorm);
    }

    /**
     * The spec's values.
     */
    public static Settings defaults() {
      return new Settings(32, 20, 42L, 0.2, 0.001, 0.9, 0.999, 1.0E-8, 0.01, 0.3333333333333333, 1.0E-5, 1.0);
    }

    /**
     * These settings with {@code batch} (the spec's {@code batch}).
     */
    public Settings withBatch(int batch) {
      return new Settings(batch, epochs, seed, dropout0P, lr, beta1, beta2, eps, weightDecay, warmupStartFactor, cosineMinLr, clipMaxNorm);
    }

    /**
     * These settings with {@code epochs} (the spec's {@code epochs}).
     */
    public Settings withEpochs(int epochs) {
      return new Settings(batch, epochs, seed, dropout0P, lr, beta1, beta2, eps, weightDecay, warmupStartFactor, cosineMinLr, clipMaxNorm);
    }

    /**
     * These settings with {@code seed} (the spec's {@code seed}).
     */
    public Settings withSeed(long seed) {
      return new Settings(batch, epochs, seed, dropout0P, lr, beta1, beta2, eps, weightDecay, warmupStartFactor, cosineMinLr, clipMaxNorm);
    }

    /**
     * These settings with {@code dropout0P} (the spec's {@code model.dropout0.p}).
     */
    public Settings withDropout0P(double dropout0P) {
      return new Settings(batch, epochs, seed, dropout0P, lr, beta1, beta2, eps, weightDecay, warmupStartFactor, cosineMinLr, clipMaxNorm);
    }

    /**
     * These settings with {@code lr} (the spec's {@code optimizer.lr}).
     */
    public Settings withLr(double lr) {
      return new Settings(batch, epochs, seed, dropout0P, lr, beta1, beta2, eps, weightDecay, warmupStartFactor, cosineMinLr, clipMaxNorm);
    }

    /**
     * These settings with {@code beta1} (the spec's {@code optimizer.betas[0]}).
     */
    public Settings withBeta1(double beta1) {
      return new Settings(batch, epochs, seed, dropout0P, lr, beta1, beta2, eps, weightDecay, warmupStartFactor, cosineMinLr, clipMaxNorm);
    }

    /**
     * These settings with {@code beta2} (the spec's {@code optimizer.betas[1]}).
     */
    public Settings withBeta2(double beta2) {
      return new Settings(batch, epochs, seed, dropout0P, lr, beta1, beta2, eps, weightDecay, warmupStartFactor, cosineMinLr, clipMaxNorm);
    }

    /**
     * These settings with {@code eps} (the spec's {@code optimizer.eps}).
     */
    public Settings withEps(double eps) {
      return new Settings(batch, epochs, seed, dropout0P, lr, beta1, beta2, eps, weightDecay, warmupStartFactor, cosineMinLr, clipMaxNorm);
    }

    /**
     * These settings with {@code weightDecay} (the spec's {@code optimizer.weight_decay}).
     */
    public Settings withWeightDecay(double weightDecay) {
      return new Settings(batch, epochs, seed, dropout0P, lr, beta1, beta2, eps, weightDecay, warmupStartFactor, cosineMinLr, clipMaxNorm);
    }

    /**
     * These settings with {@code warmupStartFactor} (the spec's {@code schedule.warmup.start_factor}).
     */
    public Settings withWarmupStartFactor(double warmupStartFactor) {
      return new Settings(batch, epochs, seed, dropout0P, lr, beta1, beta2, eps, weightDecay, warmupStartFactor, cosineMinLr, clipMaxNorm);
    }

    /**
     * These settings with {@code cosineMinLr} (the spec's {@code schedule.cosine.min_lr}).
     */
    public Settings withCosineMinLr(double cosineMinLr) {
      return new Settings(batch, epochs, seed, dropout0P, lr, beta1, beta2, eps, weightDecay, warmupStartFactor, cosineMinLr, clipMaxNorm);
    }

    /**
     * These settings with {@code clipMaxNorm} (the spec's {@code clip.max_norm}).
     */
    public Settings withClipMaxNorm(double clipMaxNorm) {
      return new Settings(batch, epochs, seed, dropout0P, lr, beta1, beta2, eps, weightDecay, warmupStartFactor, cosineMinLr, clipMaxNorm);
    }
  }
}
