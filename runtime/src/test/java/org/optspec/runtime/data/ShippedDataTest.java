package org.optspec.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.optspec.runtime.Dataset;

/** The data files the samples ship load through the pipeline with the shapes their specs declare. */
class ShippedDataTest {
  private static final Path SAMPLES =
      Path.of(System.getProperty("user.dir")).resolve("../samples/src/main/resources/org/optspec/samples");

  @Test
  void digits() {
    Splits s = DataPipeline.csv("digits.csv").target(-1).inputs(64).classes(10).build().load(SAMPLES.resolve("digits"));
    Dataset d = s.train();
    assertEquals(1797, d.rows());
    assertEquals(64, d.inputs());
    int[] counts = new int[10];
    for (double label : d.y()) {
      counts[(int) label]++;
    }
    for (int c : counts) {
      assertTrue(c > 150, "every digit is present about 180 times");
    }
    for (double v : d.x()) {
      assertTrue(v >= 0 && v <= 16);
    }
  }

  @Test
  void digitsAsTheSpecSplitsThem() {
    Splits s = DataPipeline.csv("digits.csv").target(-1).inputs(64).classes(10).scaleInputs(1.0 / 16)
        .split(0.2, 7).build().load(SAMPLES.resolve("digits"));
    assertEquals(359, s.test().rows());
    assertEquals(1438, s.train().rows());
  }

  @Test
  void diabetes() {
    Dataset d = DataPipeline.csv("diabetes.csv").target(-1).inputs(10).targets(1).build()
        .load(SAMPLES.resolve("diabetes")).train();
    assertEquals(442, d.rows());
    assertEquals(10, d.inputs());
    assertEquals(59, d.x()[0]);    // age of the first patient
    assertEquals(151, d.y()[0]);   // and their progression
  }

  @Test
  void breastCancer() {
    Dataset d = DataPipeline.csv("breast_cancer.csv").inputs(30).classes(2).build()
        .load(SAMPLES.resolve("cancer")).train();
    assertEquals(569, d.rows());
    assertEquals(30, d.inputs());
    double malignant = 0;
    for (double y : d.y()) {
      malignant += y;
    }
    assertEquals(212, malignant);
  }
}
