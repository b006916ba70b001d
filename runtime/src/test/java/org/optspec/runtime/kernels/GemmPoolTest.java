package org.optspec.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.optspec.runtime.Rng;

/**
 * The pure-Java kernels on several threads give the single-threaded result bit for bit: every transpose
 * variant, float and double, overwrite and accumulate, with offsets and padded leading dimensions, on shapes
 * that split by rows and by columns, with uneven chunks. The pools here split every product (work threshold
 * 0), so small shapes exercise the chunk boundaries as well as large ones do.
 */
class GemmPoolTest {
  private enum Op { NT, NN, TN }

  private static final GemmPool ONE = new GemmPool(1, 0);
  private static final GemmPool TWO = new GemmPool(2, 0);
  private static final GemmPool THREE = new GemmPool(3, 0);

  private record Case(int m, int n, int k, int aOff, int aPad, int bOff, int bPad, int cOff, int cPad) {}

  private static List<Case> cases() {
    List<Case> cases = new ArrayList<>();
    int[][] fixed = {
        // rows split (n < 512), columns split (n ≥ 512), packed and dot nt paths, across KC/NC blocking
        {16, 10, 7}, {17, 3, 40}, {40, 127, 33}, {64, 128, 64}, {5, 300, 130}, {9, 700, 20}, {300, 17, 129},
        {256, 10, 300}, {33, 270, 150}, {130, 530, 70}, {8, 129, 5}, {100, 100, 260}, {7, 2000, 3}};
    for (int[] s : fixed) {
      cases.add(new Case(s[0], s[1], s[2], 0, 0, 0, 0, 0, 0));
      cases.add(new Case(s[0], s[1], s[2], 3, 2, 1, 5, 7, 3));
    }
    Rng r = new Rng(606);
    for (int i = 0; i < 40; i++) {
      cases.add(new Case(1 + r.nextInt(90), 1 + r.nextInt(300), 1 + r.nextInt(140),
          r.nextInt(6), r.nextInt(4), r.nextInt(6), r.nextInt(4), r.nextInt(6), r.nextInt(4)));
    }
    return cases;
  }

  @Test
  void floatProductsAreBitIdenticalOnOneTwoAndThreeThreads() {
    for (Op op : Op.values()) {
      for (Case c : cases()) {
        for (boolean accumulate : new boolean[] {false, true}) {
          Layout l = layout(op, c);
          Rng r = new Rng(c.hashCode() * 13L + op.ordinal());
          float[] a = floats(r, l.aLen);
          float[] b = floats(r, l.bLen);
          float[] c0 = floats(r, l.cLen);
          float[] one = c0.clone();
          float[] two = c0.clone();
          float[] three = c0.clone();
          run(op, c, l, a, b, one, accumulate, ONE);
          run(op, c, l, a, b, two, accumulate, TWO);
          run(op, c, l, a, b, three, accumulate, THREE);
          String what = op + " " + c + " accumulate=" + accumulate;
          assertBits(one, two, what + " 2 threads");
          assertBits(one, three, what + " 3 threads");
        }
      }
    }
  }

  @Test
  void doubleProductsAreBitIdenticalOnOneTwoAndThreeThreads() {
    for (Op op : Op.values()) {
      for (Case c : cases()) {
        for (boolean accumulate : new boolean[] {false, true}) {
          Layout l = layout(op, c);
          Rng r = new Rng(c.hashCode() * 17L + op.ordinal());
          double[] a = doubles(r, l.aLen);
          double[] b = doubles(r, l.bLen);
          double[] c0 = doubles(r, l.cLen);
          double[] one = c0.clone();
          double[] two = c0.clone();
          double[] three = c0.clone();
          run(op, c, l, a, b, one, accumulate, ONE);
          run(op, c, l, a, b, two, accumulate, TWO);
          run(op, c, l, a, b, three, accumulate, THREE);
          String what = op + " " + c + " accumulate=" + accumulate;
          assertBits(one, two, what + " 2 threads");
          assertBits(one, three, what + " 3 threads");
        }
      }
    }
  }

  @Test
  void theSplitProductStillMatchesTheNaiveLoop() {
    // 1 vs N alone could hide a kernel fault both share; the naive loop is the reference GemmTest uses
    Case c = new Case(70, 300, 130, 2, 1, 3, 2, 1, 4);
    Layout l = layout(Op.TN, c);
    Rng r = new Rng(5);
    float[] a = floats(r, l.aLen);
    float[] b = floats(r, l.bLen);
    float[] got = floats(r, l.cLen);
    float[] want = got.clone();
    for (int i = 0; i < c.m; i++) {
      for (int j = 0; j < c.n; j++) {
        float s = want[c.cOff + i * l.ldc + j];
        for (int p = 0; p < c.k; p++) {
          s += a[l.aIndex(i, p)] * b[l.bIndex(p, j)];
        }
        want[c.cOff + i * l.ldc + j] = s;
      }
    }
    run(Op.TN, c, l, a, b, got, true, TWO);
    assertBits(want, got, "tn on 2 threads vs naive loop");
  }

  @Test
  void backToBackJobsWithDifferentChunkCountsStayCorrect() {
    // a worker still finishing (or waking for) one job while the next, cut differently, is set up
    Case wide = new Case(20, 700, 9, 0, 0, 0, 0, 0, 0); // columns, 2 chunks
    Case tall = new Case(40, 12, 30, 1, 1, 1, 1, 1, 1); // rows, 4 chunks on two threads, 5 on three
    Layout lw = layout(Op.NN, wide);
    Layout lt = layout(Op.NT, tall);
    Rng r = new Rng(21);
    float[] aw = floats(r, lw.aLen);
    float[] bw = floats(r, lw.bLen);
    float[] at = floats(r, lt.aLen);
    float[] bt = floats(r, lt.bLen);
    float[] wantWide = new float[lw.cLen];
    float[] wantTall = new float[lt.cLen];
    run(Op.NN, wide, lw, aw, bw, wantWide, false, ONE);
    run(Op.NT, tall, lt, at, bt, wantTall, false, ONE);
    float[] gotWide = new float[lw.cLen];
    float[] gotTall = new float[lt.cLen];
    for (int i = 0; i < 3_000; i++) {
      GemmPool pool = i % 2 == 0 ? THREE : TWO;
      java.util.Arrays.fill(gotWide, Float.NaN);
      java.util.Arrays.fill(gotTall, Float.NaN);
      run(Op.NN, wide, lw, aw, bw, gotWide, false, pool);
      assertBitsInC(wantWide, gotWide, wide, lw, "wide, round " + i);
      run(Op.NT, tall, lt, at, bt, gotTall, false, pool);
      assertBitsInC(wantTall, gotTall, tall, lt, "tall, round " + i);
    }
  }

  @Test
  void concurrentCallersShareOnePoolCorrectly() throws Exception {
    // while one caller holds the pool the other computes single-threaded; both must be right
    Case c = new Case(64, 200, 90, 1, 2, 3, 1, 2, 3);
    Layout l = layout(Op.NT, c);
    Rng r = new Rng(9);
    float[] a = floats(r, l.aLen);
    float[] b = floats(r, l.bLen);
    float[] want = new float[l.cLen];
    run(Op.NT, c, l, a, b, want, false, ONE);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread[] callers = new Thread[3];
    for (int t = 0; t < callers.length; t++) {
      callers[t] = new Thread(() -> {
        try {
          float[] got = new float[l.cLen];
          for (int i = 0; i < 300; i++) {
            run(Op.NT, c, l, a, b, got, false, TWO);
            assertBits(want, got, "concurrent call " + i);
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      });
      callers[t].start();
    }
    for (Thread t : callers) {
      t.join();
    }
    if (failure.get() != null) {
      throw new AssertionError(failure.get());
    }
  }

  @Test
  void aFailureInAChunkReachesTheCaller() {
    // a too-short B (only the public entry points check bounds): some chunk fails, on whichever thread
    Case c = new Case(40, 300, 20, 0, 0, 0, 0, 0, 0);
    Layout l = layout(Op.NN, c);
    float[] a = new float[l.aLen];
    float[] b = new float[l.bLen - 200];
    float[] out = new float[l.cLen];
    assertThrows(ArrayIndexOutOfBoundsException.class, () -> run(Op.NN, c, l, a, b, out, false, TWO));
    run(Op.NN, c, l, a, new float[l.bLen], out, false, TWO); // the pool is usable again
  }

  @Test
  void splitCallsAllocateNothingOnTheCallerOrTheWorkers() {
    Case c = new Case(48, 260, 40, 0, 0, 0, 0, 0, 0);
    Layout lt = layout(Op.TN, c);
    Layout ln = layout(Op.NT, c);
    Layout lnn = layout(Op.NN, c);
    Rng r = new Rng(3);
    float[] af = floats(r, Math.max(lt.aLen, ln.aLen));
    Case tall = new Case(200, 20, 30, 0, 0, 0, 0, 0, 0);
    float[] bf = floats(r, Math.max(lt.bLen, ln.bLen));
    float[] cf = new float[lt.cLen];
    double[] ad = doubles(r, 200 * 30 + 3); // the largest A below: tall's
    double[] bd = doubles(r, Math.max(lt.bLen, ln.bLen));
    double[] cd = new double[lt.cLen];
    Layout tallLayout = layout(Op.NT, tall);
    double[] cd2 = new double[tallLayout.cLen];
    Runnable calls = () -> {
      run(Op.NT, c, ln, af, bf, cf, false, TWO);
      run(Op.TN, c, lt, af, bf, cf, true, TWO);
      run(Op.NN, c, lnn, ad, bd, cd, false, TWO);
      run(Op.NT, tall, tallLayout, ad, bd, cd2, true, TWO);
    };
    for (int i = 0; i < 5_000; i++) {
      calls.run();
    }
    com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Thread[] workers = TWO.workerThreads();
    assertEquals(1, workers.length);
    long caller = Thread.currentThread().getId();
    long worker = workers[0].getId();
    long callerBefore = bean.getThreadAllocatedBytes(caller);
    long workerBefore = bean.getThreadAllocatedBytes(worker);
    for (int i = 0; i < 2_000; i++) {
      calls.run();
    }
    long callerBytes = bean.getThreadAllocatedBytes(caller) - callerBefore;
    long workerBytes = bean.getThreadAllocatedBytes(worker) - workerBefore;
    assertTrue(workerBefore > 0, "the worker ran chunks (its workspace was allocated)");
    // below one byte per product: any allocation per product or chunk is 16 bytes or more, while the JVM may
    // charge the odd few dozen bytes to a thread on its own (seen on the caller side of the GEMM tests)
    assertTrue(workerBytes < 8_000, workerBytes + " bytes allocated by the worker over 8,000 split products");
    assertTrue(callerBytes < 8_000, callerBytes + " bytes allocated by the caller over 8,000 split products");
  }

  @Test
  void rangeTasksRunEveryChunkOnceAndGiveTheSameSumsWhateverTheThreads() {
    float[] v = floats(new Rng(7), 10_000);
    int chunks = 8;
    GemmPool[] pools = {ONE, TWO, THREE};
    float[][] sums = new float[pools.length][];
    boolean[] onWorker = new boolean[1];
    for (int p = 0; p < pools.length; p++) {
      float[] partial = new float[chunks];
      AtomicIntegerArray runs = new AtomicIntegerArray(chunks);
      Parallel.RangeTask task = c -> {
        float s = 0;
        for (int i = v.length * c / chunks; i < v.length * (c + 1) / chunks; i++) {
          s += v[i] * v[i];
        }
        partial[c] = s;
        runs.incrementAndGet(c);
        if (Thread.currentThread().getName().startsWith("optspec-gemm-")) {
          onWorker[0] = true;
        }
      };
      for (int round = 1; round <= 500; round++) {
        pools[p].run(task, chunks);
        for (int c = 0; c < chunks; c++) {
          assertEquals(round, runs.get(c), "chunk " + c + " runs once per job");
        }
      }
      sums[p] = partial;
    }
    assertArrayEquals(sums[0], sums[1]);
    assertArrayEquals(sums[0], sums[2]);
    assertTrue(onWorker[0], "some chunks ran on a worker thread");
  }

  @Test
  void aRangeTaskFailureReachesTheCallerAndThePoolStaysUsable() {
    int[] ran = new int[1];
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> TWO.run(c -> {
      if (c == 3) {
        throw new IllegalStateException("chunk 3");
      }
    }, 6));
    assertEquals("chunk 3", e.getMessage());
    TWO.run(c -> {
      synchronized (ran) {
        ran[0]++;
      }
    }, 6);
    assertEquals(6, ran[0]);
    assertThrows(IllegalArgumentException.class, () -> TWO.run(c -> { }, 0));
    assertThrows(IllegalArgumentException.class, () -> TWO.run(c -> { }, Parallel.MAX_CHUNKS + 1));
  }

  @Test
  void rangeTasksAllocateNothingPerJob() {
    float[] v = floats(new Rng(8), 4_000);
    float[] partial = new float[8];
    Parallel.RangeTask task = c -> {
      float s = 0;
      for (int i = 500 * c; i < 500 * (c + 1); i++) {
        s += v[i];
      }
      partial[c] = s;
    };
    for (int i = 0; i < 20_000; i++) {
      TWO.run(task, 8);
    }
    com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long caller = Thread.currentThread().getId();
    long worker = TWO.workerThreads()[0].getId();
    long callerBefore = bean.getThreadAllocatedBytes(caller);
    long workerBefore = bean.getThreadAllocatedBytes(worker);
    for (int i = 0; i < 5_000; i++) {
      TWO.run(task, 8);
    }
    long callerBytes = bean.getThreadAllocatedBytes(caller) - callerBefore;
    long workerBytes = bean.getThreadAllocatedBytes(worker) - workerBefore;
    // below one byte per job (an allocation per job or chunk is 16 bytes or more; see the GEMM test above)
    assertTrue(workerBytes < 5_000, workerBytes + " bytes allocated by the worker over 5,000 jobs");
    assertTrue(callerBytes < 5_000, callerBytes + " bytes allocated by the caller over 5,000 jobs");
  }

  @Test
  void threadsPropertyIsReadAndChecked() {
    String saved = System.getProperty("optspec.threads");
    try {
      System.setProperty("optspec.threads", "3");
      assertEquals(3, GemmPool.configuredThreads());
      System.setProperty("optspec.threads", " 1 ");
      assertEquals(1, GemmPool.configuredThreads());
      System.setProperty("optspec.threads", "0");
      assertThrows(IllegalArgumentException.class, GemmPool::configuredThreads);
      System.setProperty("optspec.threads", "two");
      assertThrows(IllegalArgumentException.class, GemmPool::configuredThreads);
      System.clearProperty("optspec.threads");
      int processors = Runtime.getRuntime().availableProcessors();
      assertEquals(Math.min(processors, GemmPool.MAX_THREADS), GemmPool.configuredThreads());
    } finally {
      if (saved == null) {
        System.clearProperty("optspec.threads");
      } else {
        System.setProperty("optspec.threads", saved);
      }
    }
    assertTrue(Gemm.threads() >= 1);
    assertEquals(1, ONE.workerThreads().length + 1);
    assertTrue(TWO.workerThreads()[0].isDaemon());
  }

  private static void run(Op op, Case c, Layout l, float[] a, float[] b, float[] out, boolean acc, GemmPool pool) {
    switch (op) {
      case NT -> Gemm.javaNt(c.m, c.n, c.k, a, c.aOff, l.lda, b, c.bOff, l.ldb, out, c.cOff, l.ldc, acc, pool);
      case NN -> Gemm.javaNn(c.m, c.n, c.k, a, c.aOff, l.lda, b, c.bOff, l.ldb, out, c.cOff, l.ldc, acc, pool);
      case TN -> Gemm.javaTn(c.m, c.n, c.k, a, c.aOff, l.lda, b, c.bOff, l.ldb, out, c.cOff, l.ldc, acc, pool);
    }
  }

  private static void run(Op op, Case c, Layout l, double[] a, double[] b, double[] out, boolean acc, GemmPool pool) {
    switch (op) {
      case NT -> Gemm.javaNt(c.m, c.n, c.k, a, c.aOff, l.lda, b, c.bOff, l.ldb, out, c.cOff, l.ldc, acc, pool);
      case NN -> Gemm.javaNn(c.m, c.n, c.k, a, c.aOff, l.lda, b, c.bOff, l.ldb, out, c.cOff, l.ldc, acc, pool);
      case TN -> Gemm.javaTn(c.m, c.n, c.k, a, c.aOff, l.lda, b, c.bOff, l.ldb, out, c.cOff, l.ldc, acc, pool);
    }
  }

  /** Only the C window: the rest of {@code got} was filled with NaN, which compares unequal to itself. */
  private static void assertBitsInC(float[] want, float[] got, Case c, Layout l, String what) {
    for (int i = 0; i < c.m; i++) {
      for (int j = 0; j < c.n; j++) {
        int at = c.cOff + i * l.ldc + j;
        if (Float.floatToRawIntBits(want[at]) != Float.floatToRawIntBits(got[at])) {
          assertEquals(want[at], got[at], what + ": C[" + i + "][" + j + "]");
        }
      }
    }
  }

  private static void assertBits(float[] want, float[] got, String what) {
    assertEquals(want.length, got.length);
    for (int i = 0; i < want.length; i++) {
      if (Float.floatToRawIntBits(want[i]) != Float.floatToRawIntBits(got[i])) {
        assertArrayEquals(want, got, what + ": first difference at " + i);
      }
    }
  }

  private static void assertBits(double[] want, double[] got, String what) {
    assertEquals(want.length, got.length);
    for (int i = 0; i < want.length; i++) {
      if (Double.doubleToRawLongBits(want[i]) != Double.doubleToRawLongBits(got[i])) {
        assertArrayEquals(want, got, what + ": first difference at " + i);
      }
    }
  }

  private static float[] floats(Rng r, int length) {
    float[] x = new float[length];
    for (int i = 0; i < length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    return x;
  }

  private static double[] doubles(Rng r, int length) {
    double[] x = new double[length];
    for (int i = 0; i < length; i++) {
      x[i] = r.nextGaussian();
    }
    return x;
  }

  /** Leading dimensions (with padding) and array lengths (with slack past the last row). */
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
    return new Layout(op, c, lda, ldb, ldc, c.aOff + aRows * lda + 3, c.bOff + bRows * ldb + 3, c.cOff + c.m * ldc + 3);
  }
}
