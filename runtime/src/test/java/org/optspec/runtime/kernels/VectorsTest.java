package org.optspec.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

  @Test
  void allFiniteAnswersAsTheSumOfSquaresDoes() {
    float[] specials = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MAX_VALUE, -Float.MAX_VALUE,
        -0f, Float.MIN_VALUE, 1e30f};
    for (int len = 0; len <= 19; len++) {
      for (int at = 0; at < len; at++) {
        for (float special : specials) {
          float[] p = new float[len + 4];
          for (int i = 0; i < p.length; i++) {
            p[i] = -1.5f + i;
          }
          p[0] = Float.NaN; // outside the range
          p[2 + at] = special;
          boolean want = Double.isFinite(Vectors.sumOfSquares(p, 2, len));
          assertEquals(want, Vectors.allFinite(p, 2, len), "len " + len + " at " + at + " value " + special);
        }
      }
    }
    float[] huge = new float[40_000];
    java.util.Arrays.fill(huge, -Float.MAX_VALUE);
    assertEquals(true, Vectors.allFinite(huge, 0, huge.length));
    assertEquals(true, Double.isFinite(Vectors.sumOfSquares(huge, 0, huge.length)));
    assertThrows(IndexOutOfBoundsException.class, () -> Vectors.allFinite(huge, 1, huge.length));
  }

  @Test
  void addScaledIsTheL2LoopBitForBit() {
    java.util.Random r = new java.util.Random(11);
    double factor = 2 * 3.0E-5;
    for (int len = 0; len <= 21; len++) {
      float[] p = new float[len + 5];
      float[] g = new float[len + 5];
      double[] pd = new double[len + 5];
      double[] gd = new double[len + 5];
      for (int i = 0; i < p.length; i++) {
        p[i] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(20) - 10));
        g[i] = (float) r.nextGaussian();
        pd[i] = p[i] * 1.1;
        gd[i] = g[i];
      }
      float[] want = g.clone();
      double[] wantD = gd.clone();
      for (int i = 3; i < 3 + len; i++) {
        want[i] += (float) (2 * 3.0E-5 * p[i]);
        wantD[i] += 2 * 3.0E-5 * pd[i];
      }
      Vectors.addScaled(g, p, 3, len, factor);
      Vectors.addScaled(gd, pd, 3, len, factor);
      for (int i = 0; i < g.length; i++) {
        assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(g[i]), "len " + len + " at " + i);
        assertEquals(Double.doubleToRawLongBits(wantD[i]), Double.doubleToRawLongBits(gd[i]), "len " + len + " at " + i);
      }
    }
  }

  /** The reference: the one-element loop in float, {@code g[i] += (float) factor * p[i]}. */
  private static void addScaledInFloatReference(float[] g, float[] p, int off, int len, double factor) {
    float f = (float) factor;
    for (int i = off; i < off + len; i++) {
      g[i] = g[i] + f * p[i];
    }
  }

  @Test
  void addScaledInFloatIsTheFloatLoopBitForBitForEveryTailAndOffset() {
    java.util.Random r = new java.util.Random(12);
    double[] factors = {2 * 3.0E-5, 2 * 1e-4, 0.1, -2.5, 1.0 / 3};
    int differsFromTheDoubleForm = 0;
    for (double factor : factors) {
      for (int off = 0; off <= 9; off++) {
        for (int len = 0; len <= 17; len++) {
          float[] p = new float[off + len + 3];
          float[] g = new float[off + len + 3];
          for (int i = 0; i < p.length; i++) {
            p[i] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(20) - 10));
            g[i] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(6) - 5));
          }
          float[] want = g.clone();
          addScaledInFloatReference(want, p, off, len, factor);
          float[] doubleForm = g.clone();
          Vectors.addScaled(doubleForm, p, off, len, factor);
          float[] pBefore = p.clone();
          Vectors.addScaledInFloat(g, p, off, len, factor);
          for (int i = 0; i < g.length; i++) {
            String at = "factor " + factor + " off " + off + " len " + len + " at " + i;
            assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(g[i]), at);
            assertEquals(Float.floatToRawIntBits(pBefore[i]), Float.floatToRawIntBits(p[i]), at);
            // the two forms add terms at most one float ulp apart, then round the sum once: a sum can move by
            // one ulp of the term plus the sum's rounding
            float term = Math.max(Math.abs((float) factor * p[i]), Math.abs((float) (factor * p[i])));
            float sum = Math.max(Math.abs(g[i]), Math.abs(doubleForm[i]));
            assertTrue(Math.abs(g[i] - doubleForm[i]) <= Math.ulp(term) + Math.ulp(sum), at);
            if (i >= off && i < off + len && g[i] != doubleForm[i]) {
              differsFromTheDoubleForm++;
            }
          }
        }
      }
    }
    assertTrue(differsFromTheDoubleForm > 0, "the float form rounds differently from the double form somewhere");
  }

  @Test
  void addScaledInFloatRoundsTheFactorAndTheProductInFloat() {
    // 2e-4 · f32(1/7): in float 2.8571428629220463e-05, torch's L2 gradient of 1e-4 · p² at p = 1/7 in float32
    // (autograd, torch 1.13); the double product rounded once is the next float up
    float p = (float) (1 / 7.0);
    float[] g = {0f};
    Vectors.addScaledInFloat(g, new float[] {p}, 0, 1, 2e-4);
    assertEquals(2.8571428629220463e-05, g[0], 0);
    assertEquals(Math.nextUp(g[0]), (float) (2e-4 * p));
    // the factor itself is rounded to float first: 1e-46 is under float's smallest subnormal, so it adds 0
    float[] h = {0f};
    Vectors.addScaledInFloat(h, new float[] {1e30f}, 0, 1, 1e-46);
    assertEquals(0f, h[0]);
    float[] old = {0f};
    Vectors.addScaled(old, new float[] {1e30f}, 0, 1, 1e-46);
    assertEquals((float) 1e-16, old[0]);
    assertThrows(IndexOutOfBoundsException.class, () -> Vectors.addScaledInFloat(g, new float[2], 1, 1, 1));
    assertThrows(IndexOutOfBoundsException.class, () -> Vectors.addScaledInFloat(new float[2], g, 1, 1, 1));
  }

  @Test
  void addScaledInFloatIsTorchsFloat32L2GradientBitForBit() {
    // torch 1.13, float32: p.grad of 3e-5 * (p ** 2).sum() by autograd, added to the loss gradient g
    // (torch.manual_seed(3); p = randn(17) * 10 ** randint(-3, 3); g = randn(17) * 1e-3; g + p.grad)
    int[] p = {0xba48eb1d, 0x3f6e5e2c, 0xbd52b940, 0xc3252aa3, 0x41275d18, 0x3d55e347, 0xbe2ad005, 0x3a0b061d,
        0x39d42174, 0x3e67124b, 0x3fef43ea, 0xc13f3ccc, 0x3f7f77d8, 0x4092f010, 0x4373a3c4, 0xbe1654e2, 0x3ef860dd};
    int[] g = {0xb9c5a62d, 0xb987148a, 0xbacf8d40, 0x3ab6fa57, 0xba874069, 0x3a954d7a, 0x3a3dfce7, 0x3a8d7f80,
        0x3ae2c977, 0xba0034be, 0xba261a07, 0xba4eeb9a, 0xba6b55dd, 0xbaf76868, 0x39b02e91, 0x3a03509c, 0x3a0f4c7d};
    int[] torch = {0xb9c5ac59, 0xb9539445, 0xbacff4d3, 0xbc0b7e3b, 0xb9d3f4c2, 0x3a95b69b, 0x3a3b5d3d, 0x3a8d8091,
        0x3ae2ca48, 0xb9f95044, 0xba08b364, 0xbac5750c, 0xba5ba3b2, 0xbad34be2, 0x3c750365, 0x3a01017b, 0x3a16edd1};
    float[] pf = new float[p.length];
    float[] gf = new float[p.length];
    for (int i = 0; i < p.length; i++) {
      pf[i] = Float.intBitsToFloat(p[i]);
      gf[i] = Float.intBitsToFloat(g[i]);
    }
    float[] doubleForm = gf.clone();
    Vectors.addScaledInFloat(gf, pf, 0, pf.length, 2 * 3e-5);
    Vectors.addScaled(doubleForm, pf, 0, pf.length, 2 * 3e-5);
    int doubleFormMatches = 0;
    for (int i = 0; i < p.length; i++) {
      assertEquals(torch[i], Float.floatToRawIntBits(gf[i]), "element " + i);
      doubleFormMatches += Float.floatToRawIntBits(doubleForm[i]) == torch[i] ? 1 : 0;
    }
    assertEquals(16, doubleFormMatches, "the double form misses torch's value at one element");
  }
}
