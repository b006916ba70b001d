package org.optspec.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.optspec.runtime.TrainingListener;
import org.optspec.runtime.TrainingReport;
import org.optspec.runtime.data.Splits;
import org.optspec.samples.digits.Wide;
import org.optspec.samples.digits.WideClassifierTrainer;

class WideSampleTest {

  @Test
  void reachesAtLeast95PercentWithEightyPercentOfTheWeightsPruned() {
    Splits data = WideClassifierTrainer.data().load(Wide.class);
    WideClassifierTrainer trainer = new WideClassifierTrainer();
    TrainingReport report = trainer.fit(data.train(), data.validation(), TrainingListener.NONE);
    double accuracy = trainer.evaluate(data.test()).get("accuracy");
    assertTrue(accuracy >= 0.95, "test accuracy " + accuracy);
    // Measured on the weights themselves: the zeros of the three dense weight matrices, found by torch's
    // parameters() order (dense0.weight, dense0.bias, batchnorm0.weight, batchnorm0.bias, dense1.weight, ...).
    double[] p = trainer.parameters();
    int[][] weightRanges = {{0, 64 * 256}, {64 * 256 + 3 * 256, 256 * 256}, {64 * 256 + 3 * 256 + 256 * 256 + 3 * 256, 256 * 10}};
    int zeros = 0;
    int weights = 0;
    for (int[] range : weightRanges) {
      weights += range[1];
      for (int i = range[0]; i < range[0] + range[1]; i++) {
        zeros += p[i] == 0 ? 1 : 0;
      }
    }
    assertEquals(0.8, (double) zeros / weights, 0.001, "sparsity measured on the weights");
    assertEquals(0.8, trainer.sparsity(), 0.001);
    assertTrue(report.stoppedBecause().contains("weight sparsity 0.8"), report.stoppedBecause());
  }
}
