package org.optspec.generated;

import java.nio.file.Path;
import javax.annotation.processing.Generated;
import org.optspec.runtime.Model;
import org.optspec.runtime.Preprocessing;
import org.optspec.runtime.checkpoint.DType;
import org.optspec.runtime.checkpoint.SafeTensors;
import org.optspec.runtime.kernels.Gemm;
import org.optspec.runtime.kernels.Parallel;
import org.optspec.runtime.kernels.Tanh;

/**
 * The trained {@code SineForecaster} of sine_rnn.optspec for inference: generated, do not edit.
 *
 * <p>Raw rows in (as the CSV file holds them: the spec's preprocessing is applied here), values in the targets' own units out.
 * Made by {@code SineForecasterTrainer.model()} or {@link #load} from a trainer checkpoint. Nothing is allocated after
 * construction; an instance is not safe to use from two threads at once: give each thread its own
 * {@link #copy}, which shares the parameters.
 */
@Generated(
    value = "org.optspec.processor.TrainerGenerator",
    comments = "from sine_rnn.optspec"
)
public final class SineForecasterModel implements Model {
  /**
   * The spec's name.
   */
  static final String NAME = "SineForecaster";

  /**
   * Rows per forward pass (the spec's batch); longer inputs are predicted BATCH rows at a time.
   */
  static final int BATCH = 32;

  /**
   * Raw inputs per row.
   */
  static final int IN = 50;

  /**
   * Regression targets per row.
   */
  static final int OUT = 1;

  /**
   * Target columns of a training row (the spec's preprocessing recipe counts them).
   */
  static final int TARGET_COLUMNS = 1;

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
   * The spec's preprocessing (sine_rnn.optspec:6  data {), unfitted: the trainer fits it on its training rows.
   */
  static final Preprocessing PREPROCESSING = Preprocessing.recipe(IN, TARGET_COLUMNS)
      .build();

  /**
   * SHA-256 of the spec's canonical text (tokens without comments or spacing); checkpoints carry it.
   */
  static final String SPEC_SHA256 = "965dd6a3d4f04e7b537dd06298bea5efd56c91ecc23db7917fc0216e123e62bb";

  /**
   * All parameters, flat, in the trainer's layout; shared with copies, never written.
   */
  private final float[] params;

  /**
   * The fitted preprocessing, applied to every raw row.
   */
  private final Preprocessing preprocessing;

  /**
   * Preprocessed inputs, BATCH × IN.
   */
  private final float[] xBatch;

  /**
   * Output of rnn0, BATCH × RNN0_OUT.
   */
  private final float[] rnn0Out;

  /**
   * Output of dense0, BATCH × DENSE0_OUT.
   */
  private final float[] dense0Out;

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
   * The double staging areas of {@code Tanh.inPlace}, one per row range, each one time step of the batch.
   */
  private final double[][] rnn0Scratch;

  /**
   * The split walks' task, allocated once: a step allocates nothing.
   */
  private final Rnn0Rows rnn0Rows = new Rnn0Rows();

  /**
   * The predictions of the last BATCH rows, BATCH × OUT: values in the targets' own units.
   */
  private final double[] scores;

  /**
   * A model of {@code params} (kept, not copied), {@code preprocessing} (fitted) and the layers' evaluation
   * state (copied; null leaves it at its initial values, for load to fill in), in the order the trainer keeps them.
   */
  SineForecasterModel(float[] params, Preprocessing preprocessing, double[][] evaluationState) {
    if (params.length != PARAMETER_COUNT || !preprocessing.isFitted()
    || (evaluationState != null && evaluationState.length != 0)) {
      throw new IllegalArgumentException("need PARAMETER_COUNT parameters, fitted preprocessing and the layers' evaluation state");
    }
    this.params = params;
    this.preprocessing = preprocessing;
    xBatch = new float[BATCH * IN];
    rnn0Out = new float[BATCH * RNN0_OUT];
    dense0Out = new float[BATCH * DENSE0_OUT];
    rnn0Inputs = new float[BATCH * RNN0_LENGTH * (RNN0_FEATURES + 1)];
    rnn0InputWeights = new float[RNN0_OUT * (RNN0_FEATURES + 1)];
    rnn0RecurrentT = new float[RNN0_OUT * RNN0_OUT];
    rnn0States = new float[BATCH * RNN0_LENGTH * RNN0_OUT];
    rnn0Scratch = new double[RNN0_CHUNKS][BATCH * RNN0_OUT];
    scores = new double[BATCH * OUT];
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
   * Reads the parameters, evaluation state and preprocessing statistics of a trainer checkpoint
   * ({@code SineForecasterTrainer.save}); ignores its optimizer state. Checks the spec's hash and every tensor's dtype, shape
   * and range, and refuses with a {@code CheckpointException} that says why.
   */
  public static SineForecasterModel load(Path path) {
    SafeTensors checkpoint = SafeTensors.read(path);
    checkpoint.requireSpec(NAME, SPEC_SHA256);
    checkpoint.expect("rnn0.weight_ih", DType.F32, 64, 1);
    checkpoint.expect("rnn0.weight_hh", DType.F32, 64, 64);
    checkpoint.expect("rnn0.bias_ih", DType.F32, 64);
    checkpoint.expect("rnn0.bias_hh", DType.F32, 64);
    checkpoint.expect("dense0.weight", DType.F32, 1, 64);
    checkpoint.expect("dense0.bias", DType.F32, 1);
    Preprocessing preprocessing = PREPROCESSING.readFrom(checkpoint, true);
    float[] params = new float[PARAMETER_COUNT];
    checkpoint.copy("rnn0.weight_ih", params, RNN0_WEIGHT_IH);
    checkpoint.copy("rnn0.weight_hh", params, RNN0_WEIGHT_HH);
    checkpoint.copy("rnn0.bias_ih", params, RNN0_BIAS_IH);
    checkpoint.copy("rnn0.bias_hh", params, RNN0_BIAS_HH);
    checkpoint.copy("dense0.weight", params, DENSE0_WEIGHT);
    checkpoint.copy("dense0.bias", params, DENSE0_BIAS);
    SineForecasterModel model = new SineForecasterModel(params, preprocessing, null);
    return model;
  }

  @Override
  public SineForecasterModel copy() {
    return new SineForecasterModel(params, preprocessing, new double[][] {});
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
  public boolean isClassifier() {
    return false;
  }

  @Override
  public Preprocessing preprocessing() {
    return preprocessing;
  }

  @Override
  public void predict(double[] raw, double[] out) {
    predict(raw, 1, out);
  }

  @Override
  public void predict(double[] raw, int rows, double[] out) {
    if (rows < 0 || raw.length < (long) rows * IN || out.length < (long) rows * OUT) {
      throw new IllegalArgumentException("need rows × IN raw values and rows × OUT outputs for " + rows + " rows, have " + raw.length + " and " + out.length);
    }
    for (int from = 0; from < rows; from += BATCH) {
      int n = Math.min(BATCH, rows - from);
      for (int i = 0; i < n; i++) {
        preprocessing.features(raw, (from + i) * IN, xBatch, i * IN);
      }
      run(n);
      for (int i = 0; i < n * OUT; i++) {
        out[from * OUT + i] = scores[i];
      }
    }
  }

  @Override
  public void predict(double[][] raw, double[][] out) {
    if (out.length < raw.length) {
      throw new IllegalArgumentException("need an output row per input row: " + raw.length + " rows in, " + out.length + " out");
    }
    for (int from = 0; from < raw.length; from += BATCH) {
      int n = Math.min(BATCH, raw.length - from);
      for (int i = 0; i < n; i++) {
        requireLengths(raw[from + i].length, out[from + i].length, from + i);
        preprocessing.features(raw[from + i], 0, xBatch, i * IN);
      }
      run(n);
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < OUT; j++) {
          out[from + i][j] = scores[i * OUT + j];
        }
      }
    }
  }

  @Override
  public void predict(float[] raw, float[] out) {
    predict(raw, 1, out);
  }

  @Override
  public void predict(float[] raw, int rows, float[] out) {
    if (rows < 0 || raw.length < (long) rows * IN || out.length < (long) rows * OUT) {
      throw new IllegalArgumentException("need rows × IN raw values and rows × OUT outputs for " + rows + " rows, have " + raw.length + " and " + out.length);
    }
    for (int from = 0; from < rows; from += BATCH) {
      int n = Math.min(BATCH, rows - from);
      for (int i = 0; i < n; i++) {
        preprocessing.features(raw, (from + i) * IN, xBatch, i * IN);
      }
      run(n);
      for (int i = 0; i < n * OUT; i++) {
        out[from * OUT + i] = (float) scores[i];
      }
    }
  }

  @Override
  public void predict(float[][] raw, float[][] out) {
    if (out.length < raw.length) {
      throw new IllegalArgumentException("need an output row per input row: " + raw.length + " rows in, " + out.length + " out");
    }
    for (int from = 0; from < raw.length; from += BATCH) {
      int n = Math.min(BATCH, raw.length - from);
      for (int i = 0; i < n; i++) {
        requireLengths(raw[from + i].length, out[from + i].length, from + i);
        preprocessing.features(raw[from + i], 0, xBatch, i * IN);
      }
      run(n);
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < OUT; j++) {
          out[from + i][j] = (float) scores[i * OUT + j];
        }
      }
    }
  }

  private static void requireLengths(int in, int out, int row) {
    if (in != IN || out < OUT) {
      throw new IllegalArgumentException("row " + row + " has " + in + " raw values and room for " + out + " outputs; the model takes 50 and gives 1");
    }
  }

  /**
   * Evaluation mode on the first {@code n} staged rows of {@code xBatch}; the predictions into {@code scores}.
   */
  private void run(int n) {
    forward(xBatch, n);
    for (int i = 0; i < n * OUT; i++) {
      scores[i] = dense0Out[i];
    }
  }

  /**
   * The model in evaluation mode, layer by layer.
   */
  private void forward(float[] x, int n) {
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
   * Range {@code chunk} of rnn0's walk forward: batch rows n·chunk/RNN0_CHUNKS up to n·(chunk+1)/RNN0_CHUNKS.
   */
  private final class Rnn0Rows implements Parallel.RangeTask {
    private int n;

    @Override
    public void run(int chunk) {
      int from = (int) ((long) n * chunk / RNN0_CHUNKS);
      int to = (int) ((long) n * (chunk + 1) / RNN0_CHUNKS);
      rnn0ForwardRows(n, from, to, chunk);
    }
  }
}
