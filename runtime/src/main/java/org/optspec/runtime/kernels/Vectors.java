package org.optspec.runtime.kernels;

/**
 * Small vector helpers the emitter may call (global-norm clipping, decay, buffer resets).
 *
 * <p>{@code sumOfSquares} keeps eight independent double accumulators: C2 will not vectorize a
 * floating-point reduction (it may not reorder the additions), but eight chains hide the add latency
 * (a generated step sums the squares of all gradients once for its divergence check and, when the
 * spec clips, once more for the global norm)
 * and the result is the same on every JVM because the order is written down here.
 */
public final class Vectors {
  private Vectors() {}

  // float twin: begin (generated from the double twin below by tools/twins/FloatTwins.java; edit that one)
  public static double sumOfSquares(float[] p, int off, int len) {
    checkRange(p.length, off, len);
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
    int i = off;
    int end = off + len;
    for (; i <= end - 8; i += 8) {
      double v0 = p[i], v1 = p[i + 1], v2 = p[i + 2], v3 = p[i + 3];
      double v4 = p[i + 4], v5 = p[i + 5], v6 = p[i + 6], v7 = p[i + 7];
      s0 += v0 * v0;
      s1 += v1 * v1;
      s2 += v2 * v2;
      s3 += v3 * v3;
      s4 += v4 * v4;
      s5 += v5 * v5;
      s6 += v6 * v6;
      s7 += v7 * v7;
    }
    for (; i < end; i++) {
      double v = p[i];
      s0 += v * v;
    }
    return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
  }
  // float twin: end

  // double twin: begin (arrays only: the sums stay double)
  public static double sumOfSquares(double[] p, int off, int len) {
    checkRange(p.length, off, len);
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
    int i = off;
    int end = off + len;
    for (; i <= end - 8; i += 8) {
      double v0 = p[i], v1 = p[i + 1], v2 = p[i + 2], v3 = p[i + 3];
      double v4 = p[i + 4], v5 = p[i + 5], v6 = p[i + 6], v7 = p[i + 7];
      s0 += v0 * v0;
      s1 += v1 * v1;
      s2 += v2 * v2;
      s3 += v3 * v3;
      s4 += v4 * v4;
      s5 += v5 * v5;
      s6 += v6 * v6;
      s7 += v7 * v7;
    }
    for (; i < end; i++) {
      double v = p[i];
      s0 += v * v;
    }
    return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
  }
  // double twin: end

  /**
   * {@code g[i] += (float) (factor * p[i])} for i in [off, off + len): the product in double, rounded to
   * float once, exactly as the loop reads (an L2 gradient, {@code factor = 2 · l2}). Written eight
   * elements per pass into separate locals: C2 (JDK 17) compiles the one-element loop to scalar
   * {@code cvtss2sd}/{@code mulsd}/{@code cvtsd2ss} whose writes to a reused register chain the
   * iterations together (measured 2.7 ns per element, against about 0.5 here).
   */
  public static void addScaled(float[] g, float[] p, int off, int len, double factor) {
    checkRange(g.length, off, len);
    checkRange(p.length, off, len);
    int i = off;
    int end = off + len;
    for (; i <= end - 8; i += 8) {
      float d0 = (float) (factor * p[i]);
      float d1 = (float) (factor * p[i + 1]);
      float d2 = (float) (factor * p[i + 2]);
      float d3 = (float) (factor * p[i + 3]);
      float d4 = (float) (factor * p[i + 4]);
      float d5 = (float) (factor * p[i + 5]);
      float d6 = (float) (factor * p[i + 6]);
      float d7 = (float) (factor * p[i + 7]);
      g[i] += d0;
      g[i + 1] += d1;
      g[i + 2] += d2;
      g[i + 3] += d3;
      g[i + 4] += d4;
      g[i + 5] += d5;
      g[i + 6] += d6;
      g[i + 7] += d7;
    }
    for (; i < end; i++) {
      g[i] += (float) (factor * p[i]);
    }
  }

  /**
   * {@code g[i] += f * p[i]} for i in [off, off + len) with {@code float f = (float) factor}: the L2 gradient of a
   * float32 trainer, computed in float as PyTorch computes it.
   *
   * <p>Rounding, against {@link #addScaled(float[], float[], int, int, double)} (which adds {@code f32(factor ·
   * p[i])}, the product exact in double and rounded once): the term added here is {@code f32(f32(factor) · p[i])}.
   * Two things differ, and nothing else: the factor is {@code f32(factor)} instead of the double {@code factor}
   * (relative change at most 2^-24; a factor under float's smallest subnormal becomes 0, one beyond its range
   * infinite), and the product is rounded in float (Java's float multiply: no fused multiply-add). The two terms
   * are at most one float ulp apart; both are then added to {@code g[i]} with one float rounding.
   *
   * <p>Why this is the torch-like one: autograd of {@code lambda * (p ** 2).sum()} on float32 tensors multiplies
   * by the scalar cast to float ({@code 2 · f32(lambda)}, which is {@code f32(2 · lambda)}: doubling is exact),
   * rounds each product to float, and adds it to the loss gradient in float; {@code d_p.add(p, alpha=wd)} also
   * uses {@code f32(wd)} (its vectorized kernel may fuse the multiply-add). It is also the fast one: a plain float
   * loop that C2 vectorizes, with no float-double conversions (C2 on JDK 17 does not vectorize them; the double
   * form was 46% of a W4 step). The emitter calls it for float32 trainers; float64 trainers keep
   * {@link #addScaled(double[], double[], int, int, double)}, unchanged.
   */
  public static void addScaledInFloat(float[] g, float[] p, int off, int len, double factor) {
    checkRange(g.length, off, len);
    checkRange(p.length, off, len);
    float f = (float) factor;
    int end = off + len;
    for (int i = off; i < end; i++) {
      g[i] += f * p[i];
    }
  }

  /** {@code g[i] += factor * p[i]} for i in [off, off + len). */
  public static void addScaled(double[] g, double[] p, int off, int len, double factor) {
    checkRange(g.length, off, len);
    checkRange(p.length, off, len);
    for (int i = off; i < off + len; i++) {
      g[i] += factor * p[i];
    }
  }

  /**
   * Whether every element of {@code p[off, off+len)} is finite: {@code x · 0} is 0 for a finite x and NaN
   * for an infinite or NaN one, and a NaN stays in its sum. For float arrays this answers exactly what
   * {@code Double.isFinite(sumOfSquares(p, off, len))} does (a float squared is at most 1.2e77, so finite
   * squares never add up to an infinite double), in float arithmetic without the conversions to double:
   * about 35% less time (measured on 31,500 gradients, W4's tables).
   */
  public static boolean allFinite(float[] p, int off, int len) {
    checkRange(p.length, off, len);
    float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f, s4 = 0f, s5 = 0f, s6 = 0f, s7 = 0f;
    int i = off;
    int end = off + len;
    for (; i <= end - 8; i += 8) {
      s0 += p[i] * 0f;
      s1 += p[i + 1] * 0f;
      s2 += p[i + 2] * 0f;
      s3 += p[i + 3] * 0f;
      s4 += p[i + 4] * 0f;
      s5 += p[i + 5] * 0f;
      s6 += p[i + 6] * 0f;
      s7 += p[i + 7] * 0f;
    }
    for (; i < end; i++) {
      s0 += p[i] * 0f;
    }
    return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7)) == 0f;
  }

  /**
   * Whether every element of {@code p[off, off+len)} is finite, by the same {@code x · 0} sums as the float
   * version (one pass, no branch per element): a generated trainer checks its parameters with it after every
   * epoch and before every save.
   */
  public static boolean allFinite(double[] p, int off, int len) {
    checkRange(p.length, off, len);
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int i = off;
    int end = off + len;
    for (; i <= end - 4; i += 4) {
      s0 += p[i] * 0d;
      s1 += p[i + 1] * 0d;
      s2 += p[i + 2] * 0d;
      s3 += p[i + 3] * 0d;
    }
    for (; i < end; i++) {
      s0 += p[i] * 0d;
    }
    return (s0 + s1) + (s2 + s3) == 0d;
  }

  /** {@code p[off..off+len) *= factor}; the factor is rounded to float once, outside the loop. */
  public static void scale(float[] p, int off, int len, double factor) {
    checkRange(p.length, off, len);
    float f = (float) factor;
    for (int i = off; i < off + len; i++) {
      p[i] *= f;
    }
  }

  public static void scale(double[] p, int off, int len, double factor) {
    checkRange(p.length, off, len);
    for (int i = off; i < off + len; i++) {
      p[i] *= factor;
    }
  }

  public static void fill(float[] p, int off, int len, double value) {
    checkRange(p.length, off, len);
    java.util.Arrays.fill(p, off, off + len, (float) value);
  }

  public static void fill(double[] p, int off, int len, double value) {
    checkRange(p.length, off, len);
    java.util.Arrays.fill(p, off, off + len, value);
  }

  private static void checkRange(int length, int off, int len) {
    if (off < 0 || len < 0 || off > length - len) {
      throw new IndexOutOfBoundsException("range [" + off + ", " + off + "+" + len + ") outside array of " + length);
    }
  }
}
