package org.optspec.runtime.kernels;

/**
 * Unchecked double-precision GEMM kernels behind {@link Gemm}. Arguments were validated there; these
 * methods only compute.
 * FloatGemm is generated from DoubleGemm.java by tools/twins/FloatTwins.java: edit DoubleGemm.java and run it.
 *
 * <p>Two loop shapes:
 * <ul>
 *   <li>{@link #packed} (nn, tn, and nt with enough rows and columns; {@code Gemm} decides): the innermost
 *       loop is an axpy over one row of C, {@code s[j] = s[j] + a0·r0[j] + … + a3·r3[j]}, which C2
 *       auto-vectorizes. C2 in JDK 17 left this loop scalar whenever an array was indexed with a
 *       runtime offset ({@code c[cOff + j]}), presumably because it cannot rule out overlap, and
 *       vectorized it when every array was indexed by the bare loop variable (measured: 5 vs 30
 *       GFLOP/s). So a KC × NC
 *       panel of B is first copied into per-thread rows that start at index 0 (transposed on the way
 *       for nt), and C row segments are accumulated, two rows at a time, in per-thread rows and copied
 *       back. Four steps of {@code p} share one pass over those rows; the sum is written left to right so
 *       every C element still adds its products in ascending {@code p}, exactly as a naive loop does.
 *   <li>{@link #dot} (nt with few rows or columns, where transposing the panel costs more than it saves):
 *       dot products kept in sixteen scalar accumulators for a 4×4 block of C. C2 does not vectorize
 *       a floating-point reduction (it may not reorder the additions), but each loaded element is used
 *       four times and sixteen independent add chains hide the add latency.
 * </ul>
 * Both block over {@code k} so the data being reused stays in L1/L2. Blocking changes no rounding:
 * accumulation continues from the value in C, in ascending {@code p}.
 *
 * <p>The workspace ({@code (KC + 2) × NC} doubles, 260 KiB) is allocated once per thread, on that
 * thread's first call, and reused: the only allocation these kernels ever make.
 */
final class DoubleGemm {
  /** Depth of a packed B panel: KC × NC doubles = 256 KiB, resident in L2 while the rows of A pass. */
  private static final int KC = 128;
  /** Width of a packed B panel and of the C row segment; the segment stays in L1. */
  private static final int NC = 256;
  /** Depth of the A and B strips for {@link #dot}: four rows of each, 16 KiB, resident in L1. */
  private static final int DOT_KC = 256;
  /** Rows of B per panel for {@link #dot}: DOT_NC × DOT_KC doubles = 128 KiB, resident in L2. */
  private static final int DOT_NC = 64;

  /** Rows 0..KC-1 hold the packed B panel, rows KC and KC+1 the two C row segments being accumulated. */
  private static final ThreadLocal<double[][]> WORKSPACE = ThreadLocal.withInitial(() -> new double[KC + 2][NC]);

  private DoubleGemm() {}

  /**
   * C[m×n] (+)= op(A)·op(B), where element (i, p) of op(A) is {@code a[aOff + i·aStrideI + p·aStrideP]}
   * and element (p, j) of op(B) is {@code b[bOff + p·bStrideP + j·bStrideJ]}: nn passes
   * {@code (lda, 1), (ldb, 1)}, tn {@code (1, lda), (ldb, 1)}, nt {@code (lda, 1), (1, ldb)}.
   */
  static void packed(int m, int n, int k, double[] a, int aOff, int aStrideI, int aStrideP,
      double[] b, int bOff, int bStrideP, int bStrideJ, double[] c, int cOff, int ldc, boolean accumulate) {
    if (!accumulate) {
      zero(m, n, c, cOff, ldc);
    }
    double[][] panel = WORKSPACE.get();
    double[] s0 = panel[KC];
    double[] s1 = panel[KC + 1];
    for (int jc = 0; jc < n; jc += NC) {
      int nb = Math.min(NC, n - jc);
      for (int pc = 0; pc < k; pc += KC) {
        int kb = Math.min(KC, k - pc);
        pack(kb, nb, b, bOff + pc * bStrideP + jc * bStrideJ, bStrideP, bStrideJ, panel);
        int i = 0;
        for (; i <= m - 2; i += 2) {
          int ci = cOff + i * ldc + jc;
          int a0 = aOff + i * aStrideI + pc * aStrideP;
          System.arraycopy(c, ci, s0, 0, nb);
          System.arraycopy(c, ci + ldc, s1, 0, nb);
          rows2(nb, kb, a, a0, a0 + aStrideI, aStrideP, panel, s0, s1);
          System.arraycopy(s0, 0, c, ci, nb);
          System.arraycopy(s1, 0, c, ci + ldc, nb);
        }
        if (i < m) {
          int ci = cOff + i * ldc + jc;
          System.arraycopy(c, ci, s0, 0, nb);
          row1(nb, kb, a, aOff + i * aStrideI + pc * aStrideP, aStrideP, panel, s0);
          System.arraycopy(s0, 0, c, ci, nb);
        }
      }
    }
  }

  /**
   * Two rows of C at once, four steps of p per pass: each panel element loaded is used twice, and
   * each row element is loaded and stored once per four multiply-adds. The j loops live in their own
   * tiny methods on purpose: C2 left the same loop scalar when it sat inline in the p loop (10 vs 40
   * GFLOP/s), while a separate method is compiled, vectorized, then inlined.
   */
  private static void rows2(int nb, int kb, double[] a, int a0, int a1, int aStrideP, double[][] panel,
      double[] s0, double[] s1) {
    int p = 0;
    for (; p <= kb - 4; p += 4) {
      double x0 = a[a0], x1 = a[a0 + aStrideP], x2 = a[a0 + 2 * aStrideP], x3 = a[a0 + 3 * aStrideP];
      double y0 = a[a1], y1 = a[a1 + aStrideP], y2 = a[a1 + 2 * aStrideP], y3 = a[a1 + 3 * aStrideP];
      axpy2x4(nb, s0, s1, x0, x1, x2, x3, y0, y1, y2, y3, panel[p], panel[p + 1], panel[p + 2], panel[p + 3]);
      a0 += 4 * aStrideP;
      a1 += 4 * aStrideP;
    }
    for (; p < kb; p++) {
      double x0 = a[a0], y0 = a[a1];
      axpy2x1(nb, s0, s1, x0, y0, panel[p]);
      a0 += aStrideP;
      a1 += aStrideP;
    }
  }

  private static void axpy2x4(int nb, double[] s0, double[] s1, double x0, double x1, double x2, double x3,
      double y0, double y1, double y2, double y3, double[] r0, double[] r1, double[] r2, double[] r3) {
    for (int j = 0; j < nb; j++) {
      double b0 = r0[j], b1 = r1[j], b2 = r2[j], b3 = r3[j];
      s0[j] = s0[j] + x0 * b0 + x1 * b1 + x2 * b2 + x3 * b3;
      s1[j] = s1[j] + y0 * b0 + y1 * b1 + y2 * b2 + y3 * b3;
    }
  }

  private static void axpy2x1(int nb, double[] s0, double[] s1, double x0, double y0, double[] r0) {
    for (int j = 0; j < nb; j++) {
      double b0 = r0[j];
      s0[j] = s0[j] + x0 * b0;
      s1[j] = s1[j] + y0 * b0;
    }
  }

  /** The last row when m is odd. */
  private static void row1(int nb, int kb, double[] a, int a0, int aStrideP, double[][] panel, double[] s0) {
    int p = 0;
    for (; p <= kb - 4; p += 4) {
      double x0 = a[a0], x1 = a[a0 + aStrideP], x2 = a[a0 + 2 * aStrideP], x3 = a[a0 + 3 * aStrideP];
      axpy1x4(nb, s0, x0, x1, x2, x3, panel[p], panel[p + 1], panel[p + 2], panel[p + 3]);
      a0 += 4 * aStrideP;
    }
    for (; p < kb; p++) {
      axpy1x1(nb, s0, a[a0], panel[p]);
      a0 += aStrideP;
    }
  }

  private static void axpy1x4(int nb, double[] s0, double x0, double x1, double x2, double x3,
      double[] r0, double[] r1, double[] r2, double[] r3) {
    for (int j = 0; j < nb; j++) {
      s0[j] = s0[j] + x0 * r0[j] + x1 * r1[j] + x2 * r2[j] + x3 * r3[j];
    }
  }

  private static void axpy1x1(int nb, double[] s0, double x0, double[] r0) {
    for (int j = 0; j < nb; j++) {
      s0[j] = s0[j] + x0 * r0[j];
    }
  }

  /** Copies op(B)[p][j] for p &lt; kb, j &lt; nb into {@code panel[p][j]}. */
  private static void pack(int kb, int nb, double[] b, int b0, int bStrideP, int bStrideJ, double[][] panel) {
    if (bStrideJ == 1) {
      for (int p = 0; p < kb; p++) {
        System.arraycopy(b, b0 + p * bStrideP, panel[p], 0, nb);
      }
    } else {
      // nt: B's rows are op(B)'s columns; read each along p (contiguous when bStrideP == 1)
      for (int j = 0; j < nb; j++) {
        int src = b0 + j * bStrideJ;
        for (int p = 0; p < kb; p++) {
          panel[p][j] = b[src + p * bStrideP];
        }
      }
    }
  }

  /** C[m×n] (+)= A[m×k]·B[n×k]ᵀ, by 4×4 register blocks of dot products. */
  static void dot(int m, int n, int k, double[] a, int aOff, int lda,
      double[] b, int bOff, int ldb, double[] c, int cOff, int ldc, boolean accumulate) {
    if (!accumulate) {
      zero(m, n, c, cOff, ldc);
    }
    for (int pc = 0; pc < k; pc += DOT_KC) {
      int kb = Math.min(DOT_KC, k - pc);
      for (int jc = 0; jc < n; jc += DOT_NC) {
        int jEnd = Math.min(n, jc + DOT_NC);
        int i = 0;
        for (; i <= m - 4; i += 4) {
          int ai = aOff + i * lda + pc;
          int j = jc;
          for (; j <= jEnd - 4; j += 4) {
            dot4x4(kb, a, ai, lda, b, bOff + j * ldb + pc, ldb, c, cOff + i * ldc + j, ldc);
          }
          for (; j < jEnd; j++) {
            dot4x1(kb, a, ai, lda, b, bOff + j * ldb + pc, c, cOff + i * ldc + j, ldc);
          }
        }
        for (; i < m; i++) {
          int ai = aOff + i * lda + pc;
          int j = jc;
          for (; j <= jEnd - 4; j += 4) {
            dot1x4(kb, a, ai, b, bOff + j * ldb + pc, ldb, c, cOff + i * ldc + j);
          }
          for (; j < jEnd; j++) {
            c[cOff + i * ldc + j] = dot1x1(kb, a, ai, b, bOff + j * ldb + pc, c[cOff + i * ldc + j]);
          }
        }
      }
    }
  }

  private static void dot4x4(int kb, double[] a, int a0, int lda, double[] b, int b0, int ldb,
      double[] c, int c0, int ldc) {
    int a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
    int b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
    int c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
    double s00 = c[c0], s01 = c[c0 + 1], s02 = c[c0 + 2], s03 = c[c0 + 3];
    double s10 = c[c1], s11 = c[c1 + 1], s12 = c[c1 + 2], s13 = c[c1 + 3];
    double s20 = c[c2], s21 = c[c2 + 1], s22 = c[c2 + 2], s23 = c[c2 + 3];
    double s30 = c[c3], s31 = c[c3 + 1], s32 = c[c3 + 2], s33 = c[c3 + 3];
    for (int p = 0; p < kb; p++) {
      double x0 = a[a0 + p], x1 = a[a1 + p], x2 = a[a2 + p], x3 = a[a3 + p];
      double y0 = b[b0 + p], y1 = b[b1 + p], y2 = b[b2 + p], y3 = b[b3 + p];
      s00 += x0 * y0; s01 += x0 * y1; s02 += x0 * y2; s03 += x0 * y3;
      s10 += x1 * y0; s11 += x1 * y1; s12 += x1 * y2; s13 += x1 * y3;
      s20 += x2 * y0; s21 += x2 * y1; s22 += x2 * y2; s23 += x2 * y3;
      s30 += x3 * y0; s31 += x3 * y1; s32 += x3 * y2; s33 += x3 * y3;
    }
    c[c0] = s00; c[c0 + 1] = s01; c[c0 + 2] = s02; c[c0 + 3] = s03;
    c[c1] = s10; c[c1 + 1] = s11; c[c1 + 2] = s12; c[c1 + 3] = s13;
    c[c2] = s20; c[c2 + 1] = s21; c[c2 + 2] = s22; c[c2 + 3] = s23;
    c[c3] = s30; c[c3 + 1] = s31; c[c3 + 2] = s32; c[c3 + 3] = s33;
  }

  private static void dot4x1(int kb, double[] a, int a0, int lda, double[] b, int b0,
      double[] c, int c0, int ldc) {
    int a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
    int c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
    double s0 = c[c0], s1 = c[c1], s2 = c[c2], s3 = c[c3];
    for (int p = 0; p < kb; p++) {
      double y = b[b0 + p];
      s0 += a[a0 + p] * y;
      s1 += a[a1 + p] * y;
      s2 += a[a2 + p] * y;
      s3 += a[a3 + p] * y;
    }
    c[c0] = s0; c[c1] = s1; c[c2] = s2; c[c3] = s3;
  }

  private static void dot1x4(int kb, double[] a, int a0, double[] b, int b0, int ldb, double[] c, int c0) {
    int b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
    double s0 = c[c0], s1 = c[c0 + 1], s2 = c[c0 + 2], s3 = c[c0 + 3];
    for (int p = 0; p < kb; p++) {
      double x = a[a0 + p];
      s0 += x * b[b0 + p];
      s1 += x * b[b1 + p];
      s2 += x * b[b2 + p];
      s3 += x * b[b3 + p];
    }
    c[c0] = s0; c[c0 + 1] = s1; c[c0 + 2] = s2; c[c0 + 3] = s3;
  }

  private static double dot1x1(int kb, double[] a, int a0, double[] b, int b0, double s) {
    for (int p = 0; p < kb; p++) {
      s += a[a0 + p] * b[b0 + p];
    }
    return s;
  }

  /**
   * C[m×n] (+)= A[m×k]·B[n×k]ᵀ for few columns (n &lt; 4; a matrix-vector product when n = 1): dot
   * products straight from the arrays, in ascending p, four rows at a time so that four independent
   * add chains hide the add latency (one chain per row left the loop latency-bound: W1's X[10000×5]·w
   * took 70 µs, four take a quarter of that).
   */
  static void narrowNt(int m, int n, int k, double[] a, int aOff, int lda,
      double[] b, int bOff, int ldb, double[] c, int cOff, int ldc, boolean accumulate) {
    for (int j = 0; j < n; j++) {
      int bj = bOff + j * ldb;
      int i = 0;
      for (; i <= m - 4; i += 4) {
        int a0 = aOff + i * lda;
        int a1 = a0 + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        int c0 = cOff + i * ldc + j;
        double s0 = accumulate ? c[c0] : 0.0;
        double s1 = accumulate ? c[c0 + ldc] : 0.0;
        double s2 = accumulate ? c[c0 + 2 * ldc] : 0.0;
        double s3 = accumulate ? c[c0 + 3 * ldc] : 0.0;
        for (int p = 0; p < k; p++) {
          double y = b[bj + p];
          s0 += a[a0 + p] * y;
          s1 += a[a1 + p] * y;
          s2 += a[a2 + p] * y;
          s3 += a[a3 + p] * y;
        }
        c[c0] = s0;
        c[c0 + ldc] = s1;
        c[c0 + 2 * ldc] = s2;
        c[c0 + 3 * ldc] = s3;
      }
      for (; i < m; i++) {
        int ai = aOff + i * lda;
        int ci = cOff + i * ldc + j;
        double s = accumulate ? c[ci] : 0.0;
        for (int p = 0; p < k; p++) {
          s += a[ai + p] * b[bj + p];
        }
        c[ci] = s;
      }
    }
  }

  /**
   * C[m×n] (+)= A[k×m]ᵀ·B[k×n] for a small C (m·n ≤ {@link Gemm}'s limit) and any depth: for each row of
   * C, up to four of its columns at a time are summed down the rows of A and B in registers, in ascending
   * p, four independent add chains. W1's gradient dW[1×5] = dYᵀ·X over 10000 rows is the case: the
   * packed kernel would copy 10000 rows of 5 into its panel to run a 5-wide loop.
   */
  static void smallTn(int m, int n, int k, double[] a, int aOff, int lda,
      double[] b, int bOff, int ldb, double[] c, int cOff, int ldc, boolean accumulate) {
    for (int i = 0; i < m; i++) {
      int ci = cOff + i * ldc;
      int j = 0;
      for (; j <= n - 4; j += 4) {
        double s0 = accumulate ? c[ci + j] : 0.0;
        double s1 = accumulate ? c[ci + j + 1] : 0.0;
        double s2 = accumulate ? c[ci + j + 2] : 0.0;
        double s3 = accumulate ? c[ci + j + 3] : 0.0;
        int ap = aOff + i;
        int bp = bOff + j;
        for (int p = 0; p < k; p++) {
          double x = a[ap];
          s0 += x * b[bp];
          s1 += x * b[bp + 1];
          s2 += x * b[bp + 2];
          s3 += x * b[bp + 3];
          ap += lda;
          bp += ldb;
        }
        c[ci + j] = s0;
        c[ci + j + 1] = s1;
        c[ci + j + 2] = s2;
        c[ci + j + 3] = s3;
      }
      for (; j < n; j++) {
        double s = accumulate ? c[ci + j] : 0.0;
        int ap = aOff + i;
        int bp = bOff + j;
        for (int p = 0; p < k; p++) {
          s += a[ap] * b[bp];
          ap += lda;
          bp += ldb;
        }
        c[ci + j] = s;
      }
    }
  }

  private static void zero(int m, int n, double[] c, int cOff, int ldc) {
    for (int i = 0; i < m; i++) {
      int ci = cOff + i * ldc;
      for (int j = 0; j < n; j++) {
        c[ci + j] = 0.0;
      }
    }
  }
}
