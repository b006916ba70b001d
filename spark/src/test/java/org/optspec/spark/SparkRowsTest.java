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

  @BeforeAll
  static void start() {
    SparkSupport.assumeSparkRuns();
    spark = SparkSessions.connect("local[2]", "SparkRowsTest");
    Dataset train = Digits64.load().train();
    double[] x = new double[train.x().length];
    for (int i = 0; i < x.length; i++) {
      x[i] = Math.round(train.x()[i] * 16);
    }
    raw = new Dataset(x, train.y().clone(), train.rows(), train.inputs(), train.outputs());
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  /** {@link #raw} as Spark rows of doubles in {@code partitions} partitions, in its order. */
  private static org.apache.spark.sql.Dataset<Row> frame(int partitions) {
    List<StructField> fields = new ArrayList<>();
    for (int c = 0; c <= raw.inputs(); c++) {
      fields.add(DataTypes.createStructField("c" + c, DataTypes.DoubleType, false));
    }
    List<Row> rows = new ArrayList<>();
    for (int r = 0; r < raw.rows(); r++) {
      Object[] values = new Object[raw.inputs() + 1];
      for (int c = 0; c < raw.inputs(); c++) {
        values[c] = raw.x()[r * raw.inputs() + c];
      }
      values[raw.inputs()] = raw.y()[r];
      rows.add(RowFactory.create(values));
    }
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    return spark.createDataFrame(sc.parallelize(rows, partitions), DataTypes.createStructType(fields));
  }

  @Test
  void standardizationIsFittedOnTheExecutorsToOneMachinesStatistics() {
    SparkTrainer.Result result = SparkTrainer.of(Digits64StdTrainer.class).partitions(2).fit(spark, frame(3), null);
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
  void shardsCutFromSevenPartitionsAreTheRowsOfAnOptSpecDataset() {
    // scale features 1/16 only: no statistics, so the shards' rows are the pipeline's exactly
    SparkTrainer.Result result = SparkTrainer.of(Digits64ShortTrainer.class).partitions(2).fit(spark, frame(7), null);
    assertEquals(135, result.trainer().stepCount());
    assertEquals(0.0, SparkTrainerTest.maxDifference(InProcessSync.train(Digits64ShortTrainer.class, raw, 2).parameters(),
        result.trainer().parameters()));
  }
}
