package org.optspec.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@code clip value}, {@code adaptive} and {@code agc}: a trainer with plain SGD at lr 1 moves each parameter by minus
 * its clipped gradient, which the test computes from the unclipped gradients of the same parameters.
 */
class ClippingTest {

  private static final double[] X = {0.5, -1.0, 2.0, 1.5, 0.3, -0.7, -2.0, 1.0, 0.8, 0.1, 0.9, -1.2, 3.0, -0.4, 0.2};
  private static final double[] Y = {2.0, -1.0, 0.5, 4.0, -3.0, 1.0, 2.5, 0.0, -1.5, 1.0};

  private static LoadedTrainer trainer(String clip) {
    return LoadedTrainer.of(OptimizerTrajectoryTest.spec("sgd(lr: 1.0)", clip));
  }

  /** The gradients at the trainer's current parameters, computed without touching them. */
  private static double[] gradients(LoadedTrainer t) {
    t.computeGradients(X, Y, 5);
    return t.gradients().clone();
  }

  private static double[] params(LoadedTrainer t, int n) {
    double[] p = new double[n];
    for (int i = 0; i < n; i++) {
      p[i] = t.param(i);
    }
    return p;
  }

  private static void assertMovedBy(double[] before, double[] clipped, LoadedTrainer t) {
    for (int i = 0; i < before.length; i++) {
      assertEquals(before[i] - clipped[i], t.param(i), 1e-12, "parameter " + i);
    }
  }

  @Test
  void valueClampsEveryGradientElement() {
    LoadedTrainer t = trainer("clip value(0.05)");
    double[] g = gradients(t);
    double[] before = params(t, g.length);
    double[] clipped = new double[g.length];
    int clamped = 0;
    for (int i = 0; i < g.length; i++) {
      clipped[i] = Math.max(-0.05, Math.min(0.05, g[i]));
      clamped += clipped[i] != g[i] ? 1 : 0;
    }
    assertTrue(clamped > 0 && clamped < g.length, "the case clamps some elements and not others: " + clamped);
    t.step(X, Y, 5);
    assertMovedBy(before, clipped, t);
  }

  @Test
  void agcBoundsEachOutputUnitsGradientByItsWeightNorm() {
    LoadedTrainer t = trainer("clip agc(clipping: 0.4, eps: 1e-3)");
    double[] g = gradients(t);
    double[] p = params(t, g.length);
    double[] clipped = g.clone();
    int scaled = 0;
    // dense0.weight 4 rows × 3, dense0.bias one unit of 4, dense1.weight 2 rows × 4, dense1.bias one unit of 2
    int[][] units = {
        {t.offset("DENSE0_WEIGHT"), 4, 3}, {t.offset("DENSE0_BIAS"), 1, 4},
        {t.offset("DENSE1_WEIGHT"), 2, 4}, {t.offset("DENSE1_BIAS"), 1, 2}};
    for (int[] u : units) {
      for (int r = 0; r < u[1]; r++) {
        int from = u[0] + r * u[2];
        double gn = 0;
        double pn = 0;
        for (int k = from; k < from + u[2]; k++) {
          gn += g[k] * g[k];
          pn += p[k] * p[k];
        }
        double max = 0.4 * Math.max(Math.sqrt(pn), 1e-3);
        if (Math.sqrt(gn) > max) {
          scaled++;
          for (int k = from; k < from + u[2]; k++) {
            clipped[k] = g[k] * (max / Math.sqrt(gn));
          }
        }
      }
    }
    assertTrue(scaled > 0 && scaled < 8, "the case clips some units and not others: " + scaled);
    t.step(X, Y, 5);
    assertMovedBy(p, clipped, t);
  }

  @Test
  void adaptiveClipsToAFactorOfTheRunningAverageNorm() {
    LoadedTrainer t = trainer("clip adaptive(factor: 1.05, beta: 0.5)");
    double average = 0;
    int clippedSteps = 0;
    for (int step = 0; step < 6; step++) {
      double[] g = gradients(t);
      double[] before = params(t, g.length);
      double norm = 0;
      for (double v : g) {
        norm += v * v;
      }
      norm = Math.sqrt(norm);
      double coef = 1;
      if (step > 0) {
        double threshold = 1.05 * average / (1 - Math.pow(0.5, step));
        coef = Math.min(1, threshold / (norm + 1e-6));
      }
      clippedSteps += coef < 1 ? 1 : 0;
      double[] clipped = new double[g.length];
      for (int i = 0; i < g.length; i++) {
        clipped[i] = g[i] * coef;
      }
      average = 0.5 * average + 0.5 * norm * coef;
      t.step(X, Y, 5);
      assertMovedBy(before, clipped, t);
    }
    assertTrue(clippedSteps > 0, "the case clips at least one step");
  }
}
