package org.optspec.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.optspec.runtime.StopReason;
import org.optspec.runtime.TrainingListener;
import org.optspec.runtime.TrainingReport;
import org.optspec.runtime.data.Splits;

/**
 * The epoch's end on the Spark driver, in local[2]: the spec's stop rule with a plateau schedule ends the synchronous
 * run at one machine's epoch with one machine's best epoch restored; a listener's stop request ends it after that
 * epoch, with either strategy; the averaging replicas step at the rate the driver's plateau schedule set.
 */
class SparkEpochEndTest {

  private static SparkSession spark;
  private static Splits data;

  @BeforeAll
  static void start() {
    SparkSupport.assumeSparkRuns();
    spark = SparkSessions.connect("local[2]", "SparkEpochEndTest");
    data = Digits64StopTrainer.data().load(Digits64.DATA);
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  @Test
  void theStopRuleEndsAtOneMachinesEpochWithItsBestEpochRestored() {
    Digits64StopTrainer one = new Digits64StopTrainer();
    TrainingReport local = one.fit(data.train(), data.validation(), TrainingListener.NONE);
    assertEquals(StopReason.Kind.EARLY_STOPPED, local.stopReason().kind(), local.stoppedBecause());
    assertTrue(local.epochs() < 30, local.stoppedBecause());
    assertTrue(local.restoredEpoch() > 0 && local.restoredEpoch() < local.epochs(), local.stoppedBecause());
    // the plateau schedule halved the learning rate on the way (at epochs 5 and 9, the epochs after a worse one)
    List<TrainingListener.EpochSummary> history = local.history();
    assertTrue(history.get(history.size() - 1).lr() < 1e-2, "lr " + history.get(history.size() - 1).lr());

    SparkTrainer.Result result = SparkTrainer.of(Digits64StopTrainer.class).partitions(2)
        .fit(spark, data.train(), data.validation());
    TrainingReport onSpark = result.report();
    System.out.printf("stop rule on Spark: %s; one machine: %s%n", onSpark.stoppedBecause(), local.stoppedBecause());
    assertEquals(local.epochs(), onSpark.epochs());
    assertEquals(local.steps(), onSpark.steps());
    assertEquals(local.stopReason(), onSpark.stopReason());
    assertEquals(local.restoredEpoch(), onSpark.restoredEpoch());
    assertEquals(onSpark(local.stoppedBecause(), "sync, 2 partitions"), onSpark.stoppedBecause());
    for (int e = 0; e < history.size(); e++) {
      TrainingListener.EpochSummary a = history.get(e);
      TrainingListener.EpochSummary b = onSpark.history().get(e);
      assertEquals(a.lr(), b.lr(), 1e-15, "lr of epoch " + a.epoch());
      assertEquals(a.validationLoss(), b.validationLoss(), 1e-12, "validation loss of epoch " + a.epoch());
    }
    assertEquals(one.stepCount(), result.trainer().stepCount());
    assertEquals(one.epochsCompleted(), result.trainer().epochsCompleted());
    // the restored best epoch's parameters, not the last epoch's
    double diff = SparkTrainerTest.maxDifference(one.parameters(), result.trainer().parameters());
    System.out.printf("stop rule, sync local[2] vs one machine: max |diff| = %.3e%n", diff);
    assertTrue(diff <= SparkTrainerTest.SYNC_TOLERANCE, "max |diff| " + diff);
    assertEquals(one.evaluate(data.validation()).get("loss"), onSpark.finalEpoch().validationLoss(), 1e-12);
  }

  @Test
  void validationRowsAsASparkDatasetStopAsTheOptSpecDatasetDoes() {
    // the training rows as a Dataset<Row> both times; the validation rows once as an OptSpec Dataset (evaluated on
    // the driver), once as a Dataset<Row> in three partitions (evaluated on the executors); all of them raw, as the
    // CSV has them (the trainer scales them by 1/16, as the pipeline's rows were: exactly, a power of two)
    org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> train =
        SparkRowsTest.frame(spark, SparkRowsTest.unscaled(data.train()), 3);
    TrainingReport onDriver = SparkTrainer.of(Digits64StopTrainer.class).partitions(2)
        .fit(spark, train, data.validation()).report();
    SparkTrainer.Result result = SparkTrainer.of(Digits64StopTrainer.class).partitions(2)
        .fit(spark, train, SparkRowsTest.frame(spark, SparkRowsTest.unscaled(data.validation()), 3));
    TrainingReport onExecutors = result.report();
    System.out.printf("validation Dataset<Row>: %s; OptSpec Dataset: %s%n", onExecutors.stoppedBecause(),
        onDriver.stoppedBecause());
    assertEquals(StopReason.Kind.EARLY_STOPPED, onExecutors.stopReason().kind(), onExecutors.stoppedBecause());
    assertEquals(onDriver.epochs(), onExecutors.epochs());
    assertEquals(onDriver.steps(), onExecutors.steps());
    assertEquals(onDriver.stopReason(), onExecutors.stopReason());
    assertTrue(onExecutors.restoredEpoch() > 0 && onExecutors.restoredEpoch() < onExecutors.epochs());
    assertEquals(onDriver.restoredEpoch(), onExecutors.restoredEpoch());
    assertEquals(onDriver.stoppedBecause(), onExecutors.stoppedBecause());
    double worst = 0;
    for (int e = 0; e < onDriver.history().size(); e++) {
      TrainingListener.EpochSummary a = onDriver.history().get(e);
      TrainingListener.EpochSummary b = onExecutors.history().get(e);
      assertEquals(a.lr(), b.lr(), 1e-15, "lr of epoch " + a.epoch());
      assertTrue(a.validationLoss() > 0, "validation loss of epoch " + a.epoch() + ": " + a.validationLoss());
      assertEquals(a.validationLoss(), b.validationLoss(), 1e-12, "validation loss of epoch " + a.epoch());
      worst = Math.max(worst, Math.abs(a.validationLoss() - b.validationLoss()));
    }
    System.out.printf("validation losses, Dataset<Row> vs OptSpec Dataset: max |diff| = %.3e%n", worst);
    // the restored best epoch's parameters, as with the OptSpec Dataset
    Digits64StopTrainer one = new Digits64StopTrainer();
    one.fit(data.train(), data.validation(), TrainingListener.NONE);
    double diff = SparkTrainerTest.maxDifference(one.parameters(), result.trainer().parameters());
    assertTrue(diff <= SparkTrainerTest.SYNC_TOLERANCE, "max |diff| " + diff);
  }

  @Test
  void aListenersStopRequestEndsTheRunAfterThatEpoch() {
    Digits64StopTrainer one = new Digits64StopTrainer();
    TrainingReport local = one.fit(data.train(), data.validation(), afterTwo());
    assertEquals(2, local.epochs());
    for (Strategy strategy : List.of(Strategy.sync(), Strategy.average(4))) {
      TrainingReport report = SparkTrainer.of(Digits64StopTrainer.class).partitions(2).strategy(strategy)
          .listener(afterTwo()).fit(spark, data.train(), data.validation()).report();
      assertEquals(2, report.epochs(), strategy.toString());
      assertEquals(StopReason.requested("two epochs are enough"), report.stopReason());
      // the best epoch restored as one machine restores it (the stop rule's note): epoch 2's
      assertEquals(local.restoredEpoch(), report.restoredEpoch(), strategy.toString());
      assertEquals(onSpark(local.stoppedBecause(), strategy + ", 2 partitions")
          .replaceAll("validation_loss [0-9.e-]+", "validation_loss *"),
          report.stoppedBecause().replaceAll("validation_loss [0-9.e-]+", "validation_loss *"));
    }
  }

  @Test
  void anAveragingReplicaStepsAtTheRateThePlateauOnTheDriverReduced() {
    // the driver's plateau schedule (patience 0) halves the rate after a worse epoch
    Digits64StopTrainer driver = new Digits64StopTrainer();
    double full = driver.learningRate(0);
    driver.endEpoch(1, 1.0, 0.5, true);
    driver.endEpoch(2, 1.0, 0.9, true);
    assertEquals(full / 2, driver.learningRate(0), 1e-18);
    // a replica's step from the driver's parameters and state: with the driver's schedule state, half the update it
    // makes with a fresh trainer's (AdamW's first step, weight decay included, is linear in the rate)
    double[] before = driver.parameters();
    Trainers.Replica type = Trainers.Replica.of(driver);
    int rows = data.train().rows();
    double[] reduced = Shard.of(0, data.train(), 0, rows).localSteps(type,
        new double[][] {before, driver.optimizerState(), driver.scheduleState()}, 0, 1, 40, 42).values();
    double[] unreduced = Shard.of(0, data.train(), 0, rows).localSteps(type,
        new double[][] {before, driver.optimizerState(), new Digits64StopTrainer().scheduleState()}, 0, 1, 40, 42).values();
    double worst = 0;
    double largest = 0;
    for (int i = 0; i < before.length; i++) {
      worst = Math.max(worst, Math.abs((reduced[i] - before[i]) - 0.5 * (unreduced[i] - before[i])));
      largest = Math.max(largest, Math.abs(unreduced[i] - before[i]));
    }
    assertTrue(largest > 1e-3, "the step moved the parameters: " + largest);
    assertTrue(worst <= 1e-14, "reduced update vs half the full one: max |diff| " + worst);
  }

  private static TrainingListener afterTwo() {
    return TrainingListener.stopWhen(s -> s.epoch() == 2, "two epochs are enough");
  }

  /** One machine's words for a run with " on Spark (how)" before its notes, as the Spark driver says it. */
  private static String onSpark(String local, String how) {
    int semicolon = local.indexOf(';');
    return local.substring(0, semicolon) + " on Spark (" + how + ")" + local.substring(semicolon);
  }
}
