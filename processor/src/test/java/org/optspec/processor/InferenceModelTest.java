package org.optspec.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.optspec.runtime.Dataset;
import org.optspec.runtime.Metrics;
import org.optspec.runtime.Model;
import org.optspec.runtime.Trainer;
import org.optspec.runtime.TrainingListener;
import org.optspec.runtime.checkpoint.CheckpointException;

/**
 * The inference model generated beside each trainer: raw rows in, the spec's preprocessing applied, predictions in the
 * targets' own units out; the same as the trainer's predict and evaluate; loadable from a checkpoint without the
 * optimizer; allocation-free; one copy per thread.
 */
class InferenceModelTest {

  private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

  /** Regression with both standardizations, on features of very different scales and a target far from 0. */
  private static final String REGRESSION = """
      trainer Houses {
        precision float64
        seed 3
        data {
          source csv("houses.csv", target: last)
          features 3
          targets 1
          scale features 0.5
          standardize features
          standardize targets
          split(test: 0.2, validation: 0.1, seed: 4)
        }
        model {
          dense(16)
          tanh
          dense(1)
        }
        loss mse
        optimizer adam(lr: 0.01)
        batch 16
        epochs 40
      }
      """;

  /** A float32 classifier with batchnorm and dropout, whose evaluation forms the model must use. */
  private static final String CLASSIFIER = """
      trainer Flowers {
        precision float32
        seed 5
        data {
          source csv("flowers.csv", target: last)
          features 4
          classes 3
          standardize features
        }
        model {
          dense(12)
          batchnorm
          relu
          dropout(0.3)
          dense(3)
        }
        loss softmax_cross_entropy
        optimizer adam(lr: 0.02)
        batch 10
        epochs 30
      }
      """;

  /** Rows x = (size in m², rooms, age in years), y = price in thousands: raw units, as a CSV would hold them. */
  private static double[][] houses(Random random, int rows, double[] y) {
    double[][] x = new double[rows][];
    for (int r = 0; r < rows; r++) {
      double size = 40 + 160 * random.nextDouble();
      double rooms = 1 + random.nextInt(6);
      double age = 80 * random.nextDouble();
      x[r] = new double[] {size, rooms, age};
      y[r] = 300 + 2.5 * size + 20 * rooms - 1.5 * age + 10 * random.nextGaussian();
    }
    return x;
  }

  /** Three classes of 4 features around far-apart centres, in raw units (tens and hundreds). */
  private static float[][] flowers(Random random, int rows, int[] labels) {
    float[][] x = new float[rows][];
    for (int r = 0; r < rows; r++) {
      int c = r % 3;
      labels[r] = c;
      x[r] = new float[] {(float) (50 + 30 * c + 5 * random.nextGaussian()), (float) (3 - c + 0.3 * random.nextGaussian()),
          (float) (200 - 50 * c + 10 * random.nextGaussian()), (float) (0.1 * c + 0.02 * random.nextGaussian())};
    }
    return x;
  }

  @Test
  void rawRowsGiveTheTrainersPredictionsInTheTargetsUnits(@TempDir Path dir) throws Exception {
    LoadedTrainer loaded = LoadedTrainer.of(SpecText.trainer(REGRESSION));
    Trainer trainer = loaded.trainer;
    Random random = new Random(1);
    double[] y = new double[200];
    double[][] x = houses(random, 200, y);
    double[] vy = new double[40];
    double[][] vx = houses(random, 40, vy);
    trainer.fit(Dataset.of(x, y), Dataset.of(vx, vy), TrainingListener.NONE);

    Model model = trainer.model();
    double[] viaModel = new double[vx.length];
    double[] row = new double[1];
    for (int r = 0; r < vx.length; r++) {
      model.predict(vx[r], row);
      viaModel[r] = row[0];
    }
    double[] viaTrainer = new double[vx.length];
    trainer.predict(Dataset.features(vx), viaTrainer);
    assertArrayEquals(viaTrainer, viaModel, 0, "the model and the trainer's predict agree bit for bit");
    // predictions are prices in thousands, not standardized values
    double mse = 0;
    for (int r = 0; r < vx.length; r++) {
      mse += (viaModel[r] - vy[r]) * (viaModel[r] - vy[r]);
    }
    mse /= vx.length;
    assertTrue(Math.sqrt(mse) < 60, "rmse in thousands " + Math.sqrt(mse));
    Metrics m = trainer.evaluate(Dataset.of(vx, vy));
    assertEquals(mse, m.get("mse"), 1e-9 * mse, "evaluate's mse is in the targets' units, on what the model predicts");

    // the checkpoint holds the statistics; the model loads from it without the optimizer state
    Path checkpoint = dir.resolve("houses.safetensors");
    trainer.save(checkpoint);
    Model loadedModel = loadModel(loaded, checkpoint);
    double[] flat = new double[vx.length * 3];
    for (int r = 0; r < vx.length; r++) {
      System.arraycopy(vx[r], 0, flat, 3 * r, 3);
    }
    double[] fromCheckpoint = new double[vx.length];
    loadedModel.predict(flat, vx.length, fromCheckpoint);
    assertArrayEquals(viaModel, fromCheckpoint, 0);
    double[][] rows = new double[vx.length][1];
    loadedModel.copy().predict(vx, rows);
    for (int r = 0; r < vx.length; r++) {
      assertEquals(viaModel[r], rows[r][0], 0);
    }
  }

  @Test
  void theModelIsACopyThatTrainingOnLeavesAlone() {
    Trainer trainer = LoadedTrainer.of(SpecText.trainer(REGRESSION)).trainer;
    Random random = new Random(2);
    double[] y = new double[64];
    double[][] x = houses(random, 64, y);
    trainer.fit(Dataset.of(x, y), null, TrainingListener.NONE);
    Model model = trainer.model();
    double[] before = new double[1];
    model.predict(x[0], before);
    trainer.step(trainer.preprocessing().prepare(Dataset.of(x, y)), new int[] {0, 1, 2, 3}, 0, 4);
    double[] after = new double[1];
    model.predict(x[0], after);
    assertEquals(before[0], after[0], 0);
  }

  @Test
  void aClassifierUsesBatchnormsRunningStatisticsAndNoDropout(@TempDir Path dir) throws Exception {
    LoadedTrainer loaded = LoadedTrainer.of(SpecText.trainer(CLASSIFIER));
    Trainer trainer = loaded.trainer;
    Random random = new Random(3);
    int[] labels = new int[150];
    float[][] x = flowers(random, 150, labels);
    trainer.fit(Dataset.of(x, labels), null, TrainingListener.NONE);
    Model model = trainer.model();
    assertTrue(model.isClassifier());
    double[] viaTrainer = new double[150 * 3];
    trainer.predict(Dataset.features(x), viaTrainer);
    float[] out = new float[3];
    int correct = 0;
    for (int r = 0; r < x.length; r++) {
      model.predict(x[r], out);
      for (int c = 0; c < 3; c++) {
        assertEquals(viaTrainer[3 * r + c], out[c], 1e-6, "row " + r);
      }
      int classified = (int) loaded.type.getClassLoader().loadClass(loaded.type.getName().replace("Trainer", "Model"))
          .getMethod("classify", float[].class).invoke(model, (Object) x[r]);
      correct += classified == labels[r] ? 1 : 0;
    }
    assertTrue(correct >= 145, correct + " of 150 raw rows classified right");
    assertEquals(correct / 150.0, trainer.evaluate(Dataset.of(x, labels)).get("accuracy"), 1e-12);

    Path checkpoint = dir.resolve("flowers.safetensors");
    trainer.save(checkpoint);
    Model again = loadModel(loaded, checkpoint);
    float[] out2 = new float[3];
    model.predict(x[7], out);
    again.predict(x[7], out2);
    assertArrayEquals(out, out2, 0, "batchnorm's running statistics come from the checkpoint");
  }

  @Test
  void predictingAllocatesNothing() {
    Trainer trainer = LoadedTrainer.of(SpecText.trainer(CLASSIFIER)).trainer;
    Random random = new Random(4);
    int[] labels = new int[60];
    float[][] x = flowers(random, 60, labels);
    trainer.fit(Dataset.of(x, labels), null, TrainingListener.NONE);
    Model model = trainer.model();
    float[][] out = new float[60][3];
    float[] one = new float[3];
    for (int i = 0; i < 20_000; i++) {
      model.predict(x, out);
      model.predict(x[i % 60], one);
    }
    long thread = Thread.currentThread().getId();
    long before = THREADS.getThreadAllocatedBytes(thread);
    int calls = 3_000;
    for (int i = 0; i < calls; i++) {
      model.predict(x, out);
      model.predict(x[i % 60], one);
    }
    long bytes = THREADS.getThreadAllocatedBytes(thread) - before;
    // below one byte per call: any allocation costs at least 16 bytes every time (see AllocationFreeStepTest)
    assertTrue(bytes < calls, bytes + " bytes in " + calls + " rounds of predictions");
  }

  @Test
  void copiesPredictOnTwoThreadsAtOnce() throws Exception {
    Trainer trainer = LoadedTrainer.of(SpecText.trainer(REGRESSION)).trainer;
    Random random = new Random(5);
    double[] y = new double[100];
    double[][] x = houses(random, 100, y);
    trainer.fit(Dataset.of(x, y), null, TrainingListener.NONE);
    Model model = trainer.model();
    double[][] expected = new double[100][1];
    model.predict(x, expected);
    double[][][] got = new double[2][100][1];
    boolean[] same = new boolean[2];
    Thread[] threads = new Thread[2];
    for (int t = 0; t < 2; t++) {
      Model mine = model.copy();
      int k = t;
      threads[t] = new Thread(() -> {
        boolean ok = true;
        for (int round = 0; round < 200; round++) {
          mine.predict(x, got[k]);
          for (int r = 0; r < 100; r++) {
            ok &= got[k][r][0] == expected[r][0];
          }
        }
        same[k] = ok;
      });
      threads[t].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    assertTrue(same[0] && same[1]);
  }

  @Test
  void anUnfittedTrainerHasNoModelAndACheckpointWithoutStatisticsNoneEither(@TempDir Path dir) throws Exception {
    LoadedTrainer loaded = LoadedTrainer.of(SpecText.trainer(REGRESSION));
    IllegalStateException e = assertThrows(IllegalStateException.class, loaded.trainer::model);
    assertTrue(e.getMessage().contains("not fitted yet"), e.getMessage());
    Path checkpoint = dir.resolve("fresh.safetensors");
    loaded.trainer.save(checkpoint);
    CheckpointException c = assertThrows(CheckpointException.class, () -> loadModel(loaded, checkpoint));
    assertTrue(c.getMessage().contains("preprocess.features.mean"), c.getMessage());
    assertFalse(loaded.trainer.preprocessing().isFitted());
  }

  /** {@code <Name>Model.load(checkpoint)}, unwrapping the reflective call's exception. */
  private static Model loadModel(LoadedTrainer loaded, Path checkpoint) throws Exception {
    Class<?> modelClass = loaded.type.getClassLoader().loadClass(loaded.type.getName().replace("Trainer", "Model"));
    try {
      return (Model) modelClass.getMethod("load", Path.class).invoke(null, checkpoint);
    } catch (InvocationTargetException e) {
      throw (Exception) e.getCause();
    }
  }
}
