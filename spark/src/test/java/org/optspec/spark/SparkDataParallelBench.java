package org.optspec.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.optspec.runtime.Dataset;
import org.optspec.runtime.Rng;

/**
 * bench/spark-data-parallel.sh: the W3-sized trainer (1.86 M parameters, batch 256) trained with the synchronous
 * strategy on a standalone cluster of 1 and then 2 one-core executors on this machine, and in process without Spark;
 * steps/s, the speed-up, and where the time goes ({@link SparkTrainer.Timings}). Not a test: the figures depend on
 * the machine and its load.
 */
public final class SparkDataParallelBench {
  private SparkDataParallelBench() {}

  public static void main(String[] args) throws Exception {
    int rows = 4096;
    Rng rng = new Rng(3);
    double[] x = new double[rows * 784];
    double[] y = new double[rows];
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextGaussian();
    }
    for (int i = 0; i < rows; i++) {
      y[i] = rng.nextInt(10);
    }
    Dataset train = new Dataset(x, y, rows, 784, 1);
    W3SparkTrainer alone = new W3SparkTrainer();
    long t0 = System.nanoTime();
    alone.fit(train, null, org.optspec.runtime.TrainingListener.NONE);
    double aloneSeconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf(Locale.ROOT, "in process, no Spark: %d steps in %.2f s = %.2f steps/s%n", alone.stepCount(),
        aloneSeconds, alone.stepCount() / aloneSeconds);
    double oneExecutor = 0;
    for (int executors = 1; executors <= 2; executors++) {
      Path dir = Files.createTempDirectory("optspec-spark-bench");
      try (StandaloneCluster cluster = StandaloneCluster.start(dir, executors)) {
        SparkSession spark = SparkSession.builder().master(cluster.url()).appName("bench")
            .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
            .config("spark.executor.memory", "1g").config("spark.executor.cores", "1")
            .config("spark.cores.max", Integer.toString(executors))
            .config("spark.executor.extraClassPath", System.getProperty("java.class.path"))
            .config("spark.driver.maxResultSize", "1g")
            .getOrCreate();
        try {
          while (spark.sparkContext().getExecutorMemoryStatus().size() < executors + 1) {
            Thread.sleep(200);
          }
          SparkTrainer.Result r = SparkTrainer.of(W3SparkTrainer.class).partitions(executors).fit(spark, train, null);
          SparkTrainer.Timings t = r.timings();
          double seconds = r.report().seconds();
          double rate = r.trainer().stepCount() / seconds;
          if (executors == 1) {
            oneExecutor = rate;
          }
          System.out.printf(Locale.ROOT, "%d executor(s) x 1 core: %d steps in %.2f s = %.2f steps/s (speed-up %.2fx over"
              + " 1 executor); per step: broadcast %.1f ms, job %.1f ms (of which compute %.1f ms per partition), driver"
              + " update %.1f ms; sync overhead per step %.1f ms; max |diff| to in-process %.2e%n", executors,
              r.trainer().stepCount(), seconds, rate, rate / oneExecutor, t.broadcast() * 1e3 / t.rounds(),
              t.jobs() * 1e3 / t.rounds(), t.compute() * 1e3 / t.rounds() / executors, t.update() * 1e3 / t.rounds(),
              t.overheadMillisPerRound(), SparkTrainerTest.maxDifference(alone.parameters(), r.trainer().parameters()));
        } finally {
          spark.stop();
        }
      }
    }
  }
}
