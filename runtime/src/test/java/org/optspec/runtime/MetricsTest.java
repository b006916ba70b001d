package org.optspec.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    assertEquals(List.of("loss", "accuracy", "macro_f1"), List.copyOf(m.values().keySet()));
    assertEquals(0.42, m.get("loss"));
    assertEquals(2.0 / 3.0, m.get("accuracy"), 1e-15);
  }

  @Test
  void regressionMatchesHandComputedValues() {
    // y = 1,2,3,4 (mean 2.5, SST = 5), predictions 1,2,3,5: SSE = 1
    Dataset data = new Dataset(new double[4], new double[] {1, 2, 3, 4}, 4, 1, 1);
    Metrics m = Metrics.regression(0.125, new double[] {1, 2, 3, 5}, data);
    assertEquals(List.of("loss", "mse", "rmse", "mae", "r2"), List.copyOf(m.values().keySet()));
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

  /** Scores one-hot at each row's predicted class. */
  private static double[] oneHot(int[] predicted, int classes) {
    double[] p = new double[predicted.length * classes];
    for (int r = 0; r < predicted.length; r++) {
      p[r * classes + predicted[r]] = 1;
    }
    return p;
  }

  @Test
  void perClassScoresMacroF1AndTheConfusionMatrixAsSklearnCountsThem() {
    // y = 0,2,1,1,0,2,2 predicted 0,2,0,1,0,1,2 (values worked by hand as sklearn's precision_recall_fscore_support)
    Dataset data = new Dataset(new double[7], new double[] {0, 2, 1, 1, 0, 2, 2}, 7, 1, 1);
    Metrics m = Metrics.classification(0, oneHot(new int[] {0, 2, 0, 1, 0, 1, 2}, 3), data, 3);
    assertArrayEquals(new int[][] {{2, 0, 0}, {1, 1, 0}, {0, 1, 2}}, m.confusion());
    assertEquals(2.0 / 3, m.classes().get(0).precision(), 1e-15);
    assertEquals(1.0, m.classes().get(0).recall(), 1e-15);
    assertEquals(0.8, m.classes().get(0).f1(), 1e-15);
    assertEquals(0.5, m.classes().get(1).f1(), 1e-15);
    assertEquals(1.0, m.classes().get(2).precision(), 1e-15);
    assertEquals(2.0 / 3, m.classes().get(2).recall(), 1e-15);
    assertEquals(3, m.classes().get(2).support());
    assertEquals(0.7, m.get("macro_f1"), 1e-15);
    assertFalse(m.has("roc_auc"), "three classes");
  }

  @Test
  void binaryRocAucCountsTiesAsHalf() {
    // positives score 0.8, 0.4, 0.9; negatives 0.1, 0.4, 0.2: 8.5 of 9 pairs ordered right
    double[] p1 = {0.1, 0.8, 0.4, 0.4, 0.9, 0.2};
    double[] p = new double[12];
    for (int r = 0; r < 6; r++) {
      p[2 * r] = 1 - p1[r];
      p[2 * r + 1] = p1[r];
    }
    Dataset data = new Dataset(new double[6], new double[] {0, 1, 1, 0, 1, 0}, 6, 1, 1);
    assertEquals(8.5 / 9, Metrics.classification(0, p, data, 2).get("roc_auc"), 1e-15);
    Dataset onlyNegatives = new Dataset(new double[6], new double[6], 6, 1, 1);
    assertTrue(Double.isNaN(Metrics.classification(0, p, onlyNegatives, 2).get("roc_auc")));
  }

  @Test
  void maeAveragesAbsoluteErrors() {
    Dataset data = new Dataset(new double[4], new double[] {1, 2, 3, 4}, 4, 1, 1);
    assertEquals(0.75, Metrics.regression(0, new double[] {2, 2, 1, 4}, data).get("mae"), 1e-15);
  }
}
