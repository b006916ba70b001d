package org.optspec.runtime;

/**
 * Parameter initialization into ranges of the flat parameter arrays. The emitter computes bounds and
 * standard deviations (fan-in, fan-out, gains) at compile time, so these only draw numbers. Values
 * are drawn in double and rounded once, so float and double trainers with the same seed start from
 * the same numbers up to rounding.
 */
public final class Init {
  private Init() {}

  public static void uniform(float[] p, int off, int len, double lo, double hi, Rng rng) {
    checkRange(p.length, off, len);
    for (int i = off; i < off + len; i++) {
      p[i] = (float) rng.uniform(lo, hi);
    }
  }

  public static void uniform(double[] p, int off, int len, double lo, double hi, Rng rng) {
    checkRange(p.length, off, len);
    for (int i = off; i < off + len; i++) {
      p[i] = rng.uniform(lo, hi);
    }
  }

  public static void normal(float[] p, int off, int len, double mean, double std, Rng rng) {
    checkRange(p.length, off, len);
    for (int i = off; i < off + len; i++) {
      p[i] = (float) (mean + std * rng.nextGaussian());
    }
  }

  public static void normal(double[] p, int off, int len, double mean, double std, Rng rng) {
    checkRange(p.length, off, len);
    for (int i = off; i < off + len; i++) {
      p[i] = mean + std * rng.nextGaussian();
    }
  }

  public static void constant(float[] p, int off, int len, double value) {
    checkRange(p.length, off, len);
    java.util.Arrays.fill(p, off, off + len, (float) value);
  }

  public static void constant(double[] p, int off, int len, double value) {
    checkRange(p.length, off, len);
    java.util.Arrays.fill(p, off, off + len, value);
  }

  private static void checkRange(int length, int off, int len) {
    if (off < 0 || len < 0 || off > length - len) {
      throw new IndexOutOfBoundsException("range [" + off + ", " + off + "+" + len + ") outside array of " + length);
    }
  }
}
