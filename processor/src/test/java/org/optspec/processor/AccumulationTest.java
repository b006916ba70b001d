package org.optspec.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** {@code accumulate N}: N micro-batches' gradients are averaged into one update; the step counter and schedule follow updates. */
class AccumulationTest {

  private static double[] rows(double[] all, int from, int n, int width) {
    return Arrays.copyOfRange(all, from * width, (from + n) * width);
  }

  @Test
  void threeMicroBatchesMakeOneUpdateWithTheirMeanGradient() {
    double[] x = {0.5, -1.0, 2.0, 1.5, 0.3, -0.7, -2.0, 1.0, 0.8, 0.1, 0.9, -1.2, 3.0, -0.4, 0.2, 1.1, -0.6, 0.4};
    double[] y = {2.0, -1.0, 0.5, 4.0, -3.0, 1.0, 2.5, 0.0, -1.5, 1.0, 0.3, 0.7};
    LoadedTrainer t = LoadedTrainer.of(OptimizerTrajectoryTest.spec("sgd(lr: 0.1, momentum: 0.9)",
        "schedule step(every: 1 steps, gamma: 0.5)\n  accumulate 3"));
    int count = t.trainer.parameterCount();
    double[] before = new double[count];
    for (int i = 0; i < count; i++) {
      before[i] = t.param(i);
    }
    double[] mean = new double[count];
    for (int k = 0; k < 3; k++) {
      t.computeGradients(rows(x, 2 * k, 2, 3), rows(y, 2 * k, 2, 2), 2);
      double[] g = t.gradients();
      for (int i = 0; i < count; i++) {
        mean[i] += g[i] / 3;
      }
    }
    for (int k = 0; k < 2; k++) {
      t.step(rows(x, 2 * k, 2, 3), rows(y, 2 * k, 2, 2), 2);
      assertEquals(0, t.trainer.stepCount(), "no update before the third micro-batch");
      for (int i = 0; i < count; i++) {
        assertEquals(before[i], t.param(i), 0, "parameter " + i + " after micro-batch " + (k + 1));
      }
    }
    t.step(rows(x, 4, 2, 3), rows(y, 4, 2, 2), 2);
    assertEquals(1, t.trainer.stepCount());
    for (int i = 0; i < count; i++) {
      assertEquals(before[i] - 0.1 * mean[i], t.param(i), 1e-14, "parameter " + i);
    }
    // the schedule counts updates: the second update uses lr 0.05
    assertEquals(0.05, t.learningRate(t.trainer.stepCount()), 0);
  }
}
