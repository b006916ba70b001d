package org.optspec.generated;

import java.util.Arrays;
import javax.annotation.processing.Generated;
import org.optspec.runtime.Objective;
import org.optspec.runtime.ObjectiveReport;
import org.optspec.runtime.TrainingListener;
import org.optspec.runtime.progress.DivergenceException;

/**
 * Minimizes {@code AdamwPlain} as adamw_plain.optspec says: generated, do not edit.
 *
 * <p>Parameters live in one flat {@code double[]} array laid out group by group (W, v);
 * gradients and optimizer state use the same layout.
 */
@Generated(
    value = "org.optspec.processor.TrainerGenerator",
    comments = "from adamw_plain.optspec"
)
public final class AdamwPlainTrainer implements Objective {
  static final String NAME = "AdamwPlain";

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
  private static final double[] INITIAL_W = {0.1, -0.2, 0.3, 0.2, 0.1, -0.1};

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
   * adamw_plain.optspec:17  optimizer adamw(lr: 0.02)
   */
  static final double LR = 0.02;

  static final double BETA1 = 0.9;

  static final double BETA2 = 0.999;

  static final double EPS = 1.0E-8;

  static final double WEIGHT_DECAY = 0.01;

  /**
   * adamw_plain.optspec:3  objective AdamwPlain {
   */
  static final double CONSTANT_FACTOR = 1.0;

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
   * Optimizer state (scale_by_adam_torch's first moment, m), in the layout of {@link #params}.
   */
  private final double[] expAvg;

  /**
   * Optimizer state (scale_by_adam_torch's second moment, v), in the layout of {@link #params}.
   */
  private final double[] expAvgSq;

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
  public AdamwPlainTrainer() {
    params = new double[PARAMETER_COUNT];
    grads = new double[PARAMETER_COUNT];
    expAvg = new double[PARAMETER_COUNT];
    expAvgSq = new double[PARAMETER_COUNT];
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
    // adamw_plain.optspec:15  minimize mean((tanh(matmul(W, X)) - Y)^2) + 0.1 * sum((matmul(W, v) - c)^2) + 0.05 * dot(v, v)
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
    // adamw_plain.optspec:15  minimize mean((tanh(matmul(W, X)) - Y)^2) + 0.1 * sum((matmul(W, v) - c)^2) + 0.05 * dot(v, v)
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
   * adamw_plain.optspec:17  optimizer adamw(lr: 0.02)
   * <p>The learning rate of this step from the schedule, then one fused loop per parameter group.
   */
  private void update() {
    double lr = scheduled(LR, step);
    lastLr = lr;
    updateDefault(lr);
  }

  /**
   * adamw_plain.optspec:17  optimizer adamw(lr: 0.02)
   * <p>Group {@code default}: W, v.
   */
  private void updateDefault(double lr) {
    double decay = 1 - lr * WEIGHT_DECAY;
    long t = step + 1;
    double biasCorrection1 = 1 - Math.pow(BETA1, t);
    double biasCorrection2 = 1 - Math.pow(BETA2, t);
    double stepSize = lr / biasCorrection1;
    double biasCorrection2Sqrt = Math.sqrt(biasCorrection2);
    double oneMinusBeta1 = 1 - BETA1;
    double beta2 = BETA2;
    double oneMinusBeta2 = 1 - BETA2;
    double eps = EPS;
    for (int i = DEFAULT_START; i < DEFAULT_END; i++) {
      double u = grads[i];
      params[i] *= decay;
      expAvg[i] += oneMinusBeta1 * (u - expAvg[i]);
      expAvgSq[i] = beta2 * expAvgSq[i] + oneMinusBeta2 * u * u;
      double denom = Math.sqrt(expAvgSq[i]) / biasCorrection2Sqrt + eps;
      params[i] -= stepSize * expAvg[i] / denom;
    }
  }

  /**
   * The first group's learning rate at optimizer step {@code step} (counted from 0).
   */
  public double learningRate(long step) {
    return scheduled(LR, step);
  }

  /**
   * adamw_plain.optspec:3  objective AdamwPlain {
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
