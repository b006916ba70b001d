package org.optspec.generated;

import java.util.Arrays;
import javax.annotation.processing.Generated;
import org.optspec.runtime.Objective;
import org.optspec.runtime.ObjectiveReport;
import org.optspec.runtime.TrainingListener;
import org.optspec.runtime.progress.DivergenceException;

/**
 * Minimizes {@code AsgdWeightDecay} as asgd_weight_decay.optspec says: generated, do not edit.
 *
 * <p>Parameters live in one flat {@code double[]} array laid out group by group (w, b);
 * gradients and optimizer state use the same layout.
 */
@Generated(
    value = "org.optspec.processor.TrainerGenerator",
    comments = "from asgd_weight_decay.optspec"
)
public final class AsgdWeightDecayTrainer implements Objective {
  static final String NAME = "AsgdWeightDecay";

  /**
   * {@code steps 200}
   */
  static final long STEPS = 200L;

  /**
   * The parameters' elements in declaration order: {@code x}, {@code w[0]}, {@code W[1,2]}.
   */
  private static final String[] PARAMETER_NAMES = {"w[0]", "w[1]", "b"};

  /**
   * The initial value of {@code w[2]}, row-major.
   */
  private static final double[] INITIAL_W = {0.5, -0.5};

  /**
   * Offset of {@code w} in the flat arrays.
   */
  static final int W = 0;

  static final int W_SIZE = 2;

  /**
   * Offset of {@code b} in the flat arrays.
   */
  static final int B = 2;

  static final int B_SIZE = 1;

  static final int PARAMETER_COUNT = 3;

  /**
   * Optimizer group {@code default}: parameters [DEFAULT_START, DEFAULT_END).
   */
  static final int DEFAULT_START = 0;

  static final int DEFAULT_END = 3;

  /**
   * asgd_weight_decay.optspec:15  optimizer asgd(lr: 0.2, weight_decay: 0.01)
   */
  static final double LR = 0.2;

  static final double LAMBD = 1.0E-4;

  static final double ALPHA = 0.75;

  static final double T0 = 1000000.0;

  static final double WEIGHT_DECAY = 0.01;

  /**
   * asgd_weight_decay.optspec:2  objective AsgdWeightDecay {
   */
  static final double CONSTANT_FACTOR = 1.0;

  /**
   * {@code const X[6, 2]}, row-major.
   */
  private static final double[] CONST_X = {0.5, 1.0, 1.0, -0.5, -1.0, 0.5, -0.5, -1.0, 1.5, 0.5, -1.5, 0.25};

  /**
   * {@code const t[6]}, row-major.
   */
  private static final double[] CONST_T = {1.0, 1.0, 0.0, 0.0, 0.0, 1.0};

  /**
   * All parameters, flat; see the offsets above.
   */
  private final double[] params;

  /**
   * Gradients, in the layout of {@link #params}.
   */
  private final double[] grads;

  /**
   * Optimizer state (average_iterates_torch's averaged iterate), in the layout of {@link #params}.
   */
  private final double[] ax;

  /**
   * scale_by_asgd_torch's step size η for group {@code default}; set from the lr at the first step.
   */
  private double etaDefault;

  /**
   * average_iterates_torch's averaging coefficient μ for group {@code default}.
   */
  private double muDefault = 1;

  /**
   * Optimizer steps taken; the schedule's clock.
   */
  private long step;

  /**
   * The learning rate of the last update (of the first group).
   */
  private double lastLr;

  /**
   * v3 = matmul(X, w), [6].
   */
  private final double[] v3 = new double[6];

  /**
   * v5 = v3 + b, [6].
   */
  private final double[] v5 = new double[6];

  /**
   * v6 = sigmoid(v5), [6].
   */
  private final double[] v6 = new double[6];

  /**
   * v7 = log(v6), [6].
   */
  private final double[] v7 = new double[6];

  /**
   * v8 = t * v7, [6].
   */
  private final double[] v8 = new double[6];

  /**
   * v11 = 1.0 - t, [6].
   */
  private final double[] v11 = new double[6];

  /**
   * v15 = matmul(X, w), [6].
   */
  private final double[] v15 = new double[6];

  /**
   * v17 = v15 + b, [6].
   */
  private final double[] v17 = new double[6];

  /**
   * v18 = sigmoid(v17), [6].
   */
  private final double[] v18 = new double[6];

  /**
   * v19 = 1.0 - v18, [6].
   */
  private final double[] v19 = new double[6];

  /**
   * v20 = log(v19), [6].
   */
  private final double[] v20 = new double[6];

  /**
   * v21 = v11 * v20, [6].
   */
  private final double[] v21 = new double[6];

  /**
   * v22 = v8 + v21, [6].
   */
  private final double[] v22 = new double[6];

  /**
   * dLoss/dv3.
   */
  private final double[] d3 = new double[6];

  /**
   * dLoss/dv5.
   */
  private final double[] d5 = new double[6];

  /**
   * dLoss/dv6.
   */
  private final double[] d6 = new double[6];

  /**
   * dLoss/dv7.
   */
  private final double[] d7 = new double[6];

  /**
   * dLoss/dv8.
   */
  private final double[] d8 = new double[6];

  /**
   * dLoss/dv15.
   */
  private final double[] d15 = new double[6];

  /**
   * dLoss/dv17.
   */
  private final double[] d17 = new double[6];

  /**
   * dLoss/dv18.
   */
  private final double[] d18 = new double[6];

  /**
   * dLoss/dv19.
   */
  private final double[] d19 = new double[6];

  /**
   * dLoss/dv20.
   */
  private final double[] d20 = new double[6];

  /**
   * dLoss/dv21.
   */
  private final double[] d21 = new double[6];

  /**
   * dLoss/dv22.
   */
  private final double[] d22 = new double[6];

  /**
   * Allocates the flat arrays and writes the parameters' initial values from the spec.
   */
  public AsgdWeightDecayTrainer() {
    params = new double[PARAMETER_COUNT];
    grads = new double[PARAMETER_COUNT];
    ax = new double[PARAMETER_COUNT];
    for (int i = 0; i < W_SIZE; i++) {
      params[W + i] = INITIAL_W[i];
    }
    params[B] = 0.1;
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
    // asgd_weight_decay.optspec:13  minimize -mean(t * log(sigmoid(matmul(X, w) + b)) + (1 - t) * log(1 - sigmoid(matmul(X, w) + b))) + 0.01 * dot(w, w)
    // v3 = matmul(X, w)
    for (int r = 0; r < 6; r++) {
      double s = 0;
      for (int k = 0; k < 2; k++) {
        s += CONST_X[r * 2 + k] * params[W + k];
      }
      v3[r] = s;
    }
    // v5 = v3 + b
    for (int i = 0; i < 6; i++) {
      v5[i] = v3[i] + params[B];
    }
    // v6 = sigmoid(v5)
    for (int i = 0; i < 6; i++) {
      v6[i] = 1 / (1 + Math.exp(-v5[i]));
    }
    // v7 = log(v6)
    for (int i = 0; i < 6; i++) {
      v7[i] = Math.log(v6[i]);
    }
    // v8 = t * v7
    for (int i = 0; i < 6; i++) {
      v8[i] = CONST_T[i] * v7[i];
    }
    // v11 = 1.0 - t
    for (int i = 0; i < 6; i++) {
      v11[i] = 1.0 - CONST_T[i];
    }
    // v15 = matmul(X, w)
    for (int r = 0; r < 6; r++) {
      double s = 0;
      for (int k = 0; k < 2; k++) {
        s += CONST_X[r * 2 + k] * params[W + k];
      }
      v15[r] = s;
    }
    // v17 = v15 + b
    for (int i = 0; i < 6; i++) {
      v17[i] = v15[i] + params[B];
    }
    // v18 = sigmoid(v17)
    for (int i = 0; i < 6; i++) {
      v18[i] = 1 / (1 + Math.exp(-v17[i]));
    }
    // v19 = 1.0 - v18
    for (int i = 0; i < 6; i++) {
      v19[i] = 1.0 - v18[i];
    }
    // v20 = log(v19)
    for (int i = 0; i < 6; i++) {
      v20[i] = Math.log(v19[i]);
    }
    // v21 = v11 * v20
    for (int i = 0; i < 6; i++) {
      v21[i] = v11[i] * v20[i];
    }
    // v22 = v8 + v21
    for (int i = 0; i < 6; i++) {
      v22[i] = v8[i] + v21[i];
    }
    // v23 = mean(v22)
    double v23 = 0;
    for (int i = 0; i < 6; i++) {
      v23 += v22[i];
    }
    v23 /= 6;
    // v24 = -v23
    double v24 = -v23;
    // v28 = dot(w, w)
    double v28 = 0;
    for (int k = 0; k < 2; k++) {
      v28 += params[W + k] * params[W + k];
    }
    // v29 = 0.01 * v28
    double v29 = 0.01 * v28;
    // v30 = v24 + v29
    double v30 = v24 + v29;
    return v30;
  }

  /**
   * The loss at the current parameters, and its gradient into {@code grads} (reverse mode).
   */
  public double computeGradients() {
    // asgd_weight_decay.optspec:13  minimize -mean(t * log(sigmoid(matmul(X, w) + b)) + (1 - t) * log(1 - sigmoid(matmul(X, w) + b))) + 0.01 * dot(w, w)
    // v3 = matmul(X, w)
    for (int r = 0; r < 6; r++) {
      double s = 0;
      for (int k = 0; k < 2; k++) {
        s += CONST_X[r * 2 + k] * params[W + k];
      }
      v3[r] = s;
    }
    // v5 = v3 + b
    for (int i = 0; i < 6; i++) {
      v5[i] = v3[i] + params[B];
    }
    // v6 = sigmoid(v5)
    for (int i = 0; i < 6; i++) {
      v6[i] = 1 / (1 + Math.exp(-v5[i]));
    }
    // v7 = log(v6)
    for (int i = 0; i < 6; i++) {
      v7[i] = Math.log(v6[i]);
    }
    // v8 = t * v7
    for (int i = 0; i < 6; i++) {
      v8[i] = CONST_T[i] * v7[i];
    }
    // v11 = 1.0 - t
    for (int i = 0; i < 6; i++) {
      v11[i] = 1.0 - CONST_T[i];
    }
    // v15 = matmul(X, w)
    for (int r = 0; r < 6; r++) {
      double s = 0;
      for (int k = 0; k < 2; k++) {
        s += CONST_X[r * 2 + k] * params[W + k];
      }
      v15[r] = s;
    }
    // v17 = v15 + b
    for (int i = 0; i < 6; i++) {
      v17[i] = v15[i] + params[B];
    }
    // v18 = sigmoid(v17)
    for (int i = 0; i < 6; i++) {
      v18[i] = 1 / (1 + Math.exp(-v17[i]));
    }
    // v19 = 1.0 - v18
    for (int i = 0; i < 6; i++) {
      v19[i] = 1.0 - v18[i];
    }
    // v20 = log(v19)
    for (int i = 0; i < 6; i++) {
      v20[i] = Math.log(v19[i]);
    }
    // v21 = v11 * v20
    for (int i = 0; i < 6; i++) {
      v21[i] = v11[i] * v20[i];
    }
    // v22 = v8 + v21
    for (int i = 0; i < 6; i++) {
      v22[i] = v8[i] + v21[i];
    }
    // v23 = mean(v22)
    double v23 = 0;
    for (int i = 0; i < 6; i++) {
      v23 += v22[i];
    }
    v23 /= 6;
    // v24 = -v23
    double v24 = -v23;
    // v28 = dot(w, w)
    double v28 = 0;
    for (int k = 0; k < 2; k++) {
      v28 += params[W + k] * params[W + k];
    }
    // v29 = 0.01 * v28
    double v29 = 0.01 * v28;
    // v30 = v24 + v29
    double v30 = v24 + v29;
    // reverse mode: each node adds its share of dLoss/d(node) into its operands, the last node first
    Arrays.fill(grads, 0);
    Arrays.fill(d3, 0);
    Arrays.fill(d5, 0);
    Arrays.fill(d6, 0);
    Arrays.fill(d7, 0);
    Arrays.fill(d8, 0);
    Arrays.fill(d15, 0);
    Arrays.fill(d17, 0);
    Arrays.fill(d18, 0);
    Arrays.fill(d19, 0);
    Arrays.fill(d20, 0);
    Arrays.fill(d21, 0);
    Arrays.fill(d22, 0);
    double d23 = 0;
    double d24 = 0;
    double d28 = 0;
    double d29 = 0;
    double d30 = 1;
    // d(v30 = v24 + v29)
    d24 += d30;
    d29 += d30;
    // d(v29 = 0.01 * v28)
    d28 += d29 * 0.01;
    // d(v28 = dot(w, w))
    for (int k = 0; k < 2; k++) {
      grads[W + k] += d28 * params[W + k];
      grads[W + k] += params[W + k] * d28;
    }
    // d(v24 = -v23)
    d23 += -d24;
    // d(v23 = mean(v22))
    for (int i = 0; i < 6; i++) {
      d22[i] += d23 / 6;
    }
    // d(v22 = v8 + v21)
    for (int i = 0; i < 6; i++) {
      d8[i] += d22[i];
      d21[i] += d22[i];
    }
    // d(v21 = v11 * v20)
    for (int i = 0; i < 6; i++) {
      d20[i] += d21[i] * v11[i];
    }
    // d(v20 = log(v19))
    for (int i = 0; i < 6; i++) {
      d19[i] += d20[i] / v19[i];
    }
    // d(v19 = 1.0 - v18)
    for (int i = 0; i < 6; i++) {
      d18[i] += -d19[i];
    }
    // d(v18 = sigmoid(v17))
    for (int i = 0; i < 6; i++) {
      d17[i] += d18[i] * (1 - v18[i]) * v18[i];
    }
    // d(v17 = v15 + b)
    for (int i = 0; i < 6; i++) {
      d15[i] += d17[i];
      grads[B] += d17[i];
    }
    // d(v15 = matmul(X, w))
    for (int r = 0; r < 6; r++) {
      double g = d15[r];
      for (int k = 0; k < 2; k++) {
        grads[W + k] += CONST_X[r * 2 + k] * g;
      }
    }
    // d(v8 = t * v7)
    for (int i = 0; i < 6; i++) {
      d7[i] += d8[i] * CONST_T[i];
    }
    // d(v7 = log(v6))
    for (int i = 0; i < 6; i++) {
      d6[i] += d7[i] / v6[i];
    }
    // d(v6 = sigmoid(v5))
    for (int i = 0; i < 6; i++) {
      d5[i] += d6[i] * (1 - v6[i]) * v6[i];
    }
    // d(v5 = v3 + b)
    for (int i = 0; i < 6; i++) {
      d3[i] += d5[i];
      grads[B] += d5[i];
    }
    // d(v3 = matmul(X, w))
    for (int r = 0; r < 6; r++) {
      double g = d3[r];
      for (int k = 0; k < 2; k++) {
        grads[W + k] += CONST_X[r * 2 + k] * g;
      }
    }
    return v30;
  }

  /**
   * asgd_weight_decay.optspec:15  optimizer asgd(lr: 0.2, weight_decay: 0.01)
   * <p>The learning rate of this step from the schedule, then one fused loop per parameter group.
   */
  private void update() {
    double lr = scheduled(LR, step);
    lastLr = lr;
    updateDefault(lr);
  }

  /**
   * asgd_weight_decay.optspec:15  optimizer asgd(lr: 0.2, weight_decay: 0.01)
   * <p>Group {@code default}: w, b.
   */
  private void updateDefault(double lr) {
    double weightDecay = WEIGHT_DECAY;
    if (step == 0) {
      etaDefault = lr;
    }
    double shrink = 1 - LAMBD * etaDefault;
    double eta = etaDefault;
    double mu = muDefault;
    boolean averaging = muDefault != 1;
    for (int i = DEFAULT_START; i < DEFAULT_END; i++) {
      double u = grads[i];
      u += weightDecay * params[i];
      params[i] *= shrink;
      params[i] -= eta * u;
      ax[i] = averaging ? ax[i] + (params[i] - ax[i]) * mu : params[i];
    }
    etaDefault = lr / Math.pow(1 + LAMBD * lr * (step + 1), ALPHA);
    muDefault = 1 / Math.max(1, step + 1 - T0);
  }

  /**
   * The first group's learning rate at optimizer step {@code step} (counted from 0).
   */
  public double learningRate(long step) {
    return scheduled(LR, step);
  }

  /**
   * asgd_weight_decay.optspec:2  objective AsgdWeightDecay {
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
    for (int i = 0; i < B_SIZE; i++) {
      copy[k++] = params[B + i];
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
    for (int i = 0; i < B_SIZE; i++) {
      copy[k++] = grads[B + i];
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
