package org.optspec.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DatasetTest {

  @Test
  void theFloatCopyRoundsEveryValueOnceAndIsMadeOnce() {
    double[] x = {0.1, -1e-40, 3.0000001, 1e39, Double.NaN, -0.0};
    double[] y = {2, 1e-3, 0.7};
    Dataset data = new Dataset(x, y, 3, 2, 1);
    float[] xf = data.xFloat();
    float[] expected = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      expected[i] = (float) x[i];
    }
    assertArrayEquals(expected, xf);
    assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(xf[5]), "the sign of zero survives");
    assertArrayEquals(new float[] {2f, 1e-3f, 0.7f}, data.yFloat());
    assertSame(xf, data.xFloat(), "made on the first call, then kept");
    assertSame(data.yFloat(), data.yFloat());
  }

  @Test
  void inMemoryClassifierRows() {
    Dataset d = Dataset.of(new float[][] {{1, 2}, {3, 4}, {5, 6}}, new int[] {0, 2, 1});
    assertEquals(3, d.rows());
    assertEquals(2, d.inputs());
    assertEquals(1, d.outputs());
    assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, d.x());
    assertArrayEquals(new double[] {0, 2, 1}, d.y());
    assertTrue(d.hasTargets());
    assertNull(d.preprocessing(), "in-memory rows are raw");
  }

  @Test
  void inMemoryRegressionRowsAndFeaturesOnly() {
    Dataset r = Dataset.of(new double[][] {{1}, {2}}, new double[][] {{10, 11}, {20, 21}});
    assertEquals(2, r.outputs());
    assertArrayEquals(new double[] {10, 11, 20, 21}, r.y());
    assertArrayEquals(new double[] {5, 6}, Dataset.of(new double[][] {{1}, {2}}, new double[] {5, 6}).y());
    Dataset f = Dataset.features(new double[][] {{1, 2}, {3, 4}});
    assertFalse(f.hasTargets());
    assertEquals(0, f.outputs());
    Dataset placeholder = f.withPlaceholderTargets(1);
    assertEquals(1, placeholder.outputs());
    assertFalse(placeholder.hasTargets());
    assertSame(f.x(), placeholder.x());
  }

  @Test
  void raggedOrMismatchedRowsAreRefused() {
    IllegalArgumentException ragged = assertThrows(IllegalArgumentException.class,
        () -> Dataset.of(new double[][] {{1, 2}, {3}}, new int[] {0, 1}));
    assertTrue(ragged.getMessage().contains("x[1] has 1 values, x[0] has 2"), ragged.getMessage());
    IllegalArgumentException rows = assertThrows(IllegalArgumentException.class,
        () -> Dataset.of(new double[][] {{1}, {3}}, new int[] {0}));
    assertTrue(rows.getMessage().contains("x has 2 rows, labels has 1"), rows.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Dataset.of(new double[][] {{1}}, new int[] {-1}));
    assertThrows(IllegalArgumentException.class, () -> Dataset.features(new double[0][]));
  }
}
