package org.optspec.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.optspec.runtime.TrainingListener;
import org.optspec.runtime.data.Splits;

/**
 * A real Spark standalone cluster on this machine: a master and two one-core workers in their own JVMs, started from
 * the Maven class path and stopped after the tests. The synchronous strategy on it, with one executor's JVM killed
 * mid-training, ends exactly where the same partition sums end without Spark (and within the tolerance of one
 * machine); a cluster whose executors lack the trainer class, and a master that is not there, fail with a clear error.
 */
class StandaloneClusterTest {

  private static StandaloneCluster cluster;
  private static SparkSession spark;
  private static Splits data;

  @BeforeAll
  static void start() throws Exception {
    SparkSupport.assumeSparkRuns();
    data = Digits64.load();
    Path dir = Path.of(System.getProperty("optspec.spark.work", "target/spark-work"), "cluster-" + ProcessHandle.current().pid());
    cluster = StandaloneCluster.start(dir, 2);
    // the executors have Digits64ShortTrainer, not Digits64LongTrainer (which only this driver has)
    spark = session(cluster.executorClassPath(Digits64ShortTrainer.class.getName(), Digits64ShortModel.class.getName()));
    // both executors up before training, so that the shards are spread over the two workers
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (spark.sparkContext().getExecutorMemoryStatus().size() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  private static SparkSession session(String executorClassPath) {
    return SparkSession.builder().master(cluster.url()).appName("StandaloneClusterTest")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.executor.memory", "512m")
        .config("spark.executor.cores", "1")
        .config("spark.cores.max", "2")
        .config("spark.executor.extraClassPath", executorClassPath)
        .config("spark.task.maxFailures", "4")
        // a step's two tasks go to whichever executor is free: the cached shard is rebuilt if need be
        .config("spark.locality.wait", "0")
        .getOrCreate();
  }

  @Test
  void synchronousTrainingSurvivesALostExecutor() {
      AtomicLong killedPid = new AtomicLong();
      TrainingListener killAtStep40 = new TrainingListener() {
        @Override
        public void onStep(int epoch, long step, double loss, double lr) {
          if (step == 40) {
            List<ProcessHandle> executors = cluster.executors();
            assertEquals(2, executors.size(), "executors before the kill");
            ProcessHandle victim = executors.get(0);
            killedPid.set(victim.pid());
            // ended while the next steps' tasks run: the step in flight loses its task and its cached shard
            new Thread(() -> {
              try {
                Thread.sleep(30);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              victim.destroyForcibly();
            }).start();
          }
        }
      };
      SparkTrainer.Result result = SparkTrainer.of(Digits64ShortTrainer.class).partitions(2).listener(killAtStep40)
          .fit(spark, data.train(), null);
      assertTrue(killedPid.get() > 0);
      assertFalse(ProcessHandle.of(killedPid.get()).map(ProcessHandle::isAlive).orElse(false), "the executor ended");
      assertEquals(135, result.trainer().stepCount());
      double[] expected = InProcessSync.train(Digits64ShortTrainer.class, data.train(), 2).trainer().parameters();
      assertEquals(0.0, SparkTrainerTest.maxDifference(expected, result.trainer().parameters()));
      Digits64ShortTrainer single = new Digits64ShortTrainer();
      single.fit(data.train(), null, TrainingListener.NONE);
      double diff = SparkTrainerTest.maxDifference(single.parameters(), result.trainer().parameters());
      System.out.printf("sync on the standalone cluster (an executor killed at step 40) vs one machine: "
          + "max |diff| = %.3e%n", diff);
      assertTrue(diff <= SparkTrainerTest.SYNC_TOLERANCE);
  }

  @Test
  void executorsWithoutTheTrainerClassFailClearly() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> SparkTrainer.of(Digits64LongTrainer.class).partitions(2).fit(spark, data.train(), null));
    assertEquals("on an executor: the trainer class org.optspec.spark.Digits64LongTrainer is not on this JVM's class "
        + "path: ship its jar to the cluster (spark.jars, or --jars)", e.getMessage());
  }

  @Test
  void aMasterThatIsNotThereIsAnErrorWithinTheTimeout() throws Exception {
    String nobody = "spark://127.0.0.1:" + StandaloneCluster.freePort();
    long start = System.nanoTime();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> SparkSessions.connect(nobody, "nobody", Duration.ofSeconds(2)));
    assertTrue((System.nanoTime() - start) / 1e9 < 5, "bounded");
    assertTrue(e.getMessage().startsWith("cannot reach the Spark master " + nobody + " within 2 s"), e.getMessage());
  }
}
