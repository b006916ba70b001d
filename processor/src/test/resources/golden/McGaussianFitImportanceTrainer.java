package org.optspec.generated;

import java.util.Arrays;
import javax.annotation.processing.Generated;
import org.optspec.runtime.Objective;
import org.optspec.runtime.ObjectiveReport;
import org.optspec.runtime.Rng;
import org.optspec.runtime.TrainingListener;
import org.optspec.runtime.progress.DivergenceException;

/**
 * Minimizes {@code McGaussianFitImportance} as mc_gaussian_fit_importance.optspec says: generated, do not edit.
 *
 * <p>Parameters live in one flat {@code double[]} array laid out group by group (mu, sigma);
 * gradients and optimizer state use the same layout.
 */
@Generated(
    value = "org.optspec.processor.TrainerGenerator",
    comments = "from mc_gaussian_fit_importance.optspec"
)
public final class McGaussianFitImportanceTrainer implements Objective {
  static final String NAME = "McGaussianFitImportance";

  /**
   * {@code steps 200}
   */
  static final long STEPS = 200L;

  /**
   * The parameters' elements in declaration order: {@code x}, {@code w[0]}, {@code W[1,2]}.
   */
  private static final String[] PARAMETER_NAMES = {"mu", "sigma"};

  /**
   * Offset of {@code mu} in the flat arrays.
   */
  static final int MU = 0;

  static final int MU_SIZE = 1;

  /**
   * Offset of {@code sigma} in the flat arrays.
   */
  static final int SIGMA = 1;

  static final int SIGMA_SIZE = 1;

  static final int PARAMETER_COUNT = 2;

  /**
   * Optimizer group {@code default}: parameters [DEFAULT_START, DEFAULT_END).
   */
  static final int DEFAULT_START = 0;

  static final int DEFAULT_END = 2;

  /**
   * mc_gaussian_fit_importance.optspec:15  optimizer sgd(lr: 0.05)
   */
  static final double LR = 0.05;

  static final double MOMENTUM = 0.0;

  static final double DAMPENING = 0.0;

  static final double WEIGHT_DECAY = 0.0;

  /**
   * mc_gaussian_fit_importance.optspec:2  objective McGaussianFitImportance {
   */
  static final double CONSTANT_FACTOR = 1.0;

  /**
   * {@code mean over 512 samples of ...}: the draws of each estimate
   */
  static final int SAMPLES = 512;

  /**
   * The random variables, one standard normal each per draw: x
   */
  static final int RANDOM_VARIABLES = 1;

  /**
   * {@code seed 5}: the stream the draws come from
   */
  static final long SEED = 5L;

  /**
   * All parameters, flat; see the offsets above.
   */
  private final double[] params;

  /**
   * Gradients, in the layout of {@link #params}.
   */
  private final double[] grads;

  /**
   * Optimizer steps taken; the schedule's clock.
   */
  private long step;

  /**
   * The learning rate of the last update (of the first group).
   */
  private double lastLr;

  /**
   * The draws' stream; step k reads it from its (2 · SAMPLES · RANDOM_VARIABLES · k)-th long on.
   */
  private final Rng rng = new Rng(SEED);

  /**
   * This step's standard normals: draw s of random variable r at s · RANDOM_VARIABLES + r.
   */
  private final double[] noise = new double[SAMPLES * RANDOM_VARIABLES];

  /**
   * The step whose standard normals {@link #noise} holds.
   */
  private long noiseStep = -1;

  /**
   * The last estimate's terms, one per draw, for its standard error.
   */
  private final double[] draws = new double[SAMPLES];

  /**
   * The standard error of the last estimate, std(draws, ddof=1) / sqrt(SAMPLES).
   */
  private double lossStandardError;

  /**
   * Allocates the flat arrays and writes the parameters' initial values from the spec.
   */
  public McGaussianFitImportanceTrainer() {
    params = new double[PARAMETER_COUNT];
    grads = new double[PARAMETER_COUNT];
    params[MU] = 0.0;
    params[SIGMA] = 1.0;
  }

  @Override
  public ObjectiveReport minimize(TrainingListener listener) {
    while (step < STEPS) {
      double loss = step();
      listener.onStep(1, step, loss, lastLr);
    }
    return new ObjectiveReport(step, loss(), false, lossStandardError());
  }

  @Override
  public double step() {
    double loss = computeGradients();
    update();
    step++;
    return loss;
  }

  /**
   * The estimate at the current parameters, with the draws the next step uses.
   */
  @Override
  public double loss() {
    drawNoise();
    // mc_gaussian_fit_importance.optspec:13  minimize mean over 512 samples of (x - 3)^2 / (2 * 0.25) - log(sigma)
    if (!(params[SIGMA] > 0)) {
      throw new DivergenceException(step + 1, "the scale of x", params[SIGMA], "positive");
    }
    double sum = 0;
    for (int sample = 0; sample < SAMPLES; sample++) {
      // v2 = x = 1.5 + 2.0·ε, a draw from the proposal
      double v2 = 1.5 + 2.0 * noise[sample * RANDOM_VARIABLES + 0];
      // v4 = v2 - 3.0
      double v4 = v2 - 3.0;
      // v6 = v4 ^ 2.0
      double v6 = v4 * v4;
      // v9 = 2.0 * 0.25
      double v9 = 2.0 * 0.25;
      // v10 = v6 / v9
      double v10 = v6 / v9;
      // v12 = log(sigma)
      double v12 = Math.log(params[SIGMA]);
      // v13 = v10 - v12
      double v13 = v10 - v12;
      // v14 = normal_pdf(x; mu, sigma) / proposal_pdf(x)
      double z14 = (1.5 + 2.0 * noise[sample * RANDOM_VARIABLES + 0] - params[MU]) / params[SIGMA];
      double v14 = 2.0 / params[SIGMA] * Math.exp(0.5 * noise[sample * RANDOM_VARIABLES + 0] * noise[sample * RANDOM_VARIABLES + 0] - 0.5 * z14 * z14);
      // v15 = v13 * v14
      double v15 = v13 * v14;
      draws[sample] = v15;
      sum += v15;
    }
    double loss = sum / SAMPLES;
    lossStandardError = standardError(loss);
    return loss;
  }

  /**
   * The estimate at the current parameters, and its gradient into {@code grads}: the mean over the draws of each draw's reverse pass.
   */
  public double computeGradients() {
    drawNoise();
    // mc_gaussian_fit_importance.optspec:13  minimize mean over 512 samples of (x - 3)^2 / (2 * 0.25) - log(sigma)
    if (!(params[SIGMA] > 0)) {
      throw new DivergenceException(step + 1, "the scale of x", params[SIGMA], "positive");
    }
    // reverse mode: each node adds its share of dLoss/d(node) into its operands, the last node first
    Arrays.fill(grads, 0);
    double sum = 0;
    for (int sample = 0; sample < SAMPLES; sample++) {
      // v2 = x = 1.5 + 2.0·ε, a draw from the proposal
      double v2 = 1.5 + 2.0 * noise[sample * RANDOM_VARIABLES + 0];
      // v4 = v2 - 3.0
      double v4 = v2 - 3.0;
      // v6 = v4 ^ 2.0
      double v6 = v4 * v4;
      // v9 = 2.0 * 0.25
      double v9 = 2.0 * 0.25;
      // v10 = v6 / v9
      double v10 = v6 / v9;
      // v12 = log(sigma)
      double v12 = Math.log(params[SIGMA]);
      // v13 = v10 - v12
      double v13 = v10 - v12;
      // v14 = normal_pdf(x; mu, sigma) / proposal_pdf(x)
      double z14 = (1.5 + 2.0 * noise[sample * RANDOM_VARIABLES + 0] - params[MU]) / params[SIGMA];
      double v14 = 2.0 / params[SIGMA] * Math.exp(0.5 * noise[sample * RANDOM_VARIABLES + 0] * noise[sample * RANDOM_VARIABLES + 0] - 0.5 * z14 * z14);
      // v15 = v13 * v14
      double v15 = v13 * v14;
      draws[sample] = v15;
      sum += v15;
      double d12 = 0;
      double d13 = 0;
      double d14 = 0;
      double d15 = 1.0 / SAMPLES;
      // d(v15 = v13 * v14)
      d13 += d15 * v14;
      d14 += d15 * v13;
      // d(v14 = normal_pdf(x; mu, sigma) / proposal_pdf(x))
      grads[MU] += d14 * v14 * z14 / params[SIGMA];
      grads[SIGMA] += d14 * v14 * (z14 * z14 - 1) / params[SIGMA];
      // d(v13 = v10 - v12)
      d12 += -d13;
      // d(v12 = log(sigma))
      grads[SIGMA] += d12 / params[SIGMA];
    }
    double loss = sum / SAMPLES;
    lossStandardError = standardError(loss);
    return loss;
  }

  /**
   * This step's standard normals, once per step: the seed's stream from its (2 · SAMPLES · RANDOM_VARIABLES · step)-th long on.
   */
  private void drawNoise() {
    if (noiseStep == step) {
      return;
    }
    rng.setState(SEED);
    rng.advance(2L * SAMPLES * RANDOM_VARIABLES * step);
    for (int i = 0; i < noise.length; i++) {
      noise[i] = rng.nextGaussian();
    }
    noiseStep = step;
  }

  /**
   * std(draws, ddof=1) / sqrt(SAMPLES), the spread of the draws around their mean.
   */
  private double standardError(double mean) {
    double squares = 0;
    for (int sample = 0; sample < SAMPLES; sample++) {
      double d = draws[sample] - mean;
      squares += d * d;
    }
    return Math.sqrt(squares / (SAMPLES - 1) / SAMPLES);
  }

  @Override
  public int samples() {
    return SAMPLES;
  }

  @Override
  public double lossStandardError() {
    return lossStandardError;
  }

  /**
   * mc_gaussian_fit_importance.optspec:15  optimizer sgd(lr: 0.05)
   * <p>The learning rate of this step from the schedule, then one fused loop per parameter group.
   */
  private void update() {
    double lr = scheduled(LR, step);
    lastLr = lr;
    updateDefault(lr);
  }

  /**
   * mc_gaussian_fit_importance.optspec:15  optimizer sgd(lr: 0.05)
   * <p>Group {@code default}: mu, sigma.
   */
  private void updateDefault(double lr) {
    double rate = lr;
    for (int i = DEFAULT_START; i < DEFAULT_END; i++) {
      params[i] -= rate * grads[i];
    }
  }

  /**
   * The first group's learning rate at optimizer step {@code step} (counted from 0).
   */
  public double learningRate(long step) {
    return scheduled(LR, step);
  }

  /**
   * mc_gaussian_fit_importance.optspec:2  objective McGaussianFitImportance {
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
    for (int i = 0; i < MU_SIZE; i++) {
      copy[k++] = params[MU + i];
    }
    for (int i = 0; i < SIGMA_SIZE; i++) {
      copy[k++] = params[SIGMA + i];
    }
    return copy;
  }

  /**
   * A copy of the gradients of the last step or {@link #computeGradients}, in declaration order.
   */
  public double[] gradients() {
    double[] copy = new double[PARAMETER_COUNT];
    int k = 0;
    for (int i = 0; i < MU_SIZE; i++) {
      copy[k++] = grads[MU + i];
    }
    for (int i = 0; i < SIGMA_SIZE; i++) {
      copy[k++] = grads[SIGMA + i];
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
