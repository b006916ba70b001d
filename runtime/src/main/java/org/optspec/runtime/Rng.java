package org.optspec.runtime;

/**
 * The one source of randomness in a trainer: SplitMix64 (Steele, Lea &amp; Flood, 2014).
 *
 * <p>Why SplitMix64 and not {@link java.util.Random}: its whole state is one {@code long}, so a
 * checkpoint stores {@link #state()} and a resumed run continues bit-identically; the sequence is
 * fixed by this class alone, not by a JDK version. Gaussians use Box–Muller with {@link StrictMath}
 * (bit-identical on every JVM) and deliberately do not cache the second value, which would be hidden
 * state a checkpoint would have to carry.
 *
 * <p>Not thread-safe: each trainer owns its instance.
 */
public final class Rng {
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
  private static final double DOUBLE_UNIT = 0x1.0p-53;
  private static final float FLOAT_UNIT = 0x1.0p-24f;
  private static final double TWO_PI = 2 * Math.PI;

  private long state;

  public Rng(long seed) {
    this.state = seed;
  }

  /** The next 64 uniformly distributed bits. */
  public long nextLong() {
    long z = (state += GOLDEN_GAMMA);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * Moves the stream on as if {@link #nextLong()} had been called {@code longs} times (SplitMix64's state is a
   * counter), so step k of a sampled objective starts its draws at a known place without drawing the earlier ones.
   */
  public void advance(long longs) {
    state += longs * GOLDEN_GAMMA;
  }

  /** Uniform in [0, 1), from the top 53 bits. */
  public double nextDouble() {
    return (nextLong() >>> 11) * DOUBLE_UNIT;
  }

  /** Uniform in [0, 1), from the top 24 bits. */
  public float nextFloat() {
    return (nextLong() >>> 40) * FLOAT_UNIT;
  }

  /**
   * Uniform in [0, bound), without modulo bias: the same rejection loop as {@link java.util.Random},
   * fed 31 bits at a time from {@link #nextLong()}.
   */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive: " + bound);
    }
    int r = (int) (nextLong() >>> 33);
    int m = bound - 1;
    if ((bound & m) == 0) {
      return (int) ((bound * (long) r) >> 31);
    }
    for (int u = r; u - (r = u % bound) + m < 0; u = (int) (nextLong() >>> 33)) {
      // rejected: u fell in the incomplete last block of [0, 2^31)
    }
    return r;
  }

  /**
   * Standard normal by Box–Muller, consuming exactly two uniforms per call. {@code 1 - u} keeps the
   * logarithm's argument in (0, 1], so the result is always finite.
   */
  public double nextGaussian() {
    double u1 = 1.0 - nextDouble();
    double u2 = nextDouble();
    return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(TWO_PI * u2);
  }

  /** Uniform in [lo, hi). */
  public double uniform(double lo, double hi) {
    return lo + (hi - lo) * nextDouble();
  }

  /** Fisher–Yates shuffle of {@code a[0..n)}, in place; every permutation equally likely. */
  public void shuffle(int[] a, int n) {
    if (n < 0 || n > a.length) {
      throw new IllegalArgumentException("n=" + n + " outside 0.." + a.length);
    }
    for (int i = n - 1; i > 0; i--) {
      int j = nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  /** The whole state: {@code setState(state())} on another instance continues this sequence. */
  public long state() {
    return state;
  }

  public void setState(long state) {
    this.state = state;
  }
}
