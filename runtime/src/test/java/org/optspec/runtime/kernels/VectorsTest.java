package org.optspec.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class VectorsTest {

  @Test
  void sumOfSquaresOverARangeWithATail() {
    float[] f = {100, 1, 2, 3, 4, 5, 6, 7, 100};
    double[] d = {100, 1, 2, 3, 4, 5, 6, 7, 100};
    assertEquals(140.0, Vectors.sumOfSquares(f, 1, 7));
    assertEquals(140.0, Vectors.sumOfSquares(d, 1, 7));
    assertEquals(0.0, Vectors.sumOfSquares(d, 3, 0));
  }

  @Test
  void sumOfSquaresAccumulatesFloatsInDouble() {
    float[] f = new float[1 << 20];
    java.util.Arrays.fill(f, 0.1f);
    double exact = (double) 0.1f * 0.1f * f.length;
    assertEquals(exact, Vectors.sumOfSquares(f, 0, f.length), exact * 1e-9); // float accumulation would be off by ~1e-3
  }

  @Test
  void scaleAndFillTouchOnlyTheirRange() {
    double[] d = {1, 2, 3, 4};
    Vectors.scale(d, 1, 2, 0.5);
    assertEquals(1.0, d[0]);
    assertEquals(1.0, d[1]);
    assertEquals(1.5, d[2]);
    assertEquals(4.0, d[3]);
    float[] f = {1, 2, 3};
    Vectors.fill(f, 0, 2, -1);
    assertEquals(-1f, f[0]);
    assertEquals(-1f, f[1]);
    assertEquals(3f, f[2]);
    Vectors.scale(f, 2, 1, 2);
    assertEquals(6f, f[2]);
    assertThrows(IndexOutOfBoundsException.class, () -> Vectors.fill(f, 2, 2, 0));
  }
}
