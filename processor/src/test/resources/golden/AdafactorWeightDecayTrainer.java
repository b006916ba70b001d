package org.optspec.generated;

import java.util.Arrays;
import javax.annotation.processing.Generated;
import org.optspec.runtime.Objective;
import org.optspec.runtime.ObjectiveReport;
import org.optspec.runtime.TrainingListener;
import org.optspec.runtime.progress.DivergenceException;

/**
 * Minimizes {@code AdafactorWeightDecay} as adafactor_weight_decay.optspec says: generated, do not edit.
 *
 * <p>Parameters live in one flat {@code double[]} array laid out group by group (W, v);
 * gradients and optimizer state use the same layout.
 */
@Generated(
    value = "org.optspec.processor.TrainerGenerator",
    comments = "from adafactor_weight_decay.optspec"
)
public final class AdafactorWeightDecayTrainer implements Objective {
  static final String NAME = "AdafactorWeightDecay";

  /**
   * {@code steps 200}
   */
  static final long STEPS = 200L;

  /**
   * The parameters' elements in declaration order: {@code x}, {@code w[0]}, {@code W[1,2]}.
   */
  private static final String[] PARAMETER_NAMES = {"W[0,0]", "W[0,1]", "W[0,2]", "W[1,0]", "W[1,1]", "W[1,2]", "v[0]", "v[1]", "v[2]"};

  /**
   * The initial value of {@code W[2, 3]}, row-major.
   */
  private static final double[] INITIAL_W = {1.5, -1.2, 0.8, -1.0, 1.3, -0.7};

  /**
   * The initial value of {@code v[3]}, row-major.
   */
  private static final double[] INITIAL_V = {0.5, -0.5, 1.0};

  /**
   * Offset of {@code W} in the flat arrays.
   */
  static final int W = 0;

  static final int W_SIZE = 6;

  /**
   * Offset of {@code v} in the flat arrays.
   */
  static final int V = 6;

  static final int V_SIZE = 3;

  static final int PARAMETER_COUNT = 9;

  /**
   * Optimizer group {@code default}: parameters [DEFAULT_START, DEFAULT_END).
   */
  static final int DEFAULT_START = 0;

  static final int DEFAULT_END = 9;

  /**
   * adafactor_weight_decay.optspec:16  optimizer adafactor(lr: 0.02, weight_decay: 0.1)
   */
  static final double LR = 0.02;

  static final double BETA2_DECAY = -0.8;

  static final double EPS1 = 2.220446049250313E-16;

  static final double EPS2 = 0.001;

  static final double D = 1.0;

  static final double WEIGHT_DECAY = 0.1;

  /**
   * adafactor_weight_decay.optspec:2  objective AdafactorWeightDecay {
   */
  static final double CONSTANT_FACTOR = 1.0;

  /**
   * W's row factor in rowVar, 2 elements
   */
  static final int W_ROW_VAR = 0;

  /**
   * W's column factor in colVar, 3 elements
   */
  static final int W_COL_VAR = 0;

  /**
   * v's second moment in variance, 3 elements
   */
  static final int V_VARIANCE = 0;

  /**
   * {@code const X[3, 4]}, row-major.
   */
  private static final double[] CONST_X = {1.0, 0.5, -1.0, 0.0, 0.0, 1.0, 0.5, -0.5, 0.5, -1.0, 1.0, 1.0};

  /**
   * {@code const Y[2, 4]}, row-major.
   */
  private static final double[] CONST_Y = {0.5, -0.2, 0.1, 0.3, -0.4, 0.6, 0.2, -0.1};

  /**
   * {@code const c[2]}, row-major.
   */
  private static final double[] CONST_C = {1.0, -1.0};

  /**
   * All parameters, flat; see the offsets above.
   */
  private final double[] params;

  /**
   * Gradients, in the layout of {@link #params}.
   */
  private final double[] grads;

  /**
   * scale_by_factored_rms_torch's row factors of the matrices (torch's row_var), 2 elements.
   */
  private final double[] rowVar = new double[2];

  /**
   * scale_by_factored_rms_torch's column factors of the matrices (torch's col_var), 3 elements.
   */
  private final double[] colVar = new double[3];

  /**
   * scale_by_factored_rms_torch's second moments of the other tensors (torch's variance), 3 elements.
   */
  private final double[] variance = new double[3];

  /**
   * Optimizer steps taken; the schedule's clock.
   */
  private long step;

  /**
   * The learning rate of the last update (of the first group).
   */
  private double lastLr;

  /**
   * v2 = matmul(W, X), [2, 4].
   */
  private final double[] v2 = new double[8];

  /**
   * v3 = tanh(v2), [2, 4].
   */
  private final double[] v3 = new double[8];

  /**
   * v5 = v3 - Y, [2, 4].
   */
  private final double[] v5 = new double[8];

  /**
   * v7 = v5 ^ 2.0, [2, 4].
   */
  private final double[] v7 = new double[8];

  /**
   * v12 = matmul(W, v), [2].
   */
  private final double[] v12 = new double[2];

  /**
   * v14 = v12 - c, [2].
   */
  private final double[] v14 = new double[2];

  /**
   * v16 = v14 ^ 2.0, [2].
   */
  private final double[] v16 = new double[2];

  /**
   * dLoss/dv2.
   */
  private final double[] d2 = new double[8];

  /**
   * dLoss/dv3.
   */
  private final double[] d3 = new double[8];

  /**
   * dLoss/dv5.
   */
  private final double[] d5 = new double[8];

  /**
   * dLoss/dv7.
   */
  private final double[] d7 = new double[8];

  /**
   * dLoss/dv12.
   */
  private final double[] d12 = new double[2];

  /**
   * dLoss/dv14.
   */
  private final double[] d14 = new double[2];

  /**
   * dLoss/dv16.
   */
  private final double[] d16 = new double[2];

  /**
   * Allocates the flat arrays and writes the parameters' initial values from the spec.
   */
  public AdafactorWeightDecayTrainer() {
    params = new double[PARAMETER_COUNT];
    grads = new double[PARAMETER_COUNT];
    for (int i = 0; i < W_SIZE; i++) {
      params[W + i] = INITIAL_W[i];
    }
    for (int i = 0; i < V_SIZE; i++) {
      params[V + i] = INITIAL_V[i];
    }
  }

  @Override
  public ObjectiveReport minimize(TrainingListener listener) {
    while (step < STEPS) {
      double loss = step();
      listener.onStep(1, step, loss, lastLr);
    }
    return new ObjectiveReport(step, loss(), false);
  }

  @Override
  public double step() {
    double loss = computeGradients();
    if (!Double.isFinite(loss)) {
      // diverged: stop before the update, the parameters keep the values whose loss was the last finite one
      throw new DivergenceException(step + 1, "the loss", loss);
    }
    update();
    step++;
    return loss;
  }

  @Override
  public double loss() {
    // adafactor_weight_decay.optspec:14  minimize mean((tanh(matmul(W, X)) - Y)^2) + 0.1 * sum((matmul(W, v) - c)^2) + 0.05 * dot(v, v)
    // v2 = matmul(W, X)
    for (int r = 0; r < 2; r++) {
      for (int c = 0; c < 4; c++) {
        double s = 0;
        for (int k = 0; k < 3; k++) {
          s += params[W + r * 3 + k] * CONST_X[k * 4 + c];
        }
        v2[r * 4 + c] = s;
      }
    }
    // v3 = tanh(v2)
    for (int i = 0; i < 8; i++) {
      v3[i] = Math.tanh(v2[i]);
    }
    // v5 = v3 - Y
    for (int i = 0; i < 8; i++) {
      v5[i] = v3[i] - CONST_Y[i];
    }
    // v7 = v5 ^ 2.0
    for (int i = 0; i < 8; i++) {
      v7[i] = v5[i] * v5[i];
    }
    // v8 = mean(v7)
    double v8 = 0;
    for (int i = 0; i < 8; i++) {
      v8 += v7[i];
    }
    v8 /= 8;
    // v12 = matmul(W, v)
    for (int r = 0; r < 2; r++) {
      double s = 0;
      for (int k = 0; k < 3; k++) {
        s += params[W + r * 3 + k] * params[V + k];
      }
      v12[r] = s;
    }
    // v14 = v12 - c
    for (int i = 0; i < 2; i++) {
      v14[i] = v12[i] - CONST_C[i];
    }
    // v16 = v14 ^ 2.0
    for (int i = 0; i < 2; i++) {
      v16[i] = v14[i] * v14[i];
    }
    // v17 = sum(v16)
    double v17 = 0;
    for (int i = 0; i < 2; i++) {
      v17 += v16[i];
    }
    // v18 = 0.1 * v17
    double v18 = 0.1 * v17;
    // v19 = v8 + v18
    double v19 = v8 + v18;
    // v23 = dot(v, v)
    double v23 = 0;
    for (int k = 0; k < 3; k++) {
      v23 += params[V + k] * params[V + k];
    }
    // v24 = 0.05 * v23
    double v24 = 0.05 * v23;
    // v25 = v19 + v24
    double v25 = v19 + v24;
    return v25;
  }

  /**
   * The loss at the current parameters, and its gradient into {@code grads} (reverse mode).
   */
  public double computeGradients() {
    // adafactor_weight_decay.optspec:14  minimize mean((tanh(matmul(W, X)) - Y)^2) + 0.1 * sum((matmul(W, v) - c)^2) + 0.05 * dot(v, v)
    // v2 = matmul(W, X)
    for (int r = 0; r < 2; r++) {
      for (int c = 0; c < 4; c++) {
        double s = 0;
        for (int k = 0; k < 3; k++) {
          s += params[W + r * 3 + k] * CONST_X[k * 4 + c];
        }
        v2[r * 4 + c] = s;
      }
    }
    // v3 = tanh(v2)
    for (int i = 0; i < 8; i++) {
      v3[i] = Math.tanh(v2[i]);
    }
    // v5 = v3 - Y
    for (int i = 0; i < 8; i++) {
      v5[i] = v3[i] - CONST_Y[i];
    }
    // v7 = v5 ^ 2.0
    for (int i = 0; i < 8; i++) {
      v7[i] = v5[i] * v5[i];
    }
    // v8 = mean(v7)
    double v8 = 0;
    for (int i = 0; i < 8; i++) {
      v8 += v7[i];
    }
    v8 /= 8;
    // v12 = matmul(W, v)
    for (int r = 0; r < 2; r++) {
      double s = 0;
      for (int k = 0; k < 3; k++) {
        s += params[W + r * 3 + k] * params[V + k];
      }
      v12[r] = s;
    }
    // v14 = v12 - c
    for (int i = 0; i < 2; i++) {
      v14[i] = v12[i] - CONST_C[i];
    }
    // v16 = v14 ^ 2.0
    for (int i = 0; i < 2; i++) {
      v16[i] = v14[i] * v14[i];
    }
    // v17 = sum(v16)
    double v17 = 0;
    for (int i = 0; i < 2; i++) {
      v17 += v16[i];
    }
    // v18 = 0.1 * v17
    double v18 = 0.1 * v17;
    // v19 = v8 + v18
    double v19 = v8 + v18;
    // v23 = dot(v, v)
    double v23 = 0;
    for (int k = 0; k < 3; k++) {
      v23 += params[V + k] * params[V + k];
    }
    // v24 = 0.05 * v23
    double v24 = 0.05 * v23;
    // v25 = v19 + v24
    double v25 = v19 + v24;
    // reverse mode: each node adds its share of dLoss/d(node) into its operands, the last node first
    Arrays.fill(grads, 0);
    Arrays.fill(d2, 0);
    Arrays.fill(d3, 0);
    Arrays.fill(d5, 0);
    Arrays.fill(d7, 0);
    double d8 = 0;
    Arrays.fill(d12, 0);
    Arrays.fill(d14, 0);
    Arrays.fill(d16, 0);
    double d17 = 0;
    double d18 = 0;
    double d19 = 0;
    double d23 = 0;
    double d24 = 0;
    double d25 = 1;
    // d(v25 = v19 + v24)
    d19 += d25;
    d24 += d25;
    // d(v24 = 0.05 * v23)
    d23 += d24 * 0.05;
    // d(v23 = dot(v, v))
    for (int k = 0; k < 3; k++) {
      grads[V + k] += d23 * params[V + k];
      grads[V + k] += params[V + k] * d23;
    }
    // d(v19 = v8 + v18)
    d8 += d19;
    d18 += d19;
    // d(v18 = 0.1 * v17)
    d17 += d18 * 0.1;
    // d(v17 = sum(v16))
    for (int i = 0; i < 2; i++) {
      d16[i] += d17;
    }
    // d(v16 = v14 ^ 2.0)
    for (int i = 0; i < 2; i++) {
      d14[i] += d16[i] * 2 * v14[i];
    }
    // d(v14 = v12 - c)
    for (int i = 0; i < 2; i++) {
      d12[i] += d14[i];
    }
    // d(v12 = matmul(W, v))
    for (int r = 0; r < 2; r++) {
      double g = d12[r];
      for (int k = 0; k < 3; k++) {
        grads[W + r * 3 + k] += g * params[V + k];
        grads[V + k] += params[W + r * 3 + k] * g;
      }
    }
    // d(v8 = mean(v7))
    for (int i = 0; i < 8; i++) {
      d7[i] += d8 / 8;
    }
    // d(v7 = v5 ^ 2.0)
    for (int i = 0; i < 8; i++) {
      d5[i] += d7[i] * 2 * v5[i];
    }
    // d(v5 = v3 - Y)
    for (int i = 0; i < 8; i++) {
      d3[i] += d5[i];
    }
    // d(v3 = tanh(v2))
    for (int i = 0; i < 8; i++) {
      d2[i] += d3[i] * (1 - v3[i] * v3[i]);
    }
    // d(v2 = matmul(W, X))
    for (int r = 0; r < 2; r++) {
      for (int c = 0; c < 4; c++) {
        double g = d2[r * 4 + c];
        for (int k = 0; k < 3; k++) {
          grads[W + r * 3 + k] += g * CONST_X[k * 4 + c];
        }
      }
    }
    return v25;
  }

  /**
   * adafactor_weight_decay.optspec:16  optimizer adafactor(lr: 0.02, weight_decay: 0.1)
   * <p>The learning rate of this step from the schedule, then one fused loop per parameter group.
   */
  private void update() {
    double lr = scheduled(LR, step);
    lastLr = lr;
    updateDefault(lr);
  }

  /**
   * adafactor_weight_decay.optspec:16  optimizer adafactor(lr: 0.02, weight_decay: 0.1)
   * <p>Group {@code default}: W, v.
   */
  private void updateDefault(double lr) {
    long t = step + 1;
    double c = Math.pow(t, BETA2_DECAY);
    double rho = Math.min(lr, 1 / Math.sqrt(step + 1));
    double decay = 1 - lr * WEIGHT_DECAY;
    // W [2, 3]
    adafactorFactored(W, 2, 3, W_ROW_VAR, W_COL_VAR, c, EPS1);
    double denomW = blockRmsDenominator(W, W_SIZE, D);
    double alphaW = adafactorAlpha(W, W_SIZE, rho, EPS2);
    double scaleW = alphaW / denomW;
    for (int i = W; i < W + W_SIZE; i++) {
      double u = grads[i] * scaleW;
      params[i] *= decay;
      params[i] -= u;
    }
    // v [3]
    adafactorUnfactored(V, V_SIZE, V_VARIANCE, c, EPS1);
    double denomV = blockRmsDenominator(V, V_SIZE, D);
    double alphaV = adafactorAlpha(V, V_SIZE, rho, EPS2);
    double scaleV = alphaV / denomV;
    for (int i = V; i < V + V_SIZE; i++) {
      double u = grads[i] * scaleV;
      params[i] *= decay;
      params[i] -= u;
    }
  }

  /**
   * torch.lerp's arithmetic: {@code s + w·(e - s)} when {@code |w| < 0.5}, else {@code e - (e - s)·(1 - w)}.
   */
  private static double adafactorLerp(double s, double e, double w) {
    return Math.abs(w) < 0.5 ? s + w * (e - s) : e - (e - s) * (1 - w);
  }

  /**
   * scale_by_param_block_rms_torch for one tensor, before the step: {@code max(eps2, RMS(p)) · rho}.
   */
  private double adafactorAlpha(int offset, int length, double rho, double eps2) {
    double sum = 0;
    for (int i = offset; i < offset + length; i++) {
      sum += params[i] * params[i];
    }
    return Math.max(eps2, Math.sqrt(sum) / Math.sqrt(length)) * rho;
  }

  /**
   * scale_by_factored_rms_torch on a matrix {@code [rows, cols]} at {@code offset} whose update is in
   * {@code grads}: the row and column factors at {@code row} and {@code col}, then u / √max(V, eps1²) in place.
   */
  private void adafactorFactored(int offset, int rows, int cols, int row, int col, double c,
      double eps1) {
    for (int r = 0; r < rows; r++) {
      double sum = 0;
      for (int j = 0; j < cols; j++) {
        double u = grads[offset + r * cols + j];
        sum += u * u;
      }
      rowVar[row + r] = adafactorLerp(rowVar[row + r], sum / cols, c);
    }
    for (int j = 0; j < cols; j++) {
      double sum = 0;
      for (int r = 0; r < rows; r++) {
        double u = grads[offset + r * cols + j];
        sum += u * u;
      }
      colVar[col + j] = adafactorLerp(colVar[col + j], sum / rows, c);
    }
    double rowSum = 0;
    for (int r = 0; r < rows; r++) {
      rowSum += rowVar[row + r];
    }
    double rowMean = Math.max(rowSum / rows, eps1);
    double floor = eps1 * eps1;
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < cols; j++) {
        int i = offset + r * cols + j;
        double v = rowVar[row + r] * colVar[col + j] / rowMean;
        grads[i] = 1 / Math.sqrt(Math.max(v, floor)) * grads[i];
      }
    }
  }

  /**
   * scale_by_factored_rms_torch on a tensor of {@code length} at {@code offset} that is not a matrix:
   * the full second moment at {@code at} in {@code variance}, then u / √max(V, eps1²) in place.
   */
  private void adafactorUnfactored(int offset, int length, int at, double c, double eps1) {
    double floor = eps1 * eps1;
    for (int k = 0; k < length; k++) {
      double u = grads[offset + k];
      variance[at + k] = adafactorLerp(variance[at + k], u * u, c);
      grads[offset + k] = 1 / Math.sqrt(Math.max(variance[at + k], floor)) * u;
    }
  }

  /**
   * clip_by_block_rms_torch for one tensor whose update is in {@code grads}: {@code max(1, RMS(u) / d)}.
   */
  private double blockRmsDenominator(int offset, int length, double d) {
    double squares = 0;
    for (int i = offset; i < offset + length; i++) {
      double u = grads[i];
      squares += u * u;
    }
    return Math.max(1, Math.sqrt(squares) / (Math.sqrt(length) * d));
  }

  /**
   * The first group's learning rate at optimizer step {@code step} (counted from 0).
   */
  public double learningRate(long step) {
    return scheduled(LR, step);
  }

  /**
   * adafactor_weight_decay.optspec:2  objective AdafactorWeightDecay {
   * <p>Closed form of the schedule for a group whose base learning rate is {@code base}; each phase's
   * clock restarts at 0 (SequentialLR).
   */
  private double scheduled(double base, long step) {
    long t = step;
    // constant: base · factor
    return base * CONSTANT_FACTOR;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public long steps() {
    return STEPS;
  }

  @Override
  public long stepCount() {
    return step;
  }

  @Override
  public String[] parameterNames() {
    return PARAMETER_NAMES.clone();
  }

  @Override
  public double[] parameters() {
    double[] copy = new double[PARAMETER_COUNT];
    int k = 0;
    for (int i = 0; i < W_SIZE; i++) {
      copy[k++] = params[W + i];
    }
    for (int i = 0; i < V_SIZE; i++) {
      copy[k++] = params[V + i];
    }
    return copy;
  }

  /**
   * A copy of the gradients of the last step or {@link #computeGradients}, in declaration order.
   */
  public double[] gradients() {
    double[] copy = new double[PARAMETER_COUNT];
    int k = 0;
    for (int i = 0; i < W_SIZE; i++) {
      copy[k++] = grads[W + i];
    }
    for (int i = 0; i < V_SIZE; i++) {
      copy[k++] = grads[V + i];
    }
    return copy;
  }

  /**
   * The live flat parameter array (not a copy, in the layout of the offsets above), for tests.
   */
  public double[] params() {
    return params;
  }
}
