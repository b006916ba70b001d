package org.optspec.generated;

import java.util.Arrays;
import javax.annotation.processing.Generated;
import org.optspec.runtime.Objective;
import org.optspec.runtime.ObjectiveReport;
import org.optspec.runtime.Rng;
import org.optspec.runtime.TrainingListener;
import org.optspec.runtime.progress.DivergenceException;

/**
 * Minimizes {@code McGaussianAdamLogScale} as mc_gaussian_adam_log_scale.optspec says: generated, do not edit.
 *
 * <p>Parameters live in one flat {@code double[]} array laid out group by group (mu, log_sigma);
 * gradients and optimizer state use the same layout.
 */
@Generated(
    value = "org.optspec.processor.TrainerGenerator",
    comments = "from mc_gaussian_adam_log_scale.optspec"
)
public final class McGaussianAdamLogScaleTrainer implements Objective {
  static final String NAME = "McGaussianAdamLogScale";

  /**
   * {@code steps 500}
   */
  static final long STEPS = 500L;

  /**
   * The parameters' elements in declaration order: {@code x}, {@code w[0]}, {@code W[1,2]}.
   */
  private static final String[] PARAMETER_NAMES = {"mu", "log_sigma"};

  /**
   * Offset of {@code mu} in the flat arrays.
   */
  static final int MU = 0;

  static final int MU_SIZE = 1;

  /**
   * Offset of {@code log_sigma} in the flat arrays.
   */
  static final int LOG_SIGMA = 1;

  static final int LOG_SIGMA_SIZE = 1;

  static final int PARAMETER_COUNT = 2;

  /**
   * Optimizer group {@code default}: parameters [DEFAULT_START, DEFAULT_END).
   */
  static final int DEFAULT_START = 0;

  static final int DEFAULT_END = 2;

  /**
   * mc_gaussian_adam_log_scale.optspec:15  optimizer adam(lr: 0.05)
   */
  static final double LR = 0.05;

  static final double BETA1 = 0.9;

  static final double BETA2 = 0.999;

  static final double EPS = 1.0E-8;

  static final double WEIGHT_DECAY = 0.0;

  /**
   * mc_gaussian_adam_log_scale.optspec:2  objective McGaussianAdamLogScale {
   */
  static final double CONSTANT_FACTOR = 1.0;

  /**
   * {@code mean over 256 samples of ...}: the draws of each estimate
   */
  static final int SAMPLES = 256;

  /**
   * The random variables, one standard normal each per draw: x
   */
  static final int RANDOM_VARIABLES = 1;

  /**
   * {@code seed 7}: the stream the draws come from
   */
  static final long SEED = 7L;

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
  public McGaussianAdamLogScaleTrainer() {
    params = new double[PARAMETER_COUNT];
    grads = new double[PARAMETER_COUNT];
    expAvg = new double[PARAMETER_COUNT];
    expAvgSq = new double[PARAMETER_COUNT];
    params[MU] = 0.0;
    params[LOG_SIGMA] = 0.0;
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
    // mc_gaussian_adam_log_scale.optspec:13  minimize mean over 256 samples of (x - 3)^2
    // v2 = exp(log_sigma)
    double v2 = Math.exp(params[LOG_SIGMA]);
    if (!(v2 > 0)) {
      throw new DivergenceException(step + 1, "the scale of x", v2, "positive");
    }
    double sum = 0;
    for (int sample = 0; sample < SAMPLES; sample++) {
      // v3 = x = mu + v2·ε, a draw
      double v3 = params[MU] + v2 * noise[sample * RANDOM_VARIABLES + 0];
      // v5 = v3 - 3.0
      double v5 = v3 - 3.0;
      // v7 = v5 ^ 2.0
      double v7 = v5 * v5;
      draws[sample] = v7;
      sum += v7;
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
    // mc_gaussian_adam_log_scale.optspec:13  minimize mean over 256 samples of (x - 3)^2
    // v2 = exp(log_sigma)
    double v2 = Math.exp(params[LOG_SIGMA]);
    if (!(v2 > 0)) {
      throw new DivergenceException(step + 1, "the scale of x", v2, "positive");
    }
    // reverse mode: each node adds its share of dLoss/d(node) into its operands, the last node first
    Arrays.fill(grads, 0);
    double d2 = 0;
    double sum = 0;
    for (int sample = 0; sample < SAMPLES; sample++) {
      // v3 = x = mu + v2·ε, a draw
      double v3 = params[MU] + v2 * noise[sample * RANDOM_VARIABLES + 0];
      // v5 = v3 - 3.0
      double v5 = v3 - 3.0;
      // v7 = v5 ^ 2.0
      double v7 = v5 * v5;
      draws[sample] = v7;
      sum += v7;
      double d3 = 0;
      double d5 = 0;
      double d7 = 1.0 / SAMPLES;
      // d(v7 = v5 ^ 2.0)
      d5 += d7 * 2 * v5;
      // d(v5 = v3 - 3.0)
      d3 += d5;
      // d(v3 = x = mu + v2·ε, a draw)
      grads[MU] += d3;
      d2 += d3 * noise[sample * RANDOM_VARIABLES + 0];
    }
    // the locs and scales, their adjoints summed over the draws
    // d(v2 = exp(log_sigma))
    grads[LOG_SIGMA] += d2 * v2;
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
   * mc_gaussian_adam_log_scale.optspec:15  optimizer adam(lr: 0.05)
   * <p>The learning rate of this step from the schedule, then one fused loop per parameter group.
   */
  private void update() {
    double lr = scheduled(LR, step);
    lastLr = lr;
    updateDefault(lr);
  }

  /**
   * mc_gaussian_adam_log_scale.optspec:15  optimizer adam(lr: 0.05)
   * <p>Group {@code default}: mu, log_sigma.
   */
  private void updateDefault(double lr) {
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
   * mc_gaussian_adam_log_scale.optspec:2  objective McGaussianAdamLogScale {
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
    for (int i = 0; i < LOG_SIGMA_SIZE; i++) {
      copy[k++] = params[LOG_SIGMA + i];
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
    for (int i = 0; i < LOG_SIGMA_SIZE; i++) {
      copy[k++] = grads[LOG_SIGMA + i];
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
