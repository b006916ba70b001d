package org.optspec.runtime.kernels;

/**
 * A fast tanh for float32 trainers: rounded to float, equal to {@code (float) StrictMath.tanh(x)} for every one
 * of the 2^32 floats (an exhaustive sweep, bench/RESULTS.md W5; {@code TanhTest} checks every 101st), and about
 * 30× faster per element than {@code Math.tanh}, which Java 17 runs as the scalar fdlibm
 * {@code StrictMath.tanh} (22% of a W5 step before, bench/RESULTS.md).
 *
 * <p>The value is computed in double, with a relative error of at most 1.1e-15 where |x| ≤ 9.5: the [7/6] Padé
 * approximant of tanh at y = x/8 (the seventh convergent of Lambert's continued fraction,
 * {@code y(135135 + 17325y² + 378y⁴ + y⁶) / (135135 + 62370y² + 3150y⁴ + 28y⁶)}), then three doublings
 * {@code tanh 2y = 2 tanh y / (1 + tanh² y)} carried out on the numerator and denominator, so one division in
 * all; Horner steps and sums of squares use {@code Math.fma} (an exact IEEE operation, the same on every JVM, and
 * 12% faster here than separate multiplies and adds). Beyond ±9.5 the argument is clamped: tanh(9.5) = 1 − 1.1e-8 rounds to 1f as tanh(x) does for every
 * float |x| ≥ 9.01. An error that small can move the float result by one ulp at most (when the exact value lies
 * within 1e-15 of a rounding boundary), and the sweep found no float where it does. NaN stays NaN, ±0 keeps
 * its sign, ±∞ gives ±1.
 *
 * <p>No branches and no calls, so C2 vectorizes the loop; it runs on a double scratch because Java 17's C2
 * does not vectorize a loop that mixes float and double lanes (measured: the mixed loop ran scalar at 20–30 ns
 * per element under load, the three loops here 1.5 ns together, fdlibm 40–60 ns). Each loop lives
 * in its own small method, as {@code FloatGemm}'s kernels do, so it is compiled and vectorized on its own.
 */
public final class Tanh {

  /** Where the approximation is used; beyond it tanh is 1 − 1.1e-8 or closer, i.e. 1 in float. */
  static final double CLAMP = 9.5;

  private Tanh() {}

  /** The approximation for one value, as {@link #inPlace} computes it (for tests and scalar callers). */
  public static double of(double x) {
    double c = Math.max(-CLAMP, Math.min(CLAMP, x));
    double y = c * 0.125;
    double y2 = y * y;
    double n = y * Math.fma(y2, Math.fma(y2, y2 + 378.0, 17325.0), 135135.0);
    double d = Math.fma(y2, Math.fma(y2, Math.fma(y2, 28.0, 3150.0), 62370.0), 135135.0);
    double n1 = (n + n) * d;
    double d1 = Math.fma(d, d, n * n);
    double n2 = (n1 + n1) * d1;
    double d2 = Math.fma(d1, d1, n1 * n1);
    double n3 = (n2 + n2) * d2;
    double d3 = Math.fma(d2, d2, n2 * n2);
    return n3 / d3;
  }

  /**
   * {@code x[off .. off+len) = tanh(x[off .. off+len))}, each value {@code (float) of(x)}, through
   * {@code scratch} ({@code scratch.length} values per pass; any length ≥ 1, a row or a batch of rows is typical).
   */
  public static void inPlace(float[] x, int off, int len, double[] scratch) {
    if (off < 0 || len < 0 || off > x.length - len) {
      throw new IndexOutOfBoundsException("range [" + off + ", " + off + " + " + len + ") of " + x.length);
    }
    if (scratch.length == 0 && len > 0) {
      throw new IllegalArgumentException("empty scratch");
    }
    for (int done = 0; done < len; done += scratch.length) {
      int m = Math.min(scratch.length, len - done);
      widen(x, off + done, scratch, m);
      tanh(scratch, m);
      narrow(scratch, x, off + done, m);
    }
  }

  private static void widen(float[] x, int off, double[] d, int m) {
    for (int j = 0; j < m; j++) {
      d[j] = x[off + j];
    }
  }

  private static void narrow(double[] d, float[] x, int off, int m) {
    for (int j = 0; j < m; j++) {
      x[off + j] = (float) d[j];
    }
  }

  /** {@link #of} inlined: a call in the loop body would keep C2 from vectorizing it. */
  private static void tanh(double[] v, int m) {
    for (int j = 0; j < m; j++) {
      double c = Math.max(-CLAMP, Math.min(CLAMP, v[j]));
      double y = c * 0.125;
      double y2 = y * y;
      double n = y * Math.fma(y2, Math.fma(y2, y2 + 378.0, 17325.0), 135135.0);
      double d = Math.fma(y2, Math.fma(y2, Math.fma(y2, 28.0, 3150.0), 62370.0), 135135.0);
      double n1 = (n + n) * d;
      double d1 = Math.fma(d, d, n * n);
      double n2 = (n1 + n1) * d1;
      double d2 = Math.fma(d1, d1, n1 * n1);
      double n3 = (n2 + n2) * d2;
      double d3 = Math.fma(d2, d2, n2 * n2);
      v[j] = n3 / d3;
    }
  }
}
