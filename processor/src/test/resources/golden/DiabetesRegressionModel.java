package org.optspec.generated;

import java.nio.file.Path;
import javax.annotation.processing.Generated;
import org.optspec.runtime.Model;
import org.optspec.runtime.Preprocessing;
import org.optspec.runtime.checkpoint.DType;
import org.optspec.runtime.checkpoint.SafeTensors;
import org.optspec.runtime.kernels.Gemm;

/**
 * The trained {@code DiabetesRegression} of diabetes.optspec for inference: generated, do not edit.
 *
 * <p>Raw rows in (as the CSV file holds them: the spec's preprocessing is applied here), values in the targets' own units out.
 * Made by {@code DiabetesRegressionTrainer.model()} or {@link #load} from a trainer checkpoint. Nothing is allocated after
 * construction; an instance is not safe to use from two threads at once: give each thread its own
 * {@link #copy}, which shares the parameters.
 */
@Generated(
    value = "org.optspec.processor.TrainerGenerator",
    comments = "from diabetes.optspec"
)
public final class DiabetesRegressionModel implements Model {
  /**
   * The spec's name.
   */
  static final String NAME = "DiabetesRegression";

  /**
   * Rows per forward pass (the spec's batch); longer inputs are predicted BATCH rows at a time.
   */
  static final int BATCH = 64;

  /**
   * Raw inputs per row.
   */
  static final int IN = 10;

  /**
   * Regression targets per row.
   */
  static final int OUT = 1;

  /**
   * Target columns of a training row (the spec's preprocessing recipe counts them).
   */
  static final int TARGET_COLUMNS = 1;

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
   * The spec's preprocessing (diabetes.optspec:6  data {), unfitted: the trainer fits it on its training rows.
   */
  static final Preprocessing PREPROCESSING = Preprocessing.recipe(IN, TARGET_COLUMNS)
      .standardizeFeatures()
      .build();

  /**
   * SHA-256 of the spec's canonical text (tokens without comments or spacing); checkpoints carry it.
   */
  static final String SPEC_SHA256 = "f0c404cb8d7826ac87da81505a1823ceef1402130ed587058e7e4a2eafe728f5";

  /**
   * All parameters, flat, in the trainer's layout; shared with copies, never written.
   */
  private final double[] params;

  /**
   * The fitted preprocessing, applied to every raw row.
   */
  private final Preprocessing preprocessing;

  /**
   * Preprocessed inputs, BATCH × IN.
   */
  private final double[] xBatch;

  /**
   * Output of dense0, BATCH × DENSE0_OUT.
   */
  private final double[] dense0Out;

  /**
   * The predictions of the last BATCH rows, BATCH × OUT: values in the targets' own units.
   */
  private final double[] scores;

  /**
   * A model of {@code params} (kept, not copied), {@code preprocessing} (fitted) and the layers' evaluation
   * state (copied; null leaves it at its initial values, for load to fill in), in the order the trainer keeps them.
   */
  DiabetesRegressionModel(double[] params, Preprocessing preprocessing,
      double[][] evaluationState) {
    if (params.length != PARAMETER_COUNT || !preprocessing.isFitted()
    || (evaluationState != null && evaluationState.length != 0)) {
      throw new IllegalArgumentException("need PARAMETER_COUNT parameters, fitted preprocessing and the layers' evaluation state");
    }
    this.params = params;
    this.preprocessing = preprocessing;
    xBatch = new double[BATCH * IN];
    dense0Out = new double[BATCH * DENSE0_OUT];
    scores = new double[BATCH * OUT];
  }

  /**
   * Reads the parameters, evaluation state and preprocessing statistics of a trainer checkpoint
   * ({@code DiabetesRegressionTrainer.save}); ignores its optimizer state. Checks the spec's hash and every tensor's dtype, shape
   * and range, and refuses with a {@code CheckpointException} that says why.
   */
  public static DiabetesRegressionModel load(Path path) {
    SafeTensors checkpoint = SafeTensors.read(path);
    checkpoint.requireSpec(NAME, SPEC_SHA256);
    checkpoint.expect("dense0.weight", DType.F64, 1, 10);
    checkpoint.expect("dense0.bias", DType.F64, 1);
    Preprocessing preprocessing = PREPROCESSING.readFrom(checkpoint, true);
    double[] params = new double[PARAMETER_COUNT];
    checkpoint.copy("dense0.weight", params, DENSE0_WEIGHT);
    checkpoint.copy("dense0.bias", params, DENSE0_BIAS);
    DiabetesRegressionModel model = new DiabetesRegressionModel(params, preprocessing, null);
    return model;
  }

  @Override
  public DiabetesRegressionModel copy() {
    return new DiabetesRegressionModel(params, preprocessing, new double[][] {});
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
      throw new IllegalArgumentException("row " + row + " has " + in + " raw values and room for " + out + " outputs; the model takes 10 and gives 1");
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
  private void forward(double[] x, int n) {
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
}
