package org.optspec.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InitTest {

  @Test
  void uniformFillsOnlyItsRangeWithinBounds() {
    double[] p = new double[20];
    Init.uniform(p, 5, 10, -0.5, 0.5, new Rng(1));
    for (int i = 0; i < p.length; i++) {
      if (i < 5 || i >= 15) {
        assertEquals(0.0, p[i]);
      } else {
        assertTrue(p[i] >= -0.5 && p[i] < 0.5);
      }
    }
  }

  @Test
  void floatAndDoubleDrawTheSameNumbers() {
    float[] f = new float[100];
    double[] d = new double[100];
    Init.normal(f, 0, 100, 1.0, 0.1, new Rng(4));
    Init.normal(d, 0, 100, 1.0, 0.1, new Rng(4));
    for (int i = 0; i < 100; i++) {
      assertEquals((float) d[i], f[i]);
    }
  }

  @Test
  void normalHasTheRequestedMoments() {
    double[] d = new double[50_000];
    Init.normal(d, 0, d.length, 2.0, 0.5, new Rng(8));
    double mean = 0;
    for (double v : d) {
      mean += v;
    }
    mean /= d.length;
    double var = 0;
    for (double v : d) {
      var += (v - mean) * (v - mean);
    }
    assertEquals(2.0, mean, 0.01);
    assertEquals(0.5, Math.sqrt(var / d.length), 0.01);
  }

  @Test
  void constantAndRangeChecks() {
    float[] f = new float[6];
    Init.constant(f, 2, 3, 0.25);
    assertEquals(0f, f[1]);
    assertEquals(0.25f, f[2]);
    assertEquals(0.25f, f[4]);
    assertEquals(0f, f[5]);
    assertThrows(IndexOutOfBoundsException.class, () -> Init.constant(f, 4, 3, 1));
  }
}
