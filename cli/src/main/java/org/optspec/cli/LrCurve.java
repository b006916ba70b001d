package org.optspec.cli;

import java.util.function.LongToDoubleFunction;

/**
 * The learning rate as the piecewise-constant function it is: step {@code s} trains with
 * {@code lr(s)} from {@code s} to {@code s + 1}, so each sampled step contributes two points and
 * a step decay draws as a staircase, not a ramp. Also used for plain (x, lr) points.
 */
record LrCurve(double[] x, double[] y) {

  /**
   * Samples steps {@code first .. last-1} (at most {@code maxSteps} of them, evenly) and scales the x
   * axis by {@code 1 / unit} (steps per epoch for an epoch axis, 1 for steps).
   */
  static LrCurve sample(LongToDoubleFunction lr, long first, long last, int maxSteps, double unit) {
    long span = last - first;
    int n = (int) Math.max(1, Math.min(span, maxSteps));
    double[] x = new double[2 * n];
    double[] y = new double[2 * n];
    for (int i = 0; i < n; i++) {
      long from = first + span * i / n;
      long to = first + span * (i + 1) / n;
      double rate = lr.applyAsDouble(from);
      x[2 * i] = from / unit;
      x[2 * i + 1] = to / unit;
      y[2 * i] = rate;
      y[2 * i + 1] = rate;
    }
    return new LrCurve(x, y);
  }

  double min() {
    double m = Double.POSITIVE_INFINITY;
    for (double v : y) {
      m = Math.min(m, v);
    }
    return m;
  }

  double max() {
    double m = Double.NEGATIVE_INFINITY;
    for (double v : y) {
      m = Math.max(m, v);
    }
    return m;
  }
}
