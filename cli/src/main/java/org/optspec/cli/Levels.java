package org.optspec.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Log-spaced contour levels over a sampled loss: {@code plot path}'s bands. When every loss is positive the levels are
 * round numbers between the smallest loss (at most six decades below the largest) and the largest: 1 and 3 per
 * decade over three decades or more, 1, 2 and 5 over one to three, ten evenly log-spaced levels over less. A loss
 * that reaches zero or below is shifted first: the levels are log-spaced in {@code loss - offset}, the offset a
 * millionth of the range below the smallest loss. {@link #bounds} are in loss units either way.
 *
 * @param bounds the levels, ascending; band {@code k} holds the losses in {@code [bounds[k-1], bounds[k])}
 */
record Levels(double[] bounds) {

  /** Levels for the finite values of {@code grid}; NaN entries are ignored. */
  static Levels of(double[][] grid) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double[] row : grid) {
      for (double v : row) {
        if (!Double.isNaN(v)) {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
      }
    }
    if (!(max > min)) {
      // a flat (or empty) surface: one level, two bands
      return new Levels(new double[] {Double.isFinite(min) ? min : 0});
    }
    double offset = min > 0 ? 0 : min - (max - min) * 1e-6;
    double lo = Math.max(min - offset, (max - offset) * 1e-6);
    double hi = max - offset;
    List<Double> u = new ArrayList<>();
    double decades = Math.log10(hi / lo);
    double[] mantissas = decades >= 3 ? new double[] {1, 3} : decades >= 1 ? new double[] {1, 2, 5} : null;
    if (mantissas == null) {
      for (int k = 1; k < 10; k++) {
        u.add(lo * Math.pow(hi / lo, k / 10.0));
      }
    } else {
      for (int e = (int) Math.floor(Math.log10(lo)); e <= (int) Math.ceil(Math.log10(hi)); e++) {
        for (double m : mantissas) {
          double level = m * Math.pow(10, e);
          if (level > lo && level < hi) {
            u.add(level);
          }
        }
      }
    }
    return new Levels(u.stream().mapToDouble(v -> v + offset).toArray());
  }

  /** How many bands the levels make: one more than the levels. */
  int bands() {
    return bounds.length + 1;
  }

  /** The band of {@code loss}: how many levels are at or below it. */
  int band(double loss) {
    int k = Arrays.binarySearch(bounds, loss);
    return k >= 0 ? k + 1 : -k - 1;
  }
}
