package org.optspec.runtime.kernels;

/**
 * Dense matrix multiply on row-major flat arrays with offsets and leading dimensions, in float and
 * double. Element (i, j) of a matrix stored at {@code off} with leading dimension {@code ld} is
 * {@code x[off + i·ld + j]}.
 *
 * <p>Dense weights are stored as PyTorch stores them, {@code [out × in]}: the forward pass
 * {@code Y = X·Wᵀ} is {@link #nt}, {@code dX = dY·W} is {@link #nn}, {@code dW = dYᵀ·X} is {@link #tn}.
 * With {@code accumulate == false} C is overwritten (so NaNs in its old contents do not leak), otherwise
 * the product is added to it. C must not overlap A or B.
 *
 * <p>Each public method checks its arguments once, then calls an unchecked kernel: the system's native
 * BLAS ({@code NativeGemm}, through {@code dev.ludovic.netlib:blas}) for products of at least
 * {@link #NATIVE_MIN_WORK} multiply-adds when one is installed (README: {@code apt-get install
 * libopenblas0-pthread}; {@code -Doptspec.blas=java} turns it off), else the pure-Java kernels
 * ({@code FloatGemm}, {@code DoubleGemm}). The Java kernels add each element's products in ascending k, as a
 * naive loop does, bit for bit; a native BLAS rounds differently (its own order, fused multiply-adds) but
 * is deterministic from run to run. The Java kernels keep one small workspace per thread per precision
 * (about 130 KiB float, 260 KiB double), allocated on that thread's first call; the JNI binding pins the
 * arrays without copying. After that, nothing allocates on any path but a failed check.
 *
 * <p>The Java kernels split products of at least {@link GemmPool#MIN_WORK} multiply-adds over a persistent
 * pool of daemon threads ({@code GemmPool}; {@code -Doptspec.threads=N}, 1 = single-threaded, by default the
 * available processors up to 8), row or column ranges of C per thread. Each element of C is still computed
 * by the same instruction sequence, so results are bit-identical to the single-threaded kernels.
 */
public final class Gemm {
  /**
   * Multiply-adds (m·n·k) from which a product goes to the native BLAS. Measured with
   * {@code GemmBenchmark} (OpenBLAS 0.3.21, AVX-512 kernels): native is ahead of the pure-Java kernels
   * at every shape of W2 (the smallest, 10×128×32, 1.3 vs 2.7 µs) and W3; below about 4k multiply-adds
   * the JNI call and BLAS's own dispatch cost more than the product.
   */
  static final long NATIVE_MIN_WORK = 4096;

  /**
   * Multiply-adds up to which OpenBLAS runs a product on the calling thread alone (its
   * {@code SMP_THRESHOLD_MIN · GEMM_MULTITHREAD_THRESHOLD} = 65536 · 4). Generated code that issues a
   * mid-sized product once per step (the RNN's products over all time steps) cuts it into pieces of at most
   * this much work: waking OpenBLAS's second thread for a product of a few million multiply-adds made those
   * steps vary by 2× from one JVM to the next (bench/RESULTS.md, W5).
   */
  public static final int ONE_THREAD_NATIVE_WORK = 1 << 18;

  private static final boolean NATIVE = NativeGemm.available();

  /**
   * Largest C (m·n elements) that tn accumulates in place, row of A and B after row, instead of packing
   * panels: packing pays only when each packed row is long enough to vectorize over.
   */
  static final int SMALL_TN = 16;

  private Gemm() {}

  /** C[m×n] (+)= A[m×k]·B[n×k]ᵀ. */
  public static void nt(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc, boolean accumulate) {
    check(m, n, k, a.length, aOff, lda, m, k, b.length, bOff, ldb, n, k, c.length, cOff, ldc);
    if (useNative(m, n, k) && lda == k && ldb == k && ldc == n) {
      NativeGemm.nt(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    } else {
      javaNt(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }
  }

  /** C[m×n] (+)= A[m×k]·B[k×n]. */
  public static void nn(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc, boolean accumulate) {
    check(m, n, k, a.length, aOff, lda, m, k, b.length, bOff, ldb, k, n, c.length, cOff, ldc);
    if (useNative(m, n, k) && lda == k && ldb == n && ldc == n) {
      NativeGemm.nn(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    } else {
      javaNn(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }
  }

  /** C[m×n] (+)= A[k×m]ᵀ·B[k×n]. */
  public static void tn(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc, boolean accumulate) {
    check(m, n, k, a.length, aOff, lda, k, m, b.length, bOff, ldb, k, n, c.length, cOff, ldc);
    if (useNative(m, n, k) && lda == m && ldb == n && ldc == n) {
      NativeGemm.tn(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    } else {
      javaTn(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }
  }

  /** C[m×n] (+)= A[m×k]·B[n×k]ᵀ. */
  public static void nt(int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
      double[] c, int cOff, int ldc, boolean accumulate) {
    check(m, n, k, a.length, aOff, lda, m, k, b.length, bOff, ldb, n, k, c.length, cOff, ldc);
    if (useNative(m, n, k) && lda == k && ldb == k && ldc == n) {
      NativeGemm.nt(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    } else {
      javaNt(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }
  }

  /** C[m×n] (+)= A[m×k]·B[k×n]. */
  public static void nn(int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
      double[] c, int cOff, int ldc, boolean accumulate) {
    check(m, n, k, a.length, aOff, lda, m, k, b.length, bOff, ldb, k, n, c.length, cOff, ldc);
    if (useNative(m, n, k) && lda == k && ldb == n && ldc == n) {
      NativeGemm.nn(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    } else {
      javaNn(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }
  }

  /** C[m×n] (+)= A[k×m]ᵀ·B[k×n]. */
  public static void tn(int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
      double[] c, int cOff, int ldc, boolean accumulate) {
    check(m, n, k, a.length, aOff, lda, k, m, b.length, bOff, ldb, k, n, c.length, cOff, ldc);
    if (useNative(m, n, k) && lda == m && ldb == n && ldc == n) {
      NativeGemm.tn(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    } else {
      javaTn(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }
  }

  /** The pure-Java nt: no argument check, never native (tests compare it with naive loops exactly). */
  static void javaNt(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc, boolean accumulate) {
    javaNt(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate, pool(m, n, k));
  }

  /** The same on the given pool's threads (tests compare pools of different sizes bit for bit). */
  static void javaNt(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc, boolean accumulate, GemmPool pool) {
    if (m > 0 && n > 0) {
      if (n < 4) {
        FloatGemm.narrowNt(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
      } else if (packNt(m, n)) {
        pool.packed(m, n, k, a, aOff, lda, 1, b, bOff, 1, ldb, c, cOff, ldc, accumulate);
      } else {
        pool.dot(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
      }
    }
  }

  /** The pure-Java nn. */
  static void javaNn(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc, boolean accumulate) {
    javaNn(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate, pool(m, n, k));
  }

  /** The same on the given pool's threads (tests compare pools of different sizes bit for bit). */
  static void javaNn(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc, boolean accumulate, GemmPool pool) {
    if (m > 0 && n > 0) {
      pool.packed(m, n, k, a, aOff, lda, 1, b, bOff, ldb, 1, c, cOff, ldc, accumulate);
    }
  }

  /** The pure-Java tn. */
  static void javaTn(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc, boolean accumulate) {
    javaTn(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate, pool(m, n, k));
  }

  /** The same on the given pool's threads (tests compare pools of different sizes bit for bit). */
  static void javaTn(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc, boolean accumulate, GemmPool pool) {
    if (m > 0 && n > 0) {
      if (m * n <= SMALL_TN) {
        FloatGemm.smallTn(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
      } else {
        pool.packed(m, n, k, a, aOff, 1, lda, b, bOff, ldb, 1, c, cOff, ldc, accumulate);
      }
    }
  }

  /** The pure-Java nt: no argument check, never native (tests compare it with naive loops exactly). */
  static void javaNt(int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
      double[] c, int cOff, int ldc, boolean accumulate) {
    javaNt(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate, pool(m, n, k));
  }

  /** The same on the given pool's threads (tests compare pools of different sizes bit for bit). */
  static void javaNt(int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
      double[] c, int cOff, int ldc, boolean accumulate, GemmPool pool) {
    if (m > 0 && n > 0) {
      if (n < 4) {
        DoubleGemm.narrowNt(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
      } else if (packNt(m, n)) {
        pool.packed(m, n, k, a, aOff, lda, 1, b, bOff, 1, ldb, c, cOff, ldc, accumulate);
      } else {
        pool.dot(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
      }
    }
  }

  /** The pure-Java nn. */
  static void javaNn(int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
      double[] c, int cOff, int ldc, boolean accumulate) {
    javaNn(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate, pool(m, n, k));
  }

  /** The same on the given pool's threads (tests compare pools of different sizes bit for bit). */
  static void javaNn(int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
      double[] c, int cOff, int ldc, boolean accumulate, GemmPool pool) {
    if (m > 0 && n > 0) {
      pool.packed(m, n, k, a, aOff, lda, 1, b, bOff, ldb, 1, c, cOff, ldc, accumulate);
    }
  }

  /** The pure-Java tn. */
  static void javaTn(int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
      double[] c, int cOff, int ldc, boolean accumulate) {
    javaTn(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate, pool(m, n, k));
  }

  /** The same on the given pool's threads (tests compare pools of different sizes bit for bit). */
  static void javaTn(int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
      double[] c, int cOff, int ldc, boolean accumulate, GemmPool pool) {
    if (m > 0 && n > 0) {
      if (m * n <= SMALL_TN) {
        DoubleGemm.smallTn(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
      } else {
        pool.packed(m, n, k, a, aOff, 1, lda, b, bOff, ldb, 1, c, cOff, ldc, accumulate);
      }
    }
  }

  /**
   * Whether nt should transpose panels of B and run the vectorized axpy kernel rather than scalar
   * register-blocked dot products. The transposition is paid once per panel and repaid per row of C,
   * and the axpy only vectorizes well over enough columns. Measured (float, GFLOP/s, dot vs packed):
   * m=4 n=128: 7 vs 7; m=8 n=16: 8 vs 6; m=8 n=32: 9 vs 9; m=16 n=128: 9.5 vs 18;
   * m=32 n=10: 6.5 vs 6.4; m=32 n=16: 9.5 vs 13; m=256 n=64: 7 vs 18.
   */
  private static boolean packNt(int m, int n) {
    return (m >= 8 && n >= 32) || (m >= 16 && n >= 16);
  }

  /**
   * Whether a product goes to the native BLAS: only when one is loaded ({@link #nativeBlas}), and only
   * for products big enough to repay the JNI call ({@link #NATIVE_MIN_WORK}, bench/RESULTS.md). Matrix-vector
   * shapes (one row or one column of C) stay in Java, where {@code narrowNt}/{@code smallTn} handle them
   * about as fast: W1's pair X·w and dYᵀ·X (10000×5) took 35 + 25 µs native, about 50 µs in Java.
   */
  /**
   * Callers also require contiguous operands (leading dimension = row width): netlib's bounds check asks a strided
   * view (an RNN's time step inside a sequence row) for a full leading dimension past its last row, which the
   * array need not have; strided products take the Java path.
   */
  private static boolean useNative(int m, int n, int k) {
    return NATIVE && m > 1 && n > 1 && (long) m * n * k >= NATIVE_MIN_WORK;
  }

  /** The single-threaded pool: small products never start the shared pool's threads. */
  private static final GemmPool SINGLE = new GemmPool(1, Long.MAX_VALUE);

  /** The shared pool for a product worth splitting ({@link GemmPool#MIN_WORK}), else the single-threaded one. */
  private static GemmPool pool(int m, int n, int k) {
    return (long) m * n * k >= GemmPool.MIN_WORK ? GemmPool.shared() : SINGLE;
  }

  /**
   * Threads (the caller included) the pure-Java kernels use for a large product: {@code -Doptspec.threads},
   * by default the available processors (at most 8). Reading it starts the pool's threads if they were not yet.
   */
  public static int threads() {
    return GemmPool.shared().threads;
  }

  /** Whether a native BLAS is loaded and used for large enough products. */
  public static boolean nativeBlas() {
    return NATIVE;
  }

  /** What computes the large products: the native BLAS in use, or the pure-Java kernels and their threads. */
  public static String backend() {
    return NATIVE ? NativeGemm.describe() : NativeGemm.describe() + ", " + GemmPool.configuredThreads() + " thread(s)";
  }

  /** Shapes non-negative; each stored matrix (rows × cols at off, leading dim ld) inside its array. */
  private static void check(int m, int n, int k,
      int aLen, int aOff, int lda, int aRows, int aCols,
      int bLen, int bOff, int ldb, int bRows, int bCols,
      int cLen, int cOff, int ldc) {
    if (m < 0 || n < 0 || k < 0) {
      throw new IllegalArgumentException("negative shape m=" + m + " n=" + n + " k=" + k);
    }
    checkMatrix("A", aLen, aOff, lda, aRows, aCols);
    checkMatrix("B", bLen, bOff, ldb, bRows, bCols);
    checkMatrix("C", cLen, cOff, ldc, m, n);
  }

  private static void checkMatrix(String name, int length, int off, int ld, int rows, int cols) {
    if (rows == 0 || cols == 0) {
      return;
    }
    if (ld < cols) {
      throw new IllegalArgumentException(name + ": leading dimension " + ld + " < " + cols + " columns");
    }
    long last = (long) off + (long) (rows - 1) * ld + cols;
    if (off < 0 || last > length) {
      throw new IndexOutOfBoundsException(name + ": " + rows + "×" + cols + " at offset " + off
          + " with leading dimension " + ld + " needs " + last + " elements, array has " + length);
    }
  }
}
