package org.optspec.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.optspec.runtime.Dataset;
import org.optspec.runtime.Metrics;
import org.optspec.runtime.TrainingListener;
import org.optspec.runtime.data.Splits;

/** Both strategies in Spark's local mode, two partitions, against the same trainer trained on one machine. */
class SparkTrainerTest {

  /** What the synchronous strategy may differ from one machine by, per parameter (docs/SPARK.md, "Tolerances"). */
  static final double SYNC_TOLERANCE = 1e-12;

  private static SparkSession spark;
  private static Splits data;
  private static Digits64Trainer single;
  private static org.optspec.runtime.TrainingReport singleReport;
  /** The synchronous run on two partitions, shared by the tests that compare with it. */
  private static SparkTrainer.Result sync;

  @BeforeAll
  static void start(@TempDir Path dir) {
    SparkSupport.assumeSparkRuns();
    // docs/SPARK.md's example, as it stands there (docsExampleIsThisSetUp checks)
    SparkSession spark = SparkSessions.connect("local[2]", "digits");
    Splits data = Digits64Trainer.data().load(Digits64.DATA);
    SparkTrainer.Result result = SparkTrainer.of(Digits64Trainer.class)
        .strategy(Strategy.sync())
        .checkpoint(dir.resolve("digits64.safetensors"), 100)
        .fit(spark, data.train(), null);
    Metrics test = result.trainer().evaluate(data.test());
    SparkTrainerTest.spark = spark;
    SparkTrainerTest.data = data;
    SparkTrainerTest.sync = result;
    assertTrue(test.get("accuracy") > 0.85, test.toString());
    assertTrue(Files.isRegularFile(dir.resolve("digits64.safetensors")));
    single = new Digits64Trainer();
    singleReport = single.fit(data.train(), null, TrainingListener.NONE);
  }

  @Test
  void docsExampleIsThisSetUp() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "SPARK.md"));
    int start = doc.indexOf("```java fragment\n");
    assertTrue(start >= 0, "SPARK.md has its java fragment");
    String block = doc.substring(start + "```java fragment\n".length(), doc.indexOf("```", start + 3));
    String source = Files.readString(Path.of("src", "test", "java", "org", "optspec", "spark", "SparkTrainerTest.java"));
    for (String line : block.strip().split("\n")) {
      assertTrue(source.contains(line.strip()), "SparkTrainerTest's set-up lacks the docs' line: " + line);
    }
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  static double maxDifference(double[] a, double[] b) {
    assertEquals(a.length, b.length);
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }

  @Test
  void synchronousTrainingFollowsOneMachine() {
    assertEquals(single.stepCount(), sync.trainer().stepCount());
    assertEquals(450, sync.trainer().stepCount());
    assertEquals(single.epochsCompleted(), sync.trainer().epochsCompleted());
    double diff = maxDifference(single.parameters(), sync.trainer().parameters());
    System.out.printf("sync local[2] vs one machine: max |diff| = %.3e over %d parameters after %d steps%n", diff,
        single.parameterCount(), single.stepCount());
    assertTrue(diff <= SYNC_TOLERANCE, "max |diff| " + diff);
    // exactly the partition-order sums, as computed without Spark
    InProcessSync.Run inProcess = InProcessSync.train(Digits64Trainer.class, data.train(), 2);
    assertEquals(0.0, maxDifference(inProcess.trainer().parameters(), sync.trainer().parameters()));
    // and each epoch's training loss, the real mean over the rows (one machine's to rounding), bit for bit
    for (int e = 0; e < 10; e++) {
      double loss = inProcess.trainLoss()[e];
      assertTrue(Double.isFinite(loss) && loss > 0.01 && loss < 3, "epoch " + (e + 1) + " train loss " + loss);
      assertEquals(loss, sync.report().history().get(e).trainLoss(), 0.0, "epoch " + (e + 1));
      assertEquals(singleReport.history().get(e).trainLoss(), loss, 1e-12, "epoch " + (e + 1));
    }
    assertTrue(inProcess.trainLoss()[9] < inProcess.trainLoss()[0] / 2, "the loss fell: " + inProcess.trainLoss()[9]);
    // the same model: the same test accuracy, and far from where it started
    assertEquals(single.evaluate(data.test()).get("accuracy"), sync.trainer().evaluate(data.test()).get("accuracy"),
        1e-9);
    assertTrue(maxDifference(new Digits64Trainer().parameters(), sync.trainer().parameters()) > 0.01);
    assertEquals(10, sync.report().epochs());
    assertEquals(single.stepCount(), sync.timings().rounds());
  }

  @Test
  void replicasStepWithTheDriversRunTimeSettings() {
    // a batch lowered to 16: synchronous steps of 16 rows follow one machine with the same settings
    Digits64Trainer.Settings lowered = Digits64Trainer.Settings.defaults().withBatch(16).withEpochs(2);
    Digits64Trainer one = new Digits64Trainer(lowered);
    one.fit(data.train(), null, TrainingListener.NONE);
    SparkTrainer.Result result = SparkTrainer.of(new Digits64Trainer(lowered)).partitions(2).fit(spark, data.train(), null);
    assertEquals(2 * ((data.train().rows() + 15) / 16), result.trainer().stepCount());
    assertEquals(one.stepCount(), result.trainer().stepCount());
    assertTrue(maxDifference(one.parameters(), result.trainer().parameters()) <= SYNC_TOLERANCE);
    // averaging: the replicas take the steps, so they must have the driver's lr. At 1e-12 the parameters stay where
    // they started; replicas at the spec's 1e-3 would move them by about 1e-3 a step (adamw).
    Digits64Trainer.Settings still = Digits64Trainer.Settings.defaults().withLr(1e-12).withEpochs(1);
    SparkTrainer.Result averaged = SparkTrainer.of(new Digits64Trainer(still)).partitions(2).strategy(Strategy.average(4))
        .fit(spark, data.train(), null);
    assertTrue(averaged.trainer().stepCount() > 0);
    double moved = maxDifference(new Digits64Trainer(still).parameters(), averaged.trainer().parameters());
    assertTrue(moved < 1e-6, "the replicas stepped with lr 1e-12: max |change| " + moved);
  }

  @Test
  void parameterAveragingReachesOneMachinesAccuracy() {
    Digits64LongTrainer one = new Digits64LongTrainer();
    one.fit(data.train(), null, TrainingListener.NONE);
    double expected = one.evaluate(data.test()).get("accuracy");
    SparkTrainer.Result result = SparkTrainer.of(Digits64LongTrainer.class).partitions(2).strategy(Strategy.average(4))
        .fit(spark, data.train(), null);
    double accuracy = result.trainer().evaluate(data.test()).get("accuracy");
    System.out.printf("average:4 local[2]: test accuracy %.4f, one machine %.4f (%d rounds of 4 steps)%n", accuracy,
        expected, result.timings().rounds());
    assertTrue(Math.abs(accuracy - expected) <= 0.01, accuracy + " vs " + expected);
    // a replica's epoch is a pass over its half of the rows: half one machine's steps, in rounds of 4 (6 an epoch)
    assertEquals(40 * 23, result.trainer().stepCount());
    assertEquals(40 * 6, result.timings().rounds());
  }

  @Test
  void aCheckpointResumesToTheSameParameters(@TempDir Path dir) {
    Path checkpoint = dir.resolve("digits64.safetensors");
    // stopped at step 130 (mid-epoch 3), the checkpoint of step 100 taken
    TrainingListener stopAt130 = new TrainingListener() {
      @Override
      public void onStep(int epoch, long step, double loss, double lr) {
        if (step == 130) {
          throw new IllegalStateException("stopped");
        }
      }
    };
    assertThrows(IllegalStateException.class, () -> SparkTrainer.of(Digits64Trainer.class).partitions(2)
        .checkpoint(checkpoint, 50).listener(stopAt130).fit(spark, data.train(), null));
    Digits64Trainer saved = new Digits64Trainer();
    saved.load(checkpoint);
    assertEquals(100, saved.stepCount());
    SparkTrainer.Result resumed = SparkTrainer.of(Digits64Trainer.class).partitions(2).resumeFrom(checkpoint)
        .fit(spark, data.train(), null);
    assertEquals(sync.trainer().stepCount(), resumed.trainer().stepCount());
    assertEquals(0.0, maxDifference(sync.trainer().parameters(), resumed.trainer().parameters()));
  }

  @Test
  void rowsReadBySparkTrainAsTheSameRows(@TempDir Path dir) throws IOException {
    // the raw training rows (pixels 0..16, then the label) in a CSV file that Spark reads: the trainer scales them by
    // 1/16 itself, which the pipeline's rows already were (exactly: a power of two)
    Dataset train = data.train();
    List<String> lines = new ArrayList<>();
    for (int r = 0; r < train.rows(); r++) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < train.inputs(); c++) {
        line.append((int) Math.round(train.x()[r * train.inputs() + c] * 16)).append(',');
      }
      lines.add(line.append((int) train.y()[r]).toString());
    }
    Path csv = dir.resolve("train.csv");
    Files.write(csv, lines);
    org.apache.spark.sql.Dataset<Row> frame = spark.read().option("inferSchema", "true").csv(csv.toString());
    // the three-epoch digits64: the same partition sums as the pipeline's rows give without Spark
    SparkTrainer.Result fromRows = SparkTrainer.of(Digits64ShortTrainer.class).partitions(2).fit(spark, frame);
    assertEquals(135, fromRows.trainer().stepCount());
    assertEquals(0.0, maxDifference(InProcessSync.train(Digits64ShortTrainer.class, train, 2).trainer().parameters(),
        fromRows.trainer().parameters()));
  }

  @Test
  void strategiesParseAsTheCommandLineWritesThem() {
    assertEquals(Strategy.sync(), Strategy.parse("sync"));
    assertEquals(Strategy.average(8), Strategy.parse("average:8"));
    assertThrows(IllegalArgumentException.class, () -> Strategy.parse("average:0"));
    assertThrows(IllegalArgumentException.class, () -> Strategy.parse("async"));
  }
}
