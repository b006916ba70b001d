package org.optspec.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Central-difference gradient checks of generated trainers. The loss seen by the differences is the training-mode
 * loss (what {@code computeGradients} returns), so batch statistics and the like are differentiated as trained.
 */
final class GradientChecks {

  private GradientChecks() {}

  /** Analytic gradients of {@code computeGradients} against central differences of it: relative error < 1e-6. */
  static void assertMatchesCentralDifferences(LoadedTrainer t, double[] x, double[] y, int n) {
    t.computeGradients(x, y, n);
    double[] analytic = t.gradients();
    int count = t.trainer.parameterCount();
    double[] numeric = new double[count];
    double h = 1e-6;
    for (int i = 0; i < count; i++) {
      double p = t.param(i);
      t.setParam(i, p + h);
      double plus = t.computeGradients(x, y, n);
      t.setParam(i, p - h);
      double minus = t.computeGradients(x, y, n);
      t.setParam(i, p);
      numeric[i] = (plus - minus) / (2 * h);
    }
    double diff = 0;
    double norm = 0;
    for (int i = 0; i < count; i++) {
      diff += (analytic[i] - numeric[i]) * (analytic[i] - numeric[i]);
      norm += analytic[i] * analytic[i] + numeric[i] * numeric[i];
    }
    assertTrue(norm > 1e-6, "gradient is not trivially zero");
    double relative = Math.sqrt(diff) / Math.sqrt(norm);
    assertTrue(relative < 1e-6, "relative error " + relative);
    for (int i = 0; i < count; i++) {
      assertEquals(numeric[i], analytic[i], 1e-7 + 1e-6 * Math.abs(numeric[i]), "parameter " + i);
    }
  }
}
