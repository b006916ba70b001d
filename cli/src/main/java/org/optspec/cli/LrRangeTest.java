package org.optspec.cli;

import java.util.Arrays;
import org.optspec.runtime.Dataset;
import org.optspec.runtime.Rng;
import org.optspec.runtime.Trainer;

/**
 * The learning-rate range test (Smith 2015, "Cyclical Learning Rates", section 3.3) as fastai's {@code lr_find} and
 * PyTorch Lightning's {@code Tuner.lr_find} run it: one optimizer step per learning rate on an exponential ramp from
 * {@code from} to {@code to}, the loss smoothed by an exponential moving average with bias correction
 * ({@code beta = 0.98}), stopped once the smoothed loss exceeds 4 times the best so far (divergence), and the suggestion
 * at the steepest descent of the smoothed loss: the most negative finite-difference gradient ({@code numpy.gradient}),
 * skipping the first {@link #SKIP_BEGIN} points and the last one, as Lightning does.
 */
final class LrRangeTest {

  /** fastai's and Lightning's smoothing factor. */
  static final double BETA = 0.98;
  /** fastai's {@code stop_div} and Lightning's {@code early_stop_threshold}. */
  static final double DIVERGED = 4;
  /** Lightning's {@code skip_begin}: the first points of the ramp are noise. */
  static final int SKIP_BEGIN = 10;
  /** Lightning's {@code skip_end}. */
  static final int SKIP_END = 1;
  /** fastai's {@code lr_find} drops the last 5 points before its suggestion functions see the curve. */
  static final int FASTAI_SKIP_END = 5;

  /** How a learning rate is read off the smoothed curve. */
  enum Rule {
    /**
     * fastai's {@code valley} (its default since 2.5): the longest run of points with a decreasing loss (the longest
     * strictly decreasing subsequence), and the point two thirds of the way down it, after dropping the first tenth of
     * the ramp and its last 5 points.
     */
    VALLEY("the lower part of the longest valley, fastai's valley"),
    /**
     * PyTorch Lightning's {@code suggestion()}: the most negative {@code numpy.gradient} of the smoothed loss, after
     * skipping its first {@link #SKIP_BEGIN} points and the last one.
     */
    STEEPEST("steepest descent of the smoothed loss, Lightning's rule"),
    /** fastai's {@code minimum}: a tenth of the learning rate at the lowest loss (same trimming as valley). */
    MINIMUM("a tenth of the rate at the lowest loss, fastai's minimum");

    /** The words printed after the suggestion. */
    final String description;

    Rule(String description) {
      this.description = description;
    }
  }

  /** What the test saw: the learning rate and the smoothed loss of each step it ran, and the suggestion (NaN: none). */
  record Result(double[] lr, double[] loss, double suggestion, boolean diverged, Rule rule) {

    int steps() {
      return lr.length;
    }
  }

  private LrRangeTest() {}

  /** {@code from · (to/from)^(i/(steps-1))}: the learning rate of step {@code i}. */
  static double rate(double from, double to, int steps, int i) {
    return steps == 1 ? from : from * Math.pow(to / from, (double) i / (steps - 1));
  }

  /**
   * Runs the test on a fresh {@code trainer}: batches of {@code batch} rows of {@code train} (prepared with the
   * trainer's preprocessing), reshuffled by {@code seed} every pass over the rows.
   */
  static Result run(Trainer trainer, Dataset train, int batch, long seed, double from, double to, int steps,
      Rule rule) {
    train = trainer.preprocessing().fitTo(train).prepare(train);
    int rows = train.rows();
    int[] order = new int[rows];
    for (int i = 0; i < rows; i++) {
      order[i] = i;
    }
    Rng rng = new Rng(seed);
    rng.shuffle(order, rows);
    double[] lrs = new double[steps];
    double[] smoothed = new double[steps];
    double average = 0;
    double best = Double.POSITIVE_INFINITY;
    int from0 = 0;
    int done = 0;
    boolean diverged = false;
    for (int i = 0; i < steps; i++) {
      if (from0 >= rows) {
        rng.shuffle(order, rows);
        from0 = 0;
      }
      int n = Math.min(batch, rows - from0);
      double lr = rate(from, to, steps, i);
      trainer.overrideLearningRate(lr);
      double loss = trainer.step(train, order, from0, n);
      from0 += n;
      average = BETA * average + (1 - BETA) * loss;
      double s = average / (1 - Math.pow(BETA, i + 1));
      lrs[i] = lr;
      smoothed[i] = s;
      done = i + 1;
      if (!Double.isFinite(s) || i > 0 && s > DIVERGED * best) {
        diverged = true;
        break;
      }
      best = Math.min(best, s);
    }
    trainer.overrideLearningRate(Double.NaN);
    double[] lr = Arrays.copyOf(lrs, done);
    double[] loss = Arrays.copyOf(smoothed, done);
    return new Result(lr, loss, suggestion(rule, lr, loss, steps), diverged, rule);
  }

  /** {@code rule}'s learning rate on the curve of a ramp of {@code steps} steps, or NaN when too few points are left. */
  static double suggestion(Rule rule, double[] lr, double[] loss, int steps) {
    return switch (rule) {
      case STEEPEST -> steepest(lr, loss);
      case VALLEY -> valley(lr, loss, steps);
      case MINIMUM -> minimum(lr, loss, steps);
    };
  }

  /**
   * fastai's trimming before its rules: the first {@code steps / 10} points and the last {@link #FASTAI_SKIP_END} of
   * the ramp, and everything from the first non-finite loss on; {@code [begin, end)} into the curve, empty when too
   * short.
   */
  private static int[] fastaiWindow(double[] loss, int steps) {
    int begin = steps / 10;
    int end = loss.length - FASTAI_SKIP_END;
    for (int i = begin; i < end; i++) {
      if (!Double.isFinite(loss[i])) {
        end = i;
        break;
      }
    }
    return new int[] {begin, Math.max(begin, end)};
  }

  /**
   * fastai's {@code valley}: {@code lds[i]} is the length of the longest strictly decreasing run of losses ending at
   * point {@code i}; the longest such valley spans {@code [max_start, max_end]}, and the suggestion is the point
   * {@code max_start + ⌊len/3⌋ + ⌊len/6⌋} (about half-way, as fastai computes it with {@code int(sections) +
   * int(sections / 2)}). Quadratic in the points, at most a few hundred.
   */
  static double valley(double[] lr, double[] loss, int steps) {
    int[] w = fastaiWindow(loss, steps);
    int n = w[1] - w[0];
    if (n < 2) {
      return Double.NaN;
    }
    int[] lds = new int[n];
    Arrays.fill(lds, 1);
    int maxStart = 0;
    int maxEnd = 0;
    for (int i = 1; i < n; i++) {
      for (int j = 0; j < i; j++) {
        if (loss[w[0] + i] < loss[w[0] + j] && lds[i] < lds[j] + 1) {
          lds[i] = lds[j] + 1;
        }
        if (lds[maxEnd] < lds[i]) {
          maxEnd = i;
          maxStart = maxEnd - lds[maxEnd];
        }
      }
    }
    double sections = (maxEnd - maxStart) / 3.0;
    int index = maxStart + (int) sections + (int) (sections / 2);
    return lr[w[0] + index];
  }

  /** fastai's {@code minimum}: the learning rate at the lowest loss of the trimmed curve, divided by 10. */
  static double minimum(double[] lr, double[] loss, int steps) {
    int[] w = fastaiWindow(loss, steps);
    if (w[1] - w[0] < 1) {
      return Double.NaN;
    }
    int best = w[0];
    for (int i = w[0]; i < w[1]; i++) {
      if (loss[i] < loss[best]) {
        best = i;
      }
    }
    return lr[best] / 10;
  }

  /** The learning rate at the steepest descent of {@code loss}, or NaN when too few points are left after skipping. */
  static double steepest(double[] lr, double[] loss) {
    int end = loss.length - SKIP_END;
    if (end - SKIP_BEGIN < 2) {
      return Double.NaN;
    }
    double[] window = Arrays.copyOfRange(loss, SKIP_BEGIN, end);
    double[] gradient = gradient(window);
    int best = -1;
    for (int i = 0; i < gradient.length; i++) {
      if (Double.isFinite(gradient[i]) && (best < 0 || gradient[i] < gradient[best])) {
        best = i;
      }
    }
    return best < 0 ? Double.NaN : lr[SKIP_BEGIN + best];
  }

  /** {@code numpy.gradient} with unit spacing: central differences inside, one-sided at the ends. */
  static double[] gradient(double[] y) {
    int n = y.length;
    double[] g = new double[n];
    if (n < 2) {
      return g;
    }
    g[0] = y[1] - y[0];
    g[n - 1] = y[n - 1] - y[n - 2];
    for (int i = 1; i < n - 1; i++) {
      g[i] = (y[i + 1] - y[i - 1]) / 2;
    }
    return g;
  }
}
