package org.optspec.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.optspec.runtime.Rng;

/**
 * Every kernel against a naive triple loop. The pure-Java kernels ({@code Gemm.javaNt} and friends) promise
 * to add each C element's products in ascending k from C's old value (or from zero), exactly as the naive
 * loop does, so their results must be bit-identical, not just close. The public entry points may hand
 * large products to a native BLAS, which sums in its own order with fused multiply-adds: they are held to
 * a tight tolerance relative to the magnitude of the sum. Either way, elements of the arrays outside the
 * C window must be untouched.
 */
class GemmTest {
  private enum Op { NT, NN, TN }

  /** One case: shape, offsets and extra leading-dimension padding for A, B and C. */
  private record Case(int m, int n, int k, int aOff, int aPad, int bOff, int bPad, int cOff, int cPad) {}

  private static List<Case> cases() {
    List<Case> cases = new ArrayList<>();
    int[][] fixed = {
        {1, 1, 1}, {1, 9, 5}, {7, 1, 5}, {6, 5, 1}, {4, 4, 4}, {5, 3, 0}, {3, 5, 7}, {32, 128, 64},
        // across the blocking sizes: packed KC = 128, NC = 256; dot DOT_KC = 256, DOT_NC = 64;
        // nt takes the packed path for these with m ≥ 8, n ≥ 32 or m, n ≥ 16, the dot path otherwise
        {5, 300, 130}, {3, 5, 600}, {9, 130, 9}, {6, 70, 260}, {2, 257, 129}, {17, 33, 300}, {33, 270, 150},
        {16, 16, 3}, {8, 31, 5}, {1, 300, 2}};
    for (int[] s : fixed) {
      cases.add(new Case(s[0], s[1], s[2], 0, 0, 0, 0, 0, 0));
      cases.add(new Case(s[0], s[1], s[2], 3, 2, 1, 5, 7, 3));
    }
    Rng r = new Rng(2024);
    for (int i = 0; i < 60; i++) {
      cases.add(new Case(1 + r.nextInt(23), 1 + r.nextInt(23), 1 + r.nextInt(23),
          r.nextInt(6), r.nextInt(4), r.nextInt(6), r.nextInt(4), r.nextInt(6), r.nextInt(4)));
    }
    return cases;
  }

  @Test
  void doubleKernelsMatchNaiveLoopsExactly() {
    for (Op op : Op.values()) {
      for (Case c : cases()) {
        for (boolean accumulate : new boolean[] {false, true}) {
          checkDouble(op, c, accumulate);
        }
      }
    }
  }

  @Test
  void floatKernelsMatchNaiveLoopsExactly() {
    for (Op op : Op.values()) {
      for (Case c : cases()) {
        for (boolean accumulate : new boolean[] {false, true}) {
          checkFloat(op, c, accumulate);
        }
      }
    }
  }

  /**
   * The public entry points, which use the native BLAS when one is loaded and the product is big enough:
   * each element within 1e-5 (float) or 1e-13 (double) of the sum of |products|, the rounding a
   * different summation order can cause; and the window rule holds.
   */
  @Test
  void publicEntryPointsMatchNaiveLoopsWithinRounding() {
    for (Op op : Op.values()) {
      for (Case c : cases()) {
        for (boolean accumulate : new boolean[] {false, true}) {
          checkDispatched(op, c, accumulate);
        }
      }
    }
  }

  @Test
  void nativeBackendIsReportedAndTheJavaPathCanBeForced() {
    // -Doptspec.blas=java turns the native path off; either way the backend says what it is
    String backend = Gemm.backend();
    if (Gemm.nativeBlas()) {
      assertEquals(false, backend.startsWith("none"), backend);
    } else {
      assertEquals(true, backend.startsWith("none"), backend);
    }
  }

  @Test
  void floatProductIsCloseToTheDoubleProduct() {
    // guards against a kernel and the naive loop sharing an indexing mistake
    int m = 3, n = 4, k = 2;
    double[] a = {1, 2, 3, 4, 5, 6};           // 3×2
    double[] b = {1, 0, 0, 1, 1, 1, 2, -1};    // 4×2, used as Bᵀ
    double[] c = new double[12];
    Gemm.nt(m, n, k, a, 0, 2, b, 0, 2, c, 0, 4, false);
    assertArrayEquals(new double[] {1, 2, 3, 0, 3, 4, 7, 2, 5, 6, 11, 4}, c);
    float[] cf = new float[12];
    Gemm.nt(m, n, k, toFloat(a), 0, 2, toFloat(b), 0, 2, cf, 0, 4, false);
    assertArrayEquals(toFloat(c), cf);
  }

  @Test
  void overwriteIgnoresNaNInC() {
    double[] c = {Double.NaN, Double.NaN};
    Gemm.nn(1, 2, 1, new double[] {2}, 0, 1, new double[] {3, 4}, 0, 2, c, 0, 2, false);
    assertArrayEquals(new double[] {6, 8}, c);
  }

  @Test
  void zeroDepthOverwritesWithZerosOrLeavesCAlone() {
    double[] c = {5, 5, 5, 5};
    Gemm.nt(2, 2, 0, new double[0], 0, 0, new double[0], 0, 0, c, 0, 2, true);
    assertArrayEquals(new double[] {5, 5, 5, 5}, c);
    Gemm.tn(2, 2, 0, new double[0], 0, 2, new double[0], 0, 2, c, 0, 2, false);
    assertArrayEquals(new double[] {0, 0, 0, 0}, c);
  }

  @Test
  void badArgumentsAreRejectedBeforeAnyWrite() {
    float[] a = new float[6];
    float[] b = new float[6];
    float[] c = new float[4];
    assertThrows(IllegalArgumentException.class, () -> Gemm.nt(2, 2, 3, a, 0, 2, b, 0, 3, c, 0, 2, false));
    assertThrows(IndexOutOfBoundsException.class, () -> Gemm.nt(2, 2, 3, a, 1, 3, b, 0, 3, c, 0, 2, false));
    assertThrows(IndexOutOfBoundsException.class, () -> Gemm.nn(2, 2, 3, a, 0, 3, b, 0, 2, c, 1, 2, false));
    assertThrows(IllegalArgumentException.class, () -> Gemm.tn(-1, 2, 3, a, 0, 3, b, 0, 2, c, 0, 2, false));
  }

  @Test
  void threadsDoNotShareTheWorkspace() throws Exception {
    int m = 40, n = 300, k = 200;
    Rng r = new Rng(11);
    double[] a = randomDoubles(r, m * k), b = randomDoubles(r, k * n);
    double[] want = new double[m * n];
    Gemm.javaNn(m, n, k, a, 0, k, b, 0, n, want, 0, n, false);
    double[][] got = new double[4][m * n];
    Thread[] threads = new Thread[got.length];
    for (int t = 0; t < threads.length; t++) {
      double[] c = got[t];
      threads[t] = new Thread(() -> {
        for (int rep = 0; rep < 50; rep++) {
          Gemm.javaNn(m, n, k, a, 0, k, b, 0, n, c, 0, n, false);
        }
      });
      threads[t].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    for (double[] c : got) {
      assertArrayEquals(want, c);
    }
  }

  /**
   * The pure-Java kernels. Their loops allocate nothing, but the JVM now and then charges a few dozen bytes
   * to the thread on its own (56 once, in a clean-clone CI run of the whole suite), so, like the dispatched
   * test below, this bounds the average below one byte per call: any per-call allocation is 16 bytes or more.
   */
  @Test
  void javaKernelsAllocateNothing() {
    int m = 8, n = 40, k = 24;
    Rng r = new Rng(5);
    float[] af = randomFloats(r, 2 * m * k), bf = randomFloats(r, 2 * n * k), cf = new float[2 * m * n];
    double[] ad = randomDoubles(r, 2 * m * k), bd = randomDoubles(r, 2 * n * k), cd = new double[2 * m * n];
    Runnable calls = () -> {
      Gemm.javaNt(m, n, k, af, 1, k, bf, 2, k, cf, 3, n, false);
      Gemm.javaNn(m, n, k, af, 1, k, bf, 2, n, cf, 3, n, true);
      Gemm.javaTn(m, n, k, af, 1, m, bf, 2, n, cf, 3, n, false);
      Gemm.javaNt(m, n, k, ad, 1, k, bd, 2, k, cd, 3, n, true);
      Gemm.javaNn(m, n, k, ad, 1, k, bd, 2, n, cd, 3, n, false);
      Gemm.javaTn(m, n, k, ad, 1, m, bd, 2, n, cd, 3, n, true);
    };
    long bytes = allocatedBy(calls);
    assertTrue(bytes < 60_000, bytes + " bytes allocated by 60,000 pure-Java GEMM calls");
  }

  /**
   * The public entry points, native BLAS included when it is loaded. The JNI binding pins the arrays
   * and allocates nothing per call, but in about one run of three the JVM charged 64 bytes to the thread
   * somewhere in 60,000 native calls (never on the pure-Java path); so this bounds the average below one
   * byte per call, which any per-call allocation (at least 16 bytes) would break.
   */
  @Test
  void dispatchedCallsAllocateNothingPerCall() {
    int m = 8, n = 40, k = 24;
    Rng r = new Rng(5);
    float[] af = randomFloats(r, 2 * m * k), bf = randomFloats(r, 2 * n * k), cf = new float[2 * m * n];
    double[] ad = randomDoubles(r, 2 * m * k), bd = randomDoubles(r, 2 * n * k), cd = new double[2 * m * n];
    Runnable calls = () -> {
      Gemm.nt(m, n, k, af, 1, k, bf, 2, k, cf, 3, n, false);
      Gemm.nn(m, n, k, af, 1, k, bf, 2, n, cf, 3, n, true);
      Gemm.tn(m, n, k, af, 1, m, bf, 2, n, cf, 3, n, false);
      Gemm.nt(m, n, k, ad, 1, k, bd, 2, k, cd, 3, n, true);
      Gemm.nn(m, n, k, ad, 1, k, bd, 2, n, cd, 3, n, false);
      Gemm.tn(m, n, k, ad, 1, m, bd, 2, n, cd, 3, n, true);
    };
    long bytes = allocatedBy(calls);
    assertTrue(bytes < 60_000, bytes + " bytes allocated by 60,000 GEMM calls");
  }

  /** Bytes the current thread allocates in 10,000 runs of {@code calls}, after 20,000 to warm up. */
  private static long allocatedBy(Runnable calls) {
    for (int i = 0; i < 20_000; i++) {
      calls.run();
    }
    com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    long before = bean.getThreadAllocatedBytes(id);
    for (int i = 0; i < 10_000; i++) {
      calls.run();
    }
    return bean.getThreadAllocatedBytes(id) - before;
  }

  private static void checkDouble(Op op, Case c, boolean accumulate) {
    Rng r = new Rng(c.hashCode() * 31L + op.ordinal());
    Layout l = layout(op, c);
    double[] a = randomDoubles(r, l.aLen);
    double[] b = randomDoubles(r, l.bLen);
    double[] got = randomDoubles(r, l.cLen);
    double[] want = got.clone();
    for (int i = 0; i < c.m; i++) {
      for (int j = 0; j < c.n; j++) {
        double s = accumulate ? want[c.cOff + i * l.ldc + j] : 0;
        for (int p = 0; p < c.k; p++) {
          s += a[l.aIndex(i, p)] * b[l.bIndex(p, j)];
        }
        want[c.cOff + i * l.ldc + j] = s;
      }
    }
    switch (op) {
      case NT -> Gemm.javaNt(c.m, c.n, c.k, a, c.aOff, l.lda, b, c.bOff, l.ldb, got, c.cOff, l.ldc, accumulate);
      case NN -> Gemm.javaNn(c.m, c.n, c.k, a, c.aOff, l.lda, b, c.bOff, l.ldb, got, c.cOff, l.ldc, accumulate);
      case TN -> Gemm.javaTn(c.m, c.n, c.k, a, c.aOff, l.lda, b, c.bOff, l.ldb, got, c.cOff, l.ldc, accumulate);
    }
    assertArrayEquals(want, got, op + " " + c + " accumulate=" + accumulate);
  }

  private static void checkFloat(Op op, Case c, boolean accumulate) {
    Rng r = new Rng(c.hashCode() * 37L + op.ordinal());
    Layout l = layout(op, c);
    float[] a = randomFloats(r, l.aLen);
    float[] b = randomFloats(r, l.bLen);
    float[] got = randomFloats(r, l.cLen);
    float[] want = got.clone();
    for (int i = 0; i < c.m; i++) {
      for (int j = 0; j < c.n; j++) {
        float s = accumulate ? want[c.cOff + i * l.ldc + j] : 0f;
        for (int p = 0; p < c.k; p++) {
          s += a[l.aIndex(i, p)] * b[l.bIndex(p, j)];
        }
        want[c.cOff + i * l.ldc + j] = s;
      }
    }
    switch (op) {
      case NT -> Gemm.javaNt(c.m, c.n, c.k, a, c.aOff, l.lda, b, c.bOff, l.ldb, got, c.cOff, l.ldc, accumulate);
      case NN -> Gemm.javaNn(c.m, c.n, c.k, a, c.aOff, l.lda, b, c.bOff, l.ldb, got, c.cOff, l.ldc, accumulate);
      case TN -> Gemm.javaTn(c.m, c.n, c.k, a, c.aOff, l.lda, b, c.bOff, l.ldb, got, c.cOff, l.ldc, accumulate);
    }
    assertArrayEquals(want, got, op + " " + c + " accumulate=" + accumulate);
  }

  private static void checkDispatched(Op op, Case c, boolean accumulate) {
    Rng r = new Rng(c.hashCode() * 41L + op.ordinal());
    Layout l = layout(op, c);
    float[] af = randomFloats(r, l.aLen);
    float[] bf = randomFloats(r, l.bLen);
    float[] gotF = randomFloats(r, l.cLen);
    double[] ad = randomDoubles(r, l.aLen);
    double[] bd = randomDoubles(r, l.bLen);
    double[] gotD = randomDoubles(r, l.cLen);
    double[] wantF = new double[l.cLen];
    double[] wantD = gotD.clone();
    double[] magF = new double[l.cLen];
    double[] magD = new double[l.cLen];
    for (int i = 0; i < l.cLen; i++) {
      wantF[i] = gotF[i];
    }
    for (int i = 0; i < c.m; i++) {
      for (int j = 0; j < c.n; j++) {
        int ci = c.cOff + i * l.ldc + j;
        double sf = accumulate ? wantF[ci] : 0;
        double sd = accumulate ? wantD[ci] : 0;
        double mf = Math.abs(sf);
        double md = Math.abs(sd);
        for (int p = 0; p < c.k; p++) {
          double pf = (double) af[l.aIndex(i, p)] * bf[l.bIndex(p, j)];
          double pd = ad[l.aIndex(i, p)] * bd[l.bIndex(p, j)];
          sf += pf;
          sd += pd;
          mf += Math.abs(pf);
          md += Math.abs(pd);
        }
        wantF[ci] = sf;
        wantD[ci] = sd;
        magF[ci] = mf;
        magD[ci] = md;
      }
    }
    switch (op) {
      case NT -> {
        Gemm.nt(c.m, c.n, c.k, af, c.aOff, l.lda, bf, c.bOff, l.ldb, gotF, c.cOff, l.ldc, accumulate);
        Gemm.nt(c.m, c.n, c.k, ad, c.aOff, l.lda, bd, c.bOff, l.ldb, gotD, c.cOff, l.ldc, accumulate);
      }
      case NN -> {
        Gemm.nn(c.m, c.n, c.k, af, c.aOff, l.lda, bf, c.bOff, l.ldb, gotF, c.cOff, l.ldc, accumulate);
        Gemm.nn(c.m, c.n, c.k, ad, c.aOff, l.lda, bd, c.bOff, l.ldb, gotD, c.cOff, l.ldc, accumulate);
      }
      case TN -> {
        Gemm.tn(c.m, c.n, c.k, af, c.aOff, l.lda, bf, c.bOff, l.ldb, gotF, c.cOff, l.ldc, accumulate);
        Gemm.tn(c.m, c.n, c.k, ad, c.aOff, l.lda, bd, c.bOff, l.ldb, gotD, c.cOff, l.ldc, accumulate);
      }
    }
    for (int i = 0; i < l.cLen; i++) {
      String where = op + " " + c + " accumulate=" + accumulate + " at " + i;
      assertEquals(wantF[i], gotF[i], 1e-5 * magF[i], where);
      assertEquals(wantD[i], gotD[i], 1e-13 * magD[i], where);
    }
  }

  /** Leading dimensions, array lengths (with trailing slack) and element addressing of op(A), op(B). */
  private record Layout(Op op, Case c, int lda, int ldb, int ldc, int aLen, int bLen, int cLen) {
    int aIndex(int i, int p) {
      return op == Op.TN ? c.aOff + p * lda + i : c.aOff + i * lda + p;
    }

    int bIndex(int p, int j) {
      return op == Op.NT ? c.bOff + j * ldb + p : c.bOff + p * ldb + j;
    }
  }

  private static Layout layout(Op op, Case c) {
    int aRows = op == Op.TN ? c.k : c.m;
    int aCols = op == Op.TN ? c.m : c.k;
    int bRows = op == Op.NT ? c.n : c.k;
    int bCols = op == Op.NT ? c.k : c.n;
    int lda = aCols + c.aPad;
    int ldb = bCols + c.bPad;
    int ldc = c.n + c.cPad;
    return new Layout(op, c, lda, ldb, ldc,
        c.aOff + aRows * lda + 3, c.bOff + bRows * ldb + 3, c.cOff + c.m * ldc + 3);
  }

  private static double[] randomDoubles(Rng r, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = r.uniform(-1, 1);
    }
    return v;
  }

  private static float[] randomFloats(Rng r, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) r.uniform(-1, 1);
    }
    return v;
  }

  private static float[] toFloat(double[] d) {
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }
}
