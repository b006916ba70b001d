package org.optspec.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.optspec.runtime.Dataset;
import org.optspec.runtime.Preprocessing;
import org.optspec.runtime.TrainingListener;

/**
 * A Spark {@code Dataset<Row>} in several partitions, in local[2]: the rows stay on the executors, the preprocessing's
 * statistics are fitted there to one machine's (to rounding), and the shards cut from the Dataset's partitions are
 * the ones an OptSpec Dataset gives (the same partition sums, bit for bit).
 */
class SparkRowsTest {

  private static SparkSession spark;
  /** The digits' training rows as the CSV has them: pixels 0..16, then the label. */
  private static Dataset raw;
  /** The digits' test rows, the same way: validation rows for the standardizing trainer. */
  private static Dataset rawTest;

  @BeforeAll
  static void start() {
    SparkSupport.assumeSparkRuns();
    spark = SparkSessions.connect("local[2]", "SparkRowsTest");
    raw = unscaled(Digits64.load().train());
    rawTest = unscaled(Digits64.load().test());
  }

  /** The pipeline's rows (pixels scaled by 1/16) as the CSV has them. */
  static Dataset unscaled(Dataset rows) {
    double[] x = new double[rows.x().length];
    for (int i = 0; i < x.length; i++) {
      x[i] = Math.round(rows.x()[i] * 16);
    }
    return new Dataset(x, rows.y().clone(), rows.rows(), rows.inputs(), rows.outputs());
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  /** {@link #raw} as Spark rows of doubles in {@code partitions} partitions, in its order. */
  private static org.apache.spark.sql.Dataset<Row> frame(int partitions) {
    return frame(spark, raw, partitions);
  }

  /** {@code data}'s rows as Spark rows of doubles (its features, then its targets) in {@code partitions} partitions. */
  static org.apache.spark.sql.Dataset<Row> frame(SparkSession spark, Dataset data, int partitions) {
    int width = data.inputs() + data.outputs();
    List<StructField> fields = new ArrayList<>();
    for (int c = 0; c < width; c++) {
      fields.add(DataTypes.createStructField("c" + c, DataTypes.DoubleType, false));
    }
    List<Row> rows = new ArrayList<>();
    for (int r = 0; r < data.rows(); r++) {
      Object[] values = new Object[width];
      for (int c = 0; c < data.inputs(); c++) {
        values[c] = data.x()[r * data.inputs() + c];
      }
      for (int c = 0; c < data.outputs(); c++) {
        values[data.inputs() + c] = data.y()[r * data.outputs() + c];
      }
      rows.add(RowFactory.create(values));
    }
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    return spark.createDataFrame(sc.parallelize(rows, partitions), DataTypes.createStructType(fields));
  }

  @Test
  void standardizationIsFittedOnTheExecutorsToOneMachinesStatistics() {
    SparkTrainer.Result result = SparkTrainer.of(Digits64StdTrainer.class).partitions(2).fit(spark, frame(3));
    Preprocessing onSpark = result.trainer().preprocessing();
    Preprocessing local = new Digits64StdTrainer().preprocessing().fitTo(raw);
    assertTrue(onSpark.isFitted());
    double[][] expected = {local.featureMean(), local.featureStd()};
    double[][] actual = {onSpark.featureMean(), onSpark.featureStd()};
    double worst = 0;
    for (int s = 0; s < 2; s++) {
      for (int c = 0; c < expected[s].length; c++) {
        worst = Math.max(worst, Math.abs(expected[s][c] - actual[s][c]) / Math.max(1, Math.abs(expected[s][c])));
      }
    }
    System.out.printf("statistics from three partitions vs one machine: max relative |diff| = %.3e%n", worst);
    assertTrue(worst <= 1e-13, "max relative diff " + worst);
    // real statistics: the scaled pixels' means and deviations, not the recipe's defaults
    assertTrue(expected[0][20] > 0.1 && expected[1][20] > 0.1 && expected[1][0] == 1, expected[0][20] + " " + expected[1][20]);
    // and trained as one machine trains on the same raw rows
    Digits64StdTrainer one = new Digits64StdTrainer();
    one.fit(raw, null, TrainingListener.NONE);
    assertEquals(one.stepCount(), result.trainer().stepCount());
    double diff = SparkTrainerTest.maxDifference(one.parameters(), result.trainer().parameters());
    assertTrue(diff <= SparkTrainerTest.SYNC_TOLERANCE, "max |diff| " + diff);
  }

  @Test
  void validationRowsOnTheExecutorsAreStandardizedWithTheTrainingStatistics() {
    // the test rows as a Spark Dataset<Row> in three partitions, evaluated on the executors after the epoch, against
    // the same rows as an OptSpec Dataset evaluated on the driver: both with the statistics of the training rows
    SparkTrainer.Result onExecutors = SparkTrainer.of(Digits64StdTrainer.class).partitions(2)
        .fit(spark, frame(3), frame(spark, rawTest, 3));
    SparkTrainer.Result onDriver = SparkTrainer.of(Digits64StdTrainer.class).partitions(2)
        .fit(spark, frame(3), rawTest);
    double expected = onDriver.report().finalEpoch().validationLoss();
    double actual = onExecutors.report().finalEpoch().validationLoss();
    System.out.printf("validation loss, Dataset<Row> on the executors vs OptSpec Dataset on the driver: %.17g vs %.17g%n",
        actual, expected);
    assertTrue(expected > 0.05 && expected < 5, "a real loss: " + expected);
    assertEquals(expected, actual, 1e-12);
    assertEquals(onExecutors.trainer().evaluate(rawTest).get("loss"), actual, 1e-12);
    // statistics fitted on the validation rows themselves would give another loss
    Digits64StdTrainer ownStatistics = new Digits64StdTrainer();
    ownStatistics.usePreprocessing(ownStatistics.preprocessing().fitTo(rawTest));
    ownStatistics.setParameters(onExecutors.trainer().parameters());
    double other = ownStatistics.evaluate(rawTest).get("loss");
    assertTrue(Math.abs(other - actual) > 1e-6, "the validation rows' own statistics give " + other + ", not " + actual);
  }

  @Test
  void validationRowsNeedTheTrainingRowsColumns() {
    org.apache.spark.sql.Dataset<Row> narrow = frame(2).drop("c0");
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> SparkTrainer.of(Digits64StdTrainer.class).fit(spark, frame(2), narrow));
    assertEquals("the validation rows have 64 columns, the training rows 65", e.getMessage());
  }

  @Test
  void shardsCutFromSevenPartitionsAreTheRowsOfAnOptSpecDataset() {
    // scale features 1/16 only: no statistics, so the shards' rows are the pipeline's exactly
    SparkTrainer.Result result = SparkTrainer.of(Digits64ShortTrainer.class).partitions(2).fit(spark, frame(7));
    assertEquals(135, result.trainer().stepCount());
    assertEquals(0.0, SparkTrainerTest.maxDifference(InProcessSync.train(Digits64ShortTrainer.class, raw, 2).trainer().parameters(),
        result.trainer().parameters()));
  }
}
