package org.optspec.generated;

import java.nio.file.Path;
import javax.annotation.processing.Generated;
import org.optspec.runtime.Model;
import org.optspec.runtime.Preprocessing;
import org.optspec.runtime.checkpoint.DType;
import org.optspec.runtime.checkpoint.SafeTensors;
import org.optspec.runtime.kernels.Gemm;

/**
 * The trained {@code DigitsClassifier} of digits.optspec for inference: generated, do not edit.
 *
 * <p>Raw rows in (as the CSV file holds them: the spec's preprocessing is applied here), class probabilities out.
 * Made by {@code DigitsClassifierTrainer.model()} or {@link #load} from a trainer checkpoint. Nothing is allocated after
 * construction; an instance is not safe to use from two threads at once: give each thread its own
 * {@link #copy}, which shares the parameters.
 */
@Generated(
    value = "org.optspec.processor.TrainerGenerator",
    comments = "from digits.optspec"
)
public final class DigitsClassifierModel implements Model {
  /**
   * The spec's name.
   */
  static final String NAME = "DigitsClassifier";

  /**
   * Rows per forward pass (the spec's batch); longer inputs are predicted BATCH rows at a time.
   */
  static final int BATCH = 32;

  /**
   * Raw inputs per row.
   */
  static final int IN = 64;

  /**
   * Classes.
   */
  static final int OUT = 10;

  /**
   * Target columns of a training row (the spec's preprocessing recipe counts them).
   */
  static final int TARGET_COLUMNS = 1;

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
   * Probability of dropping a unit.
   */
  static final double DROPOUT0_P = 0.2;

  /**
   * Kept units are scaled by 1 / (1 - p).
   */
  static final float DROPOUT0_SCALE = 1.25f;

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
   * The spec's preprocessing (digits.optspec:6  data {), unfitted: the trainer fits it on its training rows.
   */
  static final Preprocessing PREPROCESSING = Preprocessing.recipe(IN, 0)
      .scaleFeatures(0.0625)
      .build();

  /**
   * SHA-256 of the spec's canonical text (tokens without comments or spacing); checkpoints carry it.
   */
  static final String SPEC_SHA256 = "e8241375015d83e569583d81945fea4dbed9b55db17f873d16c5ef605a256b02";

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
   * Output of dense0, BATCH × DENSE0_OUT.
   */
  private final float[] dense0Out;

  /**
   * Output of relu0, BATCH × RELU0_OUT.
   */
  private final float[] relu0Out;

  /**
   * Output of dropout0, BATCH × DROPOUT0_OUT.
   */
  private final float[] dropout0Out;

  /**
   * Output of dense1, BATCH × DENSE1_OUT.
   */
  private final float[] dense1Out;

  /**
   * The predictions of the last BATCH rows, BATCH × OUT: class probabilities.
   */
  private final double[] scores;

  /**
   * A model of {@code params} (kept, not copied), {@code preprocessing} (fitted) and the layers' evaluation
   * state (copied; null leaves it at its initial values, for load to fill in), in the order the trainer keeps them.
   */
  DigitsClassifierModel(float[] params, Preprocessing preprocessing, double[][] evaluationState) {
    if (params.length != PARAMETER_COUNT || !preprocessing.isFitted()
    || (evaluationState != null && evaluationState.length != 0)) {
      throw new IllegalArgumentException("need PARAMETER_COUNT parameters, fitted preprocessing and the layers' evaluation state");
    }
    this.params = params;
    this.preprocessing = preprocessing;
    xBatch = new float[BATCH * IN];
    dense0Out = new float[BATCH * DENSE0_OUT];
    relu0Out = new float[BATCH * RELU0_OUT];
    dropout0Out = new float[BATCH * DROPOUT0_OUT];
    dense1Out = new float[BATCH * DENSE1_OUT];
    scores = new double[BATCH * OUT];
  }

  /**
   * Reads the parameters, evaluation state and preprocessing statistics of a trainer checkpoint
   * ({@code DigitsClassifierTrainer.save}); ignores its optimizer state. Checks the spec's hash and every tensor's dtype, shape
   * and range, and refuses with a {@code CheckpointException} that says why.
   */
  public static DigitsClassifierModel load(Path path) {
    SafeTensors checkpoint = SafeTensors.read(path);
    checkpoint.requireSpec(NAME, SPEC_SHA256);
    checkpoint.expect("dense0.weight", DType.F32, 128, 64);
    checkpoint.expect("dense1.weight", DType.F32, 10, 128);
    checkpoint.expect("dense0.bias", DType.F32, 128);
    checkpoint.expect("dense1.bias", DType.F32, 10);
    Preprocessing preprocessing = PREPROCESSING.readFrom(checkpoint, true);
    float[] params = new float[PARAMETER_COUNT];
    checkpoint.copy("dense0.weight", params, DENSE0_WEIGHT);
    checkpoint.copy("dense1.weight", params, DENSE1_WEIGHT);
    checkpoint.copy("dense0.bias", params, DENSE0_BIAS);
    checkpoint.copy("dense1.bias", params, DENSE1_BIAS);
    DigitsClassifierModel model = new DigitsClassifierModel(params, preprocessing, null);
    return model;
  }

  @Override
  public DigitsClassifierModel copy() {
    return new DigitsClassifierModel(params, preprocessing, new double[][] {});
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
    return true;
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
      throw new IllegalArgumentException("row " + row + " has " + in + " raw values and room for " + out + " outputs; the model takes 64 and gives 10");
    }
  }

  /**
   * The most probable class of one raw row (ties go to the lower class).
   */
  public int classify(double[] raw) {
    if (raw.length < IN) {
      throw new IllegalArgumentException("need 64 raw values, have " + raw.length);
    }
    preprocessing.features(raw, 0, xBatch, 0);
    run(1);
    return best(0);
  }

  /**
   * The most probable class of each raw row into {@code classes}.
   */
  public void classify(double[][] raw, int[] classes) {
    if (classes.length < raw.length) {
      throw new IllegalArgumentException("need a class per row: " + raw.length + " rows, room for " + classes.length);
    }
    for (int from = 0; from < raw.length; from += BATCH) {
      int n = Math.min(BATCH, raw.length - from);
      for (int i = 0; i < n; i++) {
        requireLengths(raw[from + i].length, OUT, from + i);
        preprocessing.features(raw[from + i], 0, xBatch, i * IN);
      }
      run(n);
      for (int i = 0; i < n; i++) {
        classes[from + i] = best(i);
      }
    }
  }

  /**
   * The most probable class of one raw row (ties go to the lower class).
   */
  public int classify(float[] raw) {
    if (raw.length < IN) {
      throw new IllegalArgumentException("need 64 raw values, have " + raw.length);
    }
    preprocessing.features(raw, 0, xBatch, 0);
    run(1);
    return best(0);
  }

  /**
   * The most probable class of each raw row into {@code classes}.
   */
  public void classify(float[][] raw, int[] classes) {
    if (classes.length < raw.length) {
      throw new IllegalArgumentException("need a class per row: " + raw.length + " rows, room for " + classes.length);
    }
    for (int from = 0; from < raw.length; from += BATCH) {
      int n = Math.min(BATCH, raw.length - from);
      for (int i = 0; i < n; i++) {
        requireLengths(raw[from + i].length, OUT, from + i);
        preprocessing.features(raw[from + i], 0, xBatch, i * IN);
      }
      run(n);
      for (int i = 0; i < n; i++) {
        classes[from + i] = best(i);
      }
    }
  }

  private int best(int r) {
    int best = 0;
    for (int c = 1; c < OUT; c++) {
      if (scores[r * OUT + c] > scores[r * OUT + best]) {
        best = c;
      }
    }
    return best;
  }

  /**
   * Evaluation mode on the first {@code n} staged rows of {@code xBatch}; the predictions into {@code scores}.
   */
  private void run(int n) {
    forward(xBatch, n);
    softmaxRows(n, scores, 0);
  }

  /**
   * The model in evaluation mode, layer by layer.
   */
  private void forward(float[] x, int n) {
    dense0Forward(x, n);
    relu0Forward(dense0Out, n);
    dropout0Forward(relu0Out, n);
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
   * <p>Dropout in evaluation mode: the identity.
   */
  private void dropout0Forward(float[] in, int n) {
    System.arraycopy(in, 0, dropout0Out, 0, n * DROPOUT0_OUT);
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
}
