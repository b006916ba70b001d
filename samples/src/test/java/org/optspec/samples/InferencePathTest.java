package org.optspec.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.optspec.runtime.Dataset;
import org.optspec.runtime.TrainingListener;
import org.optspec.runtime.data.Splits;
import org.optspec.samples.digits.Digits;
import org.optspec.samples.digits.DigitsClassifierModel;
import org.optspec.samples.digits.DigitsClassifierTrainer;

/**
 * The Java inference path of docs/RUNTIME_API.md and the README, run as written: raw rows in (pixel values 0..16, as
 * digits.csv holds them; the spec scales them by 1/16), the spec's preprocessing applied by the model.
 */
class InferencePathTest {

  private static final Path CSV = Path.of("src/main/resources/org/optspec/samples/digits/digits.csv");

  @Test
  void inMemoryRawRowsTrainAndClassifyWithoutTheUserScalingThem() {
    Dataset raw = DigitsClassifierTrainer.data().readRows(CSV);
    float[][] pixels = new float[raw.rows()][64];
    int[] labels = new int[raw.rows()];
    for (int r = 0; r < raw.rows(); r++) {
      for (int c = 0; c < 64; c++) {
        pixels[r][c] = (float) raw.x()[r * 64 + c];
      }
      labels[r] = (int) raw.y()[r];
    }
    // --- as in docs/RUNTIME_API.md
    var trainer = new DigitsClassifierTrainer();
    trainer.fit(Dataset.of(pixels, labels), null, TrainingListener.NONE);   // float[][] pixels, int[] labels
    DigitsClassifierModel model = trainer.model();     // parameters + fitted preprocessing, no optimizer state
    int digit = model.classify(pixels[0]);             // a raw row in, the most probable class out
    float[] probabilities = new float[10];
    model.predict(pixels[0], probabilities);          // (README) also predict(float[][] rows, float[][] out)
    // ---
    assertEquals(labels[0], digit);
    for (int c = 0; c < 10; c++) {
      assertTrue(probabilities[c] <= probabilities[digit], "classify is the arg-max of predict");
    }
    int[] classes = new int[pixels.length];
    model.classify(pixels, classes);
    int correct = 0;
    for (int r = 0; r < pixels.length; r++) {
      correct += classes[r] == labels[r] ? 1 : 0;
    }
    assertTrue(correct >= 0.97 * pixels.length, correct + " of " + pixels.length + " training rows");
    assertEquals((double) correct / pixels.length, trainer.evaluate(Dataset.of(pixels, labels)).get("accuracy"), 1e-12);
  }

  @Test
  void rawTestRowsGetWhatEvaluateSawOnThePipelinesPreprocessedTestSplit() {
    Splits data = DigitsClassifierTrainer.data().load(Digits.class);
    var trainer = new DigitsClassifierTrainer();
    trainer.fit(data.train(), null, TrainingListener.NONE);
    DigitsClassifierModel model = trainer.model();
    Dataset test = data.test();
    // the test split's raw pixels: undo the spec's scale 1/16 (exact: a power of two)
    double[][] raw = new double[test.rows()][64];
    for (int r = 0; r < test.rows(); r++) {
      for (int c = 0; c < 64; c++) {
        raw[r][c] = test.x()[r * 64 + c] * 16;
      }
    }
    double[] seen = new double[test.rows() * 10];
    trainer.predict(test, seen);
    // all rows at once go through the same products, BATCH rows at a time, as evaluate's: bit for bit the same
    double[][] all = new double[test.rows()][10];
    model.predict(raw, all);
    double[] out = new double[10];
    int correct = 0;
    for (int r = 0; r < test.rows(); r++) {
      for (int c = 0; c < 10; c++) {
        assertEquals(seen[r * 10 + c], all[r][c], 0, "row " + r + " class " + c);
      }
      // one row alone is a product of another shape (float32: rounded differently in the last bits)
      model.predict(raw[r], out);
      for (int c = 0; c < 10; c++) {
        assertEquals(seen[r * 10 + c], out[c], 1e-5, "row " + r + " class " + c);
      }
      correct += model.classify(raw[r]) == (int) test.y()[r] ? 1 : 0;
    }
    assertEquals(trainer.evaluate(test).get("accuracy"), (double) correct / test.rows(), 1e-12);
  }
}
