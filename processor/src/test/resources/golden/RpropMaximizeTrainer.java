package org.optspec.generated;

import java.util.Arrays;
import javax.annotation.processing.Generated;
import org.optspec.runtime.Objective;
import org.optspec.runtime.ObjectiveReport;
import org.optspec.runtime.TrainingListener;
import org.optspec.runtime.progress.DivergenceException;

/**
 * Minimizes {@code RpropMaximize} as rprop_maximize.optspec says: generated, do not edit.
 *
 * <p>Parameters live in one flat {@code double[]} array laid out group by group (x, y);
 * gradients and optimizer state use the same layout.
 */
@Generated(
    value = "org.optspec.processor.TrainerGenerator",
    comments = "from rprop_maximize.optspec"
)
public final class RpropMaximizeTrainer implements Objective {
  static final String NAME = "RpropMaximize";

  /**
   * {@code steps 300}
   */
  static final long STEPS = 300L;

  /**
   * The parameters' elements in declaration order: {@code x}, {@code w[0]}, {@code W[1,2]}.
   */
  private static final String[] PARAMETER_NAMES = {"x", "y"};

  /**
   * Offset of {@code x} in the flat arrays.
   */
  static final int X = 0;

  static final int X_SIZE = 1;

  /**
   * Offset of {@code y} in the flat arrays.
   */
  static final int Y = 1;

  static final int Y_SIZE = 1;

  static final int PARAMETER_COUNT = 2;

  /**
   * Optimizer group {@code default}: parameters [DEFAULT_START, DEFAULT_END).
   */
  static final int DEFAULT_START = 0;

  static final int DEFAULT_END = 2;

  /**
   * rprop_maximize.optspec:12  optimizer rprop(lr: 0.01, maximize: true)
   */
  static final double LR = 0.01;

  static final double ETAMINUS = 0.5;

  static final double ETAPLUS = 1.2;

  static final double MIN_STEP = 1.0E-6;

  static final double MAX_STEP = 50.0;

  /**
   * rprop_maximize.optspec:2  objective RpropMaximize {
   */
  static final double CONSTANT_FACTOR = 1.0;

  /**
   * All parameters, flat; see the offsets above.
   */
  private final double[] params;

  /**
   * Gradients, in the layout of {@link #params}.
   */
  private final double[] grads;

  /**
   * Optimizer state (scale_by_rprop_torch's previous gradient (0 after a sign flip)), in the layout of {@link #params}.
   */
  private final double[] prev;

  /**
   * Optimizer state (scale_by_rprop_torch's per-element step size), in the layout of {@link #params}.
   */
  private final double[] stepSize;

  /**
   * Optimizer steps taken; the schedule's clock.
   */
  private long step;

  /**
   * The learning rate of the last update (of the first group).
   */
  private double lastLr;

  /**
   * Allocates the flat arrays and writes the parameters' initial values from the spec.
   */
  public RpropMaximizeTrainer() {
    params = new double[PARAMETER_COUNT];
    grads = new double[PARAMETER_COUNT];
    prev = new double[PARAMETER_COUNT];
    stepSize = new double[PARAMETER_COUNT];
    params[X] = -1.5;
    params[Y] = 2.0;
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
    // rprop_maximize.optspec:10  minimize -((1 - x)^2 + 100 * (y - x^2)^2)
    // v2 = 1.0 - x
    double v2 = 1.0 - params[X];
    // v4 = v2 ^ 2.0
    double v4 = v2 * v2;
    // v9 = x ^ 2.0
    double v9 = params[X] * params[X];
    // v10 = y - v9
    double v10 = params[Y] - v9;
    // v12 = v10 ^ 2.0
    double v12 = v10 * v10;
    // v13 = 100.0 * v12
    double v13 = 100.0 * v12;
    // v14 = v4 + v13
    double v14 = v4 + v13;
    // v15 = -v14
    double v15 = -v14;
    return v15;
  }

  /**
   * The loss at the current parameters, and its gradient into {@code grads} (reverse mode).
   */
  public double computeGradients() {
    // rprop_maximize.optspec:10  minimize -((1 - x)^2 + 100 * (y - x^2)^2)
    // v2 = 1.0 - x
    double v2 = 1.0 - params[X];
    // v4 = v2 ^ 2.0
    double v4 = v2 * v2;
    // v9 = x ^ 2.0
    double v9 = params[X] * params[X];
    // v10 = y - v9
    double v10 = params[Y] - v9;
    // v12 = v10 ^ 2.0
    double v12 = v10 * v10;
    // v13 = 100.0 * v12
    double v13 = 100.0 * v12;
    // v14 = v4 + v13
    double v14 = v4 + v13;
    // v15 = -v14
    double v15 = -v14;
    // reverse mode: each node adds its share of dLoss/d(node) into its operands, the last node first
    Arrays.fill(grads, 0);
    double d2 = 0;
    double d4 = 0;
    double d9 = 0;
    double d10 = 0;
    double d12 = 0;
    double d13 = 0;
    double d14 = 0;
    double d15 = 1;
    // d(v15 = -v14)
    d14 += -d15;
    // d(v14 = v4 + v13)
    d4 += d14;
    d13 += d14;
    // d(v13 = 100.0 * v12)
    d12 += d13 * 100.0;
    // d(v12 = v10 ^ 2.0)
    d10 += d12 * 2 * v10;
    // d(v10 = y - v9)
    grads[Y] += d10;
    d9 += -d10;
    // d(v9 = x ^ 2.0)
    grads[X] += d9 * 2 * params[X];
    // d(v4 = v2 ^ 2.0)
    d2 += d4 * 2 * v2;
    // d(v2 = 1.0 - x)
    grads[X] += -d2;
    return v15;
  }

  /**
   * rprop_maximize.optspec:12  optimizer rprop(lr: 0.01, maximize: true)
   * <p>The learning rate of this step from the schedule, then one fused loop per parameter group.
   */
  private void update() {
    double lr = scheduled(LR, step);
    lastLr = lr;
    updateDefault(lr);
  }

  /**
   * rprop_maximize.optspec:12  optimizer rprop(lr: 0.01, maximize: true)
   * <p>Group {@code default}: x, y.
   */
  private void updateDefault(double lr) {
    if (step == 0) {
      // lr is only the initial step size: a schedule has no effect afterwards, as in torch
      Arrays.fill(stepSize, DEFAULT_START, DEFAULT_END, lr);
    }
    double etaminus = ETAMINUS;
    double etaplus = ETAPLUS;
    double minStep = MIN_STEP;
    double maxStep = MAX_STEP;
    for (int i = DEFAULT_START; i < DEFAULT_END; i++) {
      double u = -grads[i];
      double product = u * prev[i];
      double factor = product > 0 ? etaplus : product < 0 ? etaminus : 1;
      stepSize[i] = Math.min(Math.max(stepSize[i] * factor, minStep), maxStep);
      if (product < 0) {
        // the sign flipped: no move this step, and the next step's factor is 1
        u = 0;
      }
      prev[i] = u;
      params[i] -= Math.signum(u) * stepSize[i];
    }
  }

  /**
   * The first group's learning rate at optimizer step {@code step} (counted from 0).
   */
  public double learningRate(long step) {
    return scheduled(LR, step);
  }

  /**
   * rprop_maximize.optspec:2  objective RpropMaximize {
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
    for (int i = 0; i < X_SIZE; i++) {
      copy[k++] = params[X + i];
    }
    for (int i = 0; i < Y_SIZE; i++) {
      copy[k++] = params[Y + i];
    }
    return copy;
  }

  /**
   * A copy of the gradients of the last step or {@link #computeGradients}, in declaration order.
   */
  public double[] gradients() {
    double[] copy = new double[PARAMETER_COUNT];
    int k = 0;
    for (int i = 0; i < X_SIZE; i++) {
      copy[k++] = grads[X + i];
    }
    for (int i = 0; i < Y_SIZE; i++) {
      copy[k++] = grads[Y + i];
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
