package org.optspec.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsTest {

  @Test
  void accuracyCountsArgMaxMatches() {
    Dataset data = new Dataset(new double[3], new double[] {0, 2, 1}, 3, 1, 1);
    double[] p = {
        0.7, 0.2, 0.1,   // predicts 0, label 0: right
        0.1, 0.3, 0.6,   // predicts 2, label 2: right
        0.5, 0.4, 0.1};  // predicts 0, label 1: wrong
    Metrics m = Metrics.classification(0.42, p, data, 3);
    assertEquals(List.of("loss", "accuracy"), List.copyOf(m.values().keySet()));
    assertEquals(0.42, m.get("loss"));
    assertEquals(2.0 / 3.0, m.get("accuracy"), 1e-15);
  }

  @Test
  void regressionMatchesHandComputedValues() {
    // y = 1,2,3,4 (mean 2.5, SST = 5), predictions 1,2,3,5: SSE = 1
    Dataset data = new Dataset(new double[4], new double[] {1, 2, 3, 4}, 4, 1, 1);
    Metrics m = Metrics.regression(0.125, new double[] {1, 2, 3, 5}, data);
    assertEquals(List.of("loss", "mse", "rmse", "r2"), List.copyOf(m.values().keySet()));
    assertEquals(0.125, m.get("loss"));
    assertEquals(0.25, m.get("mse"), 1e-15);
    assertEquals(0.5, m.get("rmse"), 1e-15);
    assertEquals(0.8, m.get("r2"), 1e-15);
  }

  @Test
  void r2PoolsColumnsAroundTheirOwnMeans() {
    // column 0: y = 0, 2 (mean 1), predictions 0, 1 → SSE 1, SST 2
    // column 1: y = 10, 14 (mean 12), predictions 11, 14 → SSE 1, SST 8
    Dataset data = new Dataset(new double[2], new double[] {0, 10, 2, 14}, 2, 1, 2);
    Metrics m = Metrics.regression(0, new double[] {0, 11, 1, 14}, data);
    assertEquals(2.0 / 4, m.get("mse"), 1e-15);
    assertEquals(1 - 2.0 / 10, m.get("r2"), 1e-15);
  }

  @Test
  void constantTargetsFollowSklearn() {
    Dataset data = new Dataset(new double[2], new double[] {3, 3}, 2, 1, 1);
    assertEquals(1.0, Metrics.regression(0, new double[] {3, 3}, data).get("r2"));
    assertEquals(0.0, Metrics.regression(0, new double[] {3, 4}, data).get("r2"));
  }
}
