package org.optspec.bench;

import java.lang.management.ManagementFactory;

/**
 * Bytes allocated per step by each workload's generated trainer, counted exactly for the stepping thread
 * ({@code com.sun.management.ThreadMXBean.getThreadAllocatedBytes}) over many steps after warm-up. JMH's
 * {@code gc.alloc.rate.norm} divides whatever its own harness allocates per iteration (a few KiB) by the
 * operations in that iteration, so slow operations show a few hundred bytes there; this count has no
 * harness in it. The pure-Java GEMM pool's worker threads ({@code -Doptspec.blas=java}, or strided products)
 * are counted too, on the same line.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.optspec.bench.AllocationCheck
 * </pre>
 */
public final class AllocationCheck {
  private AllocationCheck() {}

  public static void main(String[] args) {
    LinearRegressionBenchmark w1 = new LinearRegressionBenchmark();
    w1.setUp();
    report("W1 step", w1::step, 20_000, 2_000);
    DigitsMlpBenchmark w2 = new DigitsMlpBenchmark();
    w2.setUp();
    report("W2 epoch (57 steps)", w2::epoch, 300, 300);
    WideMlpBenchmark w3 = new WideMlpBenchmark();
    w3.setUp();
    report("W3 step", w3::step, 20, 40);
    FactorizationBenchmark w4 = new FactorizationBenchmark();
    w4.setUp();
    report("W4 epoch (391 steps)", w4::epoch, 30, 30);
    RnnBenchmark w5 = new RnnBenchmark();
    w5.setUp();
    report("W5 step", w5::step, 5_000, 2_000);
    DigitsStepBenchmark digits = new DigitsStepBenchmark();
    digits.setUp();
    report("digits sample step", digits::step, 20_000, 20_000);
  }

  /**
   * Three consecutive rounds of {@code measured} operations after warm-up, each printed: a per-operation
   * allocation shows in every round, a one-off charge of the JVM's own (compilation, deoptimization) in one.
   */
  private static void report(String name, Runnable op, int warmup, int measured) {
    for (int i = 0; i < warmup; i++) {
      op.run();
    }
    com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    long[] workers = gemmWorkers(bean);
    long[] rounds = new long[3];
    long workerBytes = 0;
    for (int r = 0; r < rounds.length; r++) {
      long[] workersBefore = bean.getThreadAllocatedBytes(workers);
      long before = bean.getThreadAllocatedBytes(id);
      for (int i = 0; i < measured; i++) {
        op.run();
      }
      rounds[r] = bean.getThreadAllocatedBytes(id) - before;
      long[] workersAfter = bean.getThreadAllocatedBytes(workers);
      for (int w = 0; w < workers.length; w++) {
        workerBytes += workersAfter[w] - workersBefore[w];
      }
    }
    long total = rounds[0] + rounds[1] + rounds[2];
    System.out.printf("%-22s %,d / %,d / %,d bytes in three rounds of %,d operations after %,d warm-up (%.3f B/op);"
            + " GEMM workers (%d): %,d bytes%n",
        name, rounds[0], rounds[1], rounds[2], measured, warmup, (double) total / (3.0 * measured), workers.length,
        workerBytes);
  }

  private static long[] gemmWorkers(com.sun.management.ThreadMXBean bean) {
    return java.util.Arrays.stream(bean.getThreadInfo(bean.getAllThreadIds()))
        .filter(t -> t != null && t.getThreadName().startsWith("optspec-gemm-"))
        .mapToLong(java.lang.management.ThreadInfo::getThreadId).toArray();
  }
}
