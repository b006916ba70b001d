package org.optspec.runtime.kernels;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The threads behind the pure-Java GEMM kernels: a fixed set of daemon workers, created once, that share a
 * large product with the calling thread. The product's C is cut into chunks, ranges of rows or of columns,
 * that the caller and the workers claim one at a time from an atomic counter until none is left, so a
 * worker the scheduler keeps waiting does not hold the caller up (it simply claims fewer chunks). The chunks
 * partition C and every element of C is computed by the single-threaded kernel's own instruction sequence
 * (its products added in ascending k from C's old value, Java's strict IEEE arithmetic), so the result is
 * bit-identical whatever the number of threads and whoever runs which chunk.
 *
 * <p>The same threads run {@link Parallel.RangeTask}s ({@link Parallel#run}), whose chunks are the task's own;
 * only one job, a product or a task, runs at a time.
 *
 * <p>Nothing is allocated per call: the job is described in this object's fields (one job at a time; a
 * second thread calling while a job runs computes its own product single-threaded), chunks are claimed and
 * counted with atomics, and threads hand over with {@link Thread#onSpinWait()} for a short while, then
 * {@link LockSupport#park}. Each worker allocates its kernel workspace once, on its first chunk.
 *
 * <p>Size: {@code -Doptspec.threads=N} (1 turns the workers off), by default the available processors,
 * at most {@link #MAX_THREADS}. Only products of at least {@link #MIN_WORK} multiply-adds are split.
 */
final class GemmPool {
  /**
   * Multiply-adds (m·n·k) from which a product is split. Measured with {@code GemmBenchmark}
   * (bench/RESULTS.md): below this, handing over to a worker costs about what the second core saves.
   */
  static final long MIN_WORK = 1L << 21;

  /** Default cap on the threads (caller included) when {@code optspec.threads} is not set. */
  static final int MAX_THREADS = 8;

  /** How long an idle worker, or the caller waiting for the last chunk, spins before it parks. */
  private static final long SPIN_NANOS = 100_000;

  /**
   * Column chunks are at least this wide (the packed kernel's panel width: narrower panels ran the
   * kernel's inner loop slower than the second thread gained, measured at 256×256×256), row chunks at
   * least {@link #MIN_ROWS} high.
   */
  private static final int MIN_COLUMNS = 256;
  private static final int MIN_ROWS = 8;

  /** Chunks per thread: a few, so that a thread that starts late still finds work and none ends long after the others. */
  private static final int CHUNKS_PER_THREAD = 2;

  /** At most this many chunks (the count has 16 bits in {@link #claim}). */
  static final int MAX_CHUNKS = 1 << 12;

  static final int PACKED = 0;
  static final int DOT = 1;
  /** A {@link Parallel.RangeTask}: its chunks are the task's own. */
  static final int TASK = 2;

  /** The shared pool the public {@link Gemm} entry points use, created on the first product that needs it. */
  private static final class Shared {
    static final GemmPool POOL = new GemmPool(configuredThreads(), MIN_WORK);
  }

  final int threads;
  final long minWork;
  private final Worker[] workers;
  private final AtomicBoolean busy = new AtomicBoolean();

  // the current job; written by the caller before it publishes a generation in `claim`
  private int kind;
  private boolean isDouble;
  private int m;
  private int n;
  private int k;
  private float[] fa;
  private float[] fb;
  private float[] fc;
  private double[] da;
  private double[] db;
  private double[] dc;
  private int aOff;
  private int aStrideI;
  private int aStrideP;
  private int bOff;
  private int bStrideP;
  private int bStrideJ;
  private int cOff;
  private int ldc;
  private boolean accumulate;
  private boolean byRows;
  private int chunks;
  private int grain;
  private Parallel.RangeTask task;

  /**
   * Bits 32–63: the job's generation; 16–31: its number of chunks; 0–15: the next unclaimed chunk. One word,
   * so a worker that wakes late for an old job can neither read the next job's chunk count as its own nor
   * claim a chunk of a job that is being set up: any change of job changes the word its CAS expects.
   */
  private final AtomicLong claim = new AtomicLong();
  /** Chunks of the current job finished. */
  private final AtomicInteger done = new AtomicInteger();
  private volatile Thread waiter;
  /**
   * Whether the threads waiting around the last job spin with {@link Thread#yield} rather than
   * {@link Thread#onSpinWait}: set for {@link Parallel.RangeTask}s, whose jobs come every few µs (W1's step),
   * so an idle worker keeps spinning between them; on a machine whose other core is busy, a spinning worker
   * that does not yield takes a share of the caller's core (measured: W1 1.6× slower than one thread with a
   * busy loop on the other core). GEMM jobs keep {@code onSpinWait}.
   */
  private volatile boolean yielding;
  private volatile Throwable failure;

  /** A pool of {@code threads} threads in all, the caller included: {@code threads - 1} workers. */
  GemmPool(int threads, long minWork) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    this.threads = threads;
    this.minWork = minWork;
    this.workers = new Worker[threads - 1];
    for (int w = 0; w < workers.length; w++) {
      workers[w] = new Worker(this);
      Thread t = new Thread(workers[w], "optspec-gemm-" + (w + 1));
      t.setDaemon(true);
      workers[w].thread = t;
      t.start();
    }
  }

  /** The workers' threads (for tests and allocation checks). */
  Thread[] workerThreads() {
    Thread[] t = new Thread[workers.length];
    for (int w = 0; w < t.length; w++) {
      t[w] = workers[w].thread;
    }
    return t;
  }

  static GemmPool shared() {
    return Shared.POOL;
  }

  /** {@code optspec.threads}, or the available processors capped at {@link #MAX_THREADS}. */
  static int configuredThreads() {
    String value = System.getProperty("optspec.threads", "").trim();
    if (value.isEmpty()) {
      return Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), MAX_THREADS));
    }
    int threads;
    try {
      threads = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("optspec.threads must be a positive integer, got '" + value + "'", e);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("optspec.threads must be a positive integer, got " + threads);
    }
    return threads;
  }

  /** Whether a product of this size is split (when the pool is free). */
  boolean splits(int m, int n, int k) {
    return workers.length > 0 && (long) m * n * k >= minWork && (m >= 2 * MIN_ROWS || n >= 2 * MIN_COLUMNS);
  }

  // float twin: begin (generated from the double twin below by tools/twins/FloatTwins.java; edit that one)
  /** {@link FloatGemm#packed}, split over the pool when it pays. */
  void packed(int m, int n, int k, float[] a, int aOff, int aStrideI, int aStrideP,
      float[] b, int bOff, int bStrideP, int bStrideJ, float[] c, int cOff, int ldc, boolean accumulate) {
    if (!splits(m, n, k) || !busy.compareAndSet(false, true)) {
      FloatGemm.packed(m, n, k, a, aOff, aStrideI, aStrideP, b, bOff, bStrideP, bStrideJ, c, cOff, ldc, accumulate);
      return;
    }
    fa = a;
    fb = b;
    fc = c;
    isDouble = false;
    run(PACKED, m, n, k, aOff, aStrideI, aStrideP, bOff, bStrideP, bStrideJ, cOff, ldc, accumulate);
  }
  // float twin: end

  // double twin: begin
  /** {@link DoubleGemm#packed}, split over the pool when it pays. */
  void packed(int m, int n, int k, double[] a, int aOff, int aStrideI, int aStrideP,
      double[] b, int bOff, int bStrideP, int bStrideJ, double[] c, int cOff, int ldc, boolean accumulate) {
    if (!splits(m, n, k) || !busy.compareAndSet(false, true)) {
      DoubleGemm.packed(m, n, k, a, aOff, aStrideI, aStrideP, b, bOff, bStrideP, bStrideJ, c, cOff, ldc, accumulate);
      return;
    }
    da = a;
    db = b;
    dc = c;
    isDouble = true;
    run(PACKED, m, n, k, aOff, aStrideI, aStrideP, bOff, bStrideP, bStrideJ, cOff, ldc, accumulate);
  }
  // double twin: end

  // float twin: begin (generated from the double twin below by tools/twins/FloatTwins.java; edit that one)
  /** {@link FloatGemm#dot}, split over the pool when it pays. */
  void dot(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc, boolean accumulate) {
    if (!splits(m, n, k) || !busy.compareAndSet(false, true)) {
      FloatGemm.dot(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
      return;
    }
    fa = a;
    fb = b;
    fc = c;
    isDouble = false;
    run(DOT, m, n, k, aOff, lda, 1, bOff, 1, ldb, cOff, ldc, accumulate);
  }
  // float twin: end

  // double twin: begin
  /** {@link DoubleGemm#dot}, split over the pool when it pays. */
  void dot(int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
      double[] c, int cOff, int ldc, boolean accumulate) {
    if (!splits(m, n, k) || !busy.compareAndSet(false, true)) {
      DoubleGemm.dot(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
      return;
    }
    da = a;
    db = b;
    dc = c;
    isDouble = true;
    run(DOT, m, n, k, aOff, lda, 1, bOff, 1, ldb, cOff, ldc, accumulate);
  }
  // double twin: end

  /**
   * {@link Parallel#run}: chunks {@code 0 .. chunks - 1} of {@code task}, split over the pool, or all on the
   * caller in ascending order when the pool has no workers or is busy with another thread's job.
   */
  void run(Parallel.RangeTask task, int chunks) {
    if (chunks < 1 || chunks > MAX_CHUNKS) {
      throw new IllegalArgumentException("chunks must be in 1.." + MAX_CHUNKS + ", got " + chunks);
    }
    if (workers.length == 0 || chunks == 1 || !busy.compareAndSet(false, true)) {
      for (int c = 0; c < chunks; c++) {
        task.run(c);
      }
      return;
    }
    this.kind = TASK;
    this.task = task;
    this.chunks = chunks;
    execute();
  }

  /** Runs the job whose arrays are set, with {@link #busy} held: publish, take part, wait, release. */
  private void run(int kind, int m, int n, int k, int aOff, int aStrideI, int aStrideP,
      int bOff, int bStrideP, int bStrideJ, int cOff, int ldc, boolean accumulate) {
    this.kind = kind;
    this.m = m;
    this.n = n;
    this.k = k;
    this.aOff = aOff;
    this.aStrideI = aStrideI;
    this.aStrideP = aStrideP;
    this.bOff = bOff;
    this.bStrideP = bStrideP;
    this.bStrideJ = bStrideJ;
    this.cOff = cOff;
    this.ldc = ldc;
    this.accumulate = accumulate;
    // columns when C is wide enough for full-width chunks: the packed kernel then packs each panel of B
    // once in all; otherwise rows, each chunk packing B for itself
    byRows = n < 2 * MIN_COLUMNS;
    int span = byRows ? m : n;
    grain = byRows ? 4 : 16;
    chunks = Math.max(1, Math.min(Math.min(threads, MAX_CHUNKS / CHUNKS_PER_THREAD) * CHUNKS_PER_THREAD,
        span / (byRows ? MIN_ROWS : MIN_COLUMNS)));
    execute();
  }

  /** Runs the job described in the fields ({@link #chunks} set), with {@link #busy} held: publish, take part, wait, release. */
  private void execute() {
    try {
      failure = null;
      waiter = Thread.currentThread();
      done.set(0);
      yielding = kind == TASK;
      long generation = ((claim.get() >>> 32) + 1) & 0xFFFFFFFFL;
      claim.set(generation << 32 | (long) chunks << 16); // publishes the fields above
      for (Worker w : workers) {
        if (w.sleeping) {
          LockSupport.unpark(w.thread);
        }
      }
      work(generation);
      int total = chunks;
      long start = System.nanoTime();
      while (done.get() < total) {
        if (System.nanoTime() - start < SPIN_NANOS) {
          pause();
        } else {
          LockSupport.park(this);
        }
      }
      Throwable t = failure;
      if (t != null) {
        failure = null;
        if (t instanceof RuntimeException) {
          throw (RuntimeException) t;
        }
        if (t instanceof Error) {
          throw (Error) t;
        }
        throw new IllegalStateException(t);
      }
    } finally {
      waiter = null;
      fa = fb = fc = null;
      da = db = dc = null;
      task = null;
      busy.set(false);
    }
  }

  /** One turn of a waiting thread's spin: see {@link #yielding}. */
  private void pause() {
    if (yielding) {
      Thread.yield();
    } else {
      Thread.onSpinWait();
    }
  }

  /** Claims and computes chunks of job {@code generation} until none is left. */
  private void work(long generation) {
    while (true) {
      long current = claim.get();
      int total = (int) (current >>> 16) & 0xFFFF;
      int next = (int) current & 0xFFFF;
      if ((current >>> 32) != generation || next >= total) {
        return;
      }
      if (!claim.compareAndSet(current, current + 1)) {
        continue;
      }
      // claimed: the job's fields stay as they are until its last chunk is done, this one included
      try {
        chunk(next);
      } catch (Throwable t) {
        failure = t;
      } finally {
        if (done.incrementAndGet() == total) {
          Thread w = waiter;
          if (w != null && w != Thread.currentThread()) {
            LockSupport.unpark(w);
          }
        }
      }
    }
  }

  /** Computes chunk {@code index}: rows or columns [from, to) of C, with the single-threaded kernel. */
  private void chunk(int index) {
    if (kind == TASK) {
      task.run(index);
      return;
    }
    int span = byRows ? m : n;
    int from = bound(index, span);
    int to = bound(index + 1, span);
    if (from >= to) {
      return;
    }
    int rows = byRows ? to - from : m;
    int cols = byRows ? n : to - from;
    int i0 = byRows ? from : 0;
    int j0 = byRows ? 0 : from;
    int a0 = aOff + i0 * aStrideI;
    int b0 = bOff + j0 * bStrideJ;
    int c0 = cOff + i0 * ldc + j0;
    if (kind == PACKED) {
      if (isDouble) {
        DoubleGemm.packed(rows, cols, k, da, a0, aStrideI, aStrideP, db, b0, bStrideP, bStrideJ, dc, c0, ldc, accumulate);
      } else {
        FloatGemm.packed(rows, cols, k, fa, a0, aStrideI, aStrideP, fb, b0, bStrideP, bStrideJ, fc, c0, ldc, accumulate);
      }
    } else {
      if (isDouble) {
        DoubleGemm.dot(rows, cols, k, da, a0, aStrideI, db, b0, bStrideJ, dc, c0, ldc, accumulate);
      } else {
        FloatGemm.dot(rows, cols, k, fa, a0, aStrideI, fb, b0, bStrideJ, fc, c0, ldc, accumulate);
      }
    }
  }

  /** Start of chunk {@code index} (end of the last for index = chunks): an even share, cut at the grain. */
  private int bound(int index, int span) {
    if (index >= chunks) {
      return span;
    }
    int at = (int) ((long) span * index / chunks);
    return at - at % grain;
  }

  /** A worker: waits for a new generation, takes part in it, and waits again. */
  private static final class Worker implements Runnable {
    private final GemmPool pool;
    Thread thread;
    volatile boolean sleeping;

    Worker(GemmPool pool) {
      this.pool = pool;
    }

    @Override
    public void run() {
      long seen = 0;
      while (true) {
        long start = System.nanoTime();
        long generation;
        while ((generation = pool.claim.get() >>> 32) == seen) {
          if (System.nanoTime() - start < SPIN_NANOS) {
            pool.pause();
          } else {
            sleeping = true;
            if ((pool.claim.get() >>> 32) == seen) {
              LockSupport.park(pool);
            }
            sleeping = false;
          }
        }
        seen = generation;
        pool.work(generation);
      }
    }
  }
}
