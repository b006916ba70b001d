package org.optspec.generated;

import java.util.Arrays;
import javax.annotation.processing.Generated;
import org.optspec.runtime.Objective;
import org.optspec.runtime.ObjectiveReport;
import org.optspec.runtime.Rng;
import org.optspec.runtime.TrainingListener;
import org.optspec.runtime.progress.DivergenceException;

/**
 * Minimizes {@code McGaussianFitNatural} as mc_gaussian_fit_natural.optspec says: generated, do not edit.
 *
 * <p>Parameters live in one flat {@code double[]} array laid out group by group (mu, sigma);
 * gradients and optimizer state use the same layout.
 */
@Generated(
    value = "org.optspec.processor.TrainerGenerator",
    comments = "from mc_gaussian_fit_natural.optspec"
)
public final class McGaussianFitNaturalTrainer implements Objective {
  static final String NAME = "McGaussianFitNatural";

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
   * mc_gaussian_fit_natural.optspec:15  optimizer natural_gradient(lr: 0.1, metric: gaussian)
   */
  static final double LR = 0.1;

  static final double DAMPING = 0.001;

  /**
   * mc_gaussian_fit_natural.optspec:2  objective McGaussianFitNatural {
   */
  static final double CONSTANT_FACTOR = 1.0;

  /**
   * {@code mean over 64 samples of ...}: the draws of each estimate
   */
  static final int SAMPLES = 64;

  /**
   * The random variables, one standard normal each per draw: x
   */
  static final int RANDOM_VARIABLES = 1;

  /**
   * {@code seed 3}: the stream the draws come from
   */
  static final long SEED = 3L;

  /**
   * All parameters, flat; see the offsets above.
   */
  private final double[] params;

  /**
   * Gradients, in the layout of {@link #params}.
   */
  private final double[] grads;

  /**
   * precondition_by_gaussian_fisher: F⁻¹g, the direction every group moves along.
   */
  private final double[] direction = new double[PARAMETER_COUNT];

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
  public McGaussianFitNaturalTrainer() {
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
    // mc_gaussian_fit_natural.optspec:13  minimize mean over 64 samples of (x - 3)^2 / (2 * 0.25) - log(sigma)
    if (!(params[SIGMA] > 0)) {
      throw new DivergenceException(step + 1, "the scale of x", params[SIGMA], "positive");
    }
    double sum = 0;
    for (int sample = 0; sample < SAMPLES; sample++) {
      // v2 = x = mu + sigma·ε, a draw
      double v2 = params[MU] + params[SIGMA] * noise[sample * RANDOM_VARIABLES + 0];
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
      draws[sample] = v13;
      sum += v13;
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
    // mc_gaussian_fit_natural.optspec:13  minimize mean over 64 samples of (x - 3)^2 / (2 * 0.25) - log(sigma)
    if (!(params[SIGMA] > 0)) {
      throw new DivergenceException(step + 1, "the scale of x", params[SIGMA], "positive");
    }
    // reverse mode: each node adds its share of dLoss/d(node) into its operands, the last node first
    Arrays.fill(grads, 0);
    double sum = 0;
    for (int sample = 0; sample < SAMPLES; sample++) {
      // v2 = x = mu + sigma·ε, a draw
      double v2 = params[MU] + params[SIGMA] * noise[sample * RANDOM_VARIABLES + 0];
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
      draws[sample] = v13;
      sum += v13;
      double d2 = 0;
      double d4 = 0;
      double d6 = 0;
      double d10 = 0;
      double d12 = 0;
      double d13 = 1.0 / SAMPLES;
      // d(v13 = v10 - v12)
      d10 += d13;
      d12 += -d13;
      // d(v12 = log(sigma))
      grads[SIGMA] += d12 / params[SIGMA];
      // d(v10 = v6 / v9)
      d6 += d10 / v9;
      // d(v6 = v4 ^ 2.0)
      d4 += d6 * 2 * v4;
      // d(v4 = v2 - 3.0)
      d2 += d4;
      // d(v2 = x = mu + sigma·ε, a draw)
      grads[MU] += d2;
      grads[SIGMA] += d2 * noise[sample * RANDOM_VARIABLES + 0];
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
   * mc_gaussian_fit_natural.optspec:15  optimizer natural_gradient(lr: 0.1, metric: gaussian)
   * <p>The learning rate of this step from the schedule, then one fused loop per parameter group.
   */
  private void update() {
    double lr = scheduled(LR, step);
    lastLr = lr;
    // precondition_by_gaussian_fisher: F = diag(1/σ², 2/σ²) per normal, F⁻¹g into direction
    {
      // normal(mu, sigma)
      double variance = params[SIGMA] * params[SIGMA];
      direction[MU] = variance * grads[MU];
      direction[SIGMA] = variance / 2 * grads[SIGMA];
    }
    updateDefault(lr);
  }

  /**
   * mc_gaussian_fit_natural.optspec:15  optimizer natural_gradient(lr: 0.1, metric: gaussian)
   * <p>Group {@code default}: mu, sigma.
   */
  private void updateDefault(double lr) {
    double rate = lr;
    for (int i = DEFAULT_START; i < DEFAULT_END; i++) {
      params[i] -= rate * direction[i];
    }
  }

  /**
   * The first group's learning rate at optimizer step {@code step} (counted from 0).
   */
  public double learningRate(long step) {
    return scheduled(LR, step);
  }

  /**
   * mc_gaussian_fit_natural.optspec:2  objective McGaussianFitNatural {
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
