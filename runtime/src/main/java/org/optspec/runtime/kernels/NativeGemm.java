package org.optspec.runtime.kernels;

import dev.ludovic.netlib.blas.NativeBLAS;

/**
 * GEMM through the system's native BLAS ({@code libblas.so.3}, e.g. OpenBLAS), reached with
 * {@code dev.ludovic.netlib:blas}'s JNI binding, the one Apache Spark uses. The binding pins the Java
 * arrays (no copy, no allocation) and calls {@code sgemm}/{@code dgemm}.
 *
 * <p>BLAS is column-major; a row-major matrix {@code X[r×c]} with leading dimension {@code ld} is the
 * column-major {@code Xᵀ[c×r]} with the same {@code ld}. So row-major {@code C = op(A)·op(B)} is computed as
 * column-major {@code Cᵀ = op(B)ᵀ·op(A)ᵀ}: the operands swap, and each keeps its own transpose flag.
 *
 * <p>Availability is decided once, when the class loads: the system property
 * {@code optspec.blas=java} turns the native path off; otherwise it is on when the binding loads and its
 * BLAS answers a 1×1 product correctly. Without a native BLAS everything runs in {@link FloatGemm} /
 * {@link DoubleGemm}. A native BLAS sums in its own order (and with fused multiply-adds), so its results
 * differ from the pure-Java kernels in the last bits; single-threaded or multi-threaded, OpenBLAS splits
 * the work over rows and columns, never over the summation, so each run is deterministic.
 */
final class NativeGemm {
  /**
   * netlib's instance builder logs a WARNING for every implementation it cannot load (on Java 17 its
   * Vector API one, always; without libblas.so.3, the JNI one). The fallback here is deliberate, so that
   * logger is kept quiet unless the application configured it; held here so the setting is not collected.
   */
  private static final java.util.logging.Logger NETLIB_LOG = quietNetlib();

  private static final NativeBLAS BLAS = load();

  private NativeGemm() {}

  /** Whether calls here reach a native BLAS. */
  static boolean available() {
    return BLAS != null;
  }

  /** A short description for logs and benchmark reports. */
  static String describe() {
    return BLAS == null ? "none (pure Java kernels)" : BLAS.getClass().getSimpleName() + " over libblas.so.3";
  }

  private static java.util.logging.Logger quietNetlib() {
    java.util.logging.Logger log = java.util.logging.Logger.getLogger("dev.ludovic.netlib.blas.InstanceBuilder");
    if (log.getLevel() == null) {
      log.setLevel(java.util.logging.Level.SEVERE);
    }
    return log;
  }

  private static NativeBLAS load() {
    if ("java".equalsIgnoreCase(System.getProperty("optspec.blas", ""))) {
      return null;
    }
    try {
      NativeBLAS blas = NativeBLAS.getInstance();
      float[] c = {0f};
      blas.sgemm("N", "N", 1, 1, 1, 1f, new float[] {2f}, 0, 1, new float[] {3f}, 0, 1, 0f, c, 0, 1);
      return c[0] == 6f ? blas : null;
    } catch (Throwable e) {
      // no binding, no libblas.so.3, or an unsupported platform: the pure-Java kernels take over
      return null;
    }
  }

  // float twin: begin (generated from the double twin below by tools/twins/FloatTwins.java; edit that one)
  /** Row-major C[m×n] (+)= A[m×k]·B[n×k]ᵀ. */
  static void nt(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc, boolean accumulate) {
    BLAS.sgemm("T", "N", n, m, k, 1f, b, bOff, ldb, a, aOff, lda, accumulate ? 1f : 0f, c, cOff, ldc);
  }

  /** Row-major C[m×n] (+)= A[m×k]·B[k×n]. */
  static void nn(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc, boolean accumulate) {
    BLAS.sgemm("N", "N", n, m, k, 1f, b, bOff, ldb, a, aOff, lda, accumulate ? 1f : 0f, c, cOff, ldc);
  }

  /** Row-major C[m×n] (+)= A[k×m]ᵀ·B[k×n]. */
  static void tn(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc, boolean accumulate) {
    BLAS.sgemm("N", "T", n, m, k, 1f, b, bOff, ldb, a, aOff, lda, accumulate ? 1f : 0f, c, cOff, ldc);
  }
  // float twin: end

  // double twin: begin
  /** Row-major C[m×n] (+)= A[m×k]·B[n×k]ᵀ. */
  static void nt(int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
      double[] c, int cOff, int ldc, boolean accumulate) {
    BLAS.dgemm("T", "N", n, m, k, 1.0, b, bOff, ldb, a, aOff, lda, accumulate ? 1.0 : 0.0, c, cOff, ldc);
  }

  /** Row-major C[m×n] (+)= A[m×k]·B[k×n]. */
  static void nn(int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
      double[] c, int cOff, int ldc, boolean accumulate) {
    BLAS.dgemm("N", "N", n, m, k, 1.0, b, bOff, ldb, a, aOff, lda, accumulate ? 1.0 : 0.0, c, cOff, ldc);
  }

  /** Row-major C[m×n] (+)= A[k×m]ᵀ·B[k×n]. */
  static void tn(int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
      double[] c, int cOff, int ldc, boolean accumulate) {
    BLAS.dgemm("N", "T", n, m, k, 1.0, b, bOff, ldb, a, aOff, lda, accumulate ? 1.0 : 0.0, c, cOff, ldc);
  }
  // double twin: end
}
