package org.optspec.runtime.kernels;

/**
 * Work split into a fixed number of chunks, run on the calling thread and the pure-Java GEMM kernels'
 * persistent worker threads ({@code GemmPool}: daemon threads created once, chunks claimed from an atomic
 * counter, {@code -Doptspec.threads=N}, 1 = all on the caller). Generated trainers use it for passes that
 * pay for a second core, such as the fused linear-regression pass on large batches.
 *
 * <p>Every chunk runs exactly once, on some thread, before {@link #run} returns, and its writes are then
 * visible to the caller. Which thread runs which chunk, and in which order, is not fixed: a task whose
 * chunks write disjoint places (for instance each its own partial sums, combined by the caller in chunk
 * order afterwards) gives the same result to the bit whatever the number of threads. With one thread, or
 * when the pool is already running a job for another thread, the chunks run on the caller in ascending
 * order. Nothing is allocated per call.
 */
public final class Parallel {
  private Parallel() {}

  /** One job's work, cut into chunks {@code 0 .. chunks - 1}. */
  @FunctionalInterface
  public interface RangeTask {
    /** Does chunk {@code chunk}; may run on any of the pool's threads, at the same time as other chunks. */
    void run(int chunk);
  }

  /** Most chunks one job may have. */
  public static final int MAX_CHUNKS = GemmPool.MAX_CHUNKS;

  /**
   * Runs chunks {@code 0 .. chunks - 1} of {@code task} on the shared pool and returns when all are done;
   * an exception thrown by a chunk is rethrown here (after the other chunks finished).
   */
  public static void run(RangeTask task, int chunks) {
    GemmPool.shared().run(task, chunks);
  }

  /** The threads a job may use, the caller included ({@code optspec.threads}, by default the processors, at most 8). */
  public static int threads() {
    return GemmPool.shared().threads;
  }
}
