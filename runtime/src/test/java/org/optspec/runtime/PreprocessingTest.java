package org.optspec.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.optspec.runtime.checkpoint.CheckpointException;
import org.optspec.runtime.checkpoint.SafeTensors;
import org.optspec.runtime.data.DataPipeline;
import org.optspec.runtime.data.Splits;

/**
 * The spec's preprocessing as the model's: statistics from the training rows only, after the steps before them; the
 * same values for a raw row as the pipeline gave the training rows, bit for bit; targets back in their units; and the
 * checkpoint tensors of the contract.
 */
class PreprocessingTest {

  /** Rows of (a, b, target); b is constant, so its std is 1 and it is only centered. */
  private static final double[][] X = {{1, 5}, {2, 5}, {4, 5}, {8, 5}, {16, 5}, {3, 5}, {7, 5}, {11, 5}};
  private static final double[] Y = {10, 20, 30, 40, 50, 60, 70, 80};

  private static Preprocessing recipe() {
    return Preprocessing.recipe(2, 1).scaleFeatures(0.5).standardizeFeatures().standardizeTargets().build();
  }

  @Test
  void statisticsAreThoseOfTheTrainingRowsAfterTheStepsBeforeThem() {
    Preprocessing fitted = recipe().fitTo(Dataset.of(X, Y));
    assertTrue(fitted.isFitted());
    double[] scaled = new double[X.length];
    double mean = 0;
    for (int r = 0; r < X.length; r++) {
      scaled[r] = X[r][0] * 0.5;
      mean += scaled[r];
    }
    mean /= X.length;
    double squares = 0;
    for (double v : scaled) {
      squares += (v - mean) * (v - mean);
    }
    assertEquals(mean, fitted.featureMean()[0], 0);
    assertEquals(Math.sqrt(squares / X.length), fitted.featureStd()[0], 0);
    assertEquals(2.5, fitted.featureMean()[1], 0);
    assertEquals(1.0, fitted.featureStd()[1], 0, "a constant column is only centered");
    assertEquals(45.0, fitted.targetMean()[0], 0);
    assertEquals(Math.sqrt(525), fitted.targetStd()[0], 1e-12);
  }

  @Test
  void aRawRowGetsBitForBitTheValuesThePipelineGaveTheSameRow(@TempDir Path dir) throws IOException {
    StringBuilder csv = new StringBuilder();
    for (int r = 0; r < X.length; r++) {
      csv.append(X[r][0] / 3).append(',').append(X[r][1] * 1.1).append(',').append(Y[r]).append('\n');
    }
    Files.writeString(dir.resolve("d.csv"), csv);
    Splits splits = DataPipeline.csv("d.csv").targets(1).preprocess(recipe()).split(0.25, 0.25, 3).build().load(dir);
    Preprocessing fitted = splits.preprocessing();
    assertSame(fitted, splits.train().preprocessing());
    assertSame(fitted, splits.test().preprocessing());
    // the test rows of the pipeline are the raw rows through the fitted statistics
    Dataset test = splits.test();
    double[][] raw = rawRowsOf(test, fitted);
    double[] row = new double[2];
    for (int r = 0; r < test.rows(); r++) {
      fitted.features(raw[r], 0, row, 0);
      assertEquals(test.x()[2 * r], row[0], 0);
      assertEquals(test.x()[2 * r + 1], row[1], 0);
    }
    // a trainer seeing raw rows again (same statistics) takes them through prepare: the same values
    Dataset again = fitted.prepare(Dataset.of(raw, originalTargets(test, fitted)));
    assertArrayEquals(test.x(), again.x());
    assertArrayEquals(test.y(), again.y(), 1e-12);
    // rows already prepared are not transformed twice
    assertSame(test, fitted.prepare(test));
  }

  /** The raw feature rows of a preprocessed dataset, inverted exactly enough to be re-parsed as the CSV had them. */
  private static double[][] rawRowsOf(Dataset data, Preprocessing fitted) {
    double[][] raw = new double[data.rows()][2];
    for (int r = 0; r < data.rows(); r++) {
      for (int c = 0; c < 2; c++) {
        double v = data.x()[2 * r + c] * fitted.featureStd()[c] + fitted.featureMean()[c];
        raw[r][c] = v / 0.5;
      }
    }
    // the inversion is not exact in the last bit, so take the CSV's values: the pipeline's raw rows
    for (int r = 0; r < data.rows(); r++) {
      for (int i = 0; i < X.length; i++) {
        if (Math.abs(X[i][0] / 3 - raw[r][0]) < 1e-9) {
          raw[r][0] = X[i][0] / 3;
          raw[r][1] = X[i][1] * 1.1;
        }
      }
    }
    return raw;
  }

  private static double[] originalTargets(Dataset data, Preprocessing fitted) {
    return fitted.originalTargets(data);
  }

  @Test
  void predictionsGoBackToTheTargetsUnits() {
    Preprocessing fitted = recipe().fitTo(Dataset.of(X, Y));
    Dataset prepared = fitted.prepare(Dataset.of(X, Y));
    double[] back = prepared.y().clone();
    fitted.originalTargets(back, 0, Y.length);
    assertArrayEquals(Y, back, 1e-12);
    assertArrayEquals(Y, fitted.originalTargets(prepared), 1e-12);
    assertSame(Dataset.of(X, Y).y().getClass(), fitted.originalTargets(Dataset.of(X, Y)).getClass());
    Dataset raw = Dataset.of(X, Y);
    assertSame(raw.y(), fitted.originalTargets(raw), "raw rows keep their own targets");
  }

  @Test
  void anUnfittedRecipeRefusesToPredict() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> recipe().prepare(Dataset.features(X)));
    assertTrue(e.getMessage().contains("no statistics yet"), e.getMessage());
    // scaling alone needs no statistics
    Preprocessing scale = Preprocessing.recipe(2, 0).scaleFeatures(0.25).build();
    assertTrue(scale.isFitted());
    assertEquals(0.25, scale.prepare(Dataset.features(X)).x()[0], 0);
  }

  @Test
  void otherStatisticsThanTheModelsAreRefused() {
    Preprocessing a = recipe().fitTo(Dataset.of(X, Y));
    double[][] shifted = new double[X.length][];
    for (int r = 0; r < X.length; r++) {
      shifted[r] = new double[] {X[r][0] + 1, X[r][1]};
    }
    Preprocessing b = recipe().fitTo(Dataset.of(shifted, Y));
    Dataset preparedByB = b.prepare(Dataset.of(X, Y));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.prepare(preparedByB));
    assertTrue(e.getMessage().contains("other statistics"), e.getMessage());
    assertFalse(a.sameStatistics(b));
  }

  @Test
  void checkpointTensorsFollowTheContract(@TempDir Path dir) {
    Preprocessing fitted = recipe().fitTo(Dataset.of(X, Y));
    Path file = dir.resolve("p.safetensors");
    var writer = SafeTensors.writer();
    fitted.writeTo(writer);
    writer.write(file);
    SafeTensors read = SafeTensors.read(file);
    assertEquals(java.util.Set.of("preprocess.features.mean", "preprocess.features.std", "preprocess.targets.mean",
        "preprocess.targets.std"), read.tensors().keySet());
    Preprocessing back = recipe().readFrom(read, true);
    assertTrue(back.sameStatistics(fitted));
    assertArrayEquals(fitted.featureStd(), back.featureStd(), 0);
  }

  @Test
  void aCheckpointWithoutStatisticsOrWithABadStdIsRefused(@TempDir Path dir) {
    Path empty = dir.resolve("empty.safetensors");
    SafeTensors.writer().add("w", new double[] {1}, 0, 1, 1).write(empty);
    CheckpointException missing = assertThrows(CheckpointException.class, () -> recipe().readFrom(SafeTensors.read(empty), true));
    assertTrue(missing.getMessage().contains("preprocess.features.mean"), missing.getMessage());
    assertSame(recipe().getClass(), recipe().readFrom(SafeTensors.read(empty), false).getClass());
    assertFalse(recipe().readFrom(SafeTensors.read(empty), false).isFitted());

    Path zero = dir.resolve("zero.safetensors");
    SafeTensors.writer()
        .add("preprocess.features.mean", new double[] {0, 0}, 0, 2, 2)
        .add("preprocess.features.std", new double[] {1, 0}, 0, 2, 2)
        .add("preprocess.targets.mean", new double[] {0}, 0, 1, 1)
        .add("preprocess.targets.std", new double[] {1}, 0, 1, 1)
        .write(zero);
    CheckpointException bad = assertThrows(CheckpointException.class, () -> recipe().readFrom(SafeTensors.read(zero), true));
    assertTrue(bad.getMessage().contains("preprocess.features.std[1] is 0.0"), bad.getMessage());
  }

  @Test
  void standardizingTwiceIsRefused() {
    assertThrows(IllegalStateException.class, () -> Preprocessing.recipe(2, 0).standardizeFeatures().standardizeFeatures());
    assertThrows(IllegalStateException.class, () -> Preprocessing.recipe(2, 0).standardizeTargets());
    assertNull(Preprocessing.recipe(2, 0).scaleFeatures(2).build().featureMean());
  }
}
