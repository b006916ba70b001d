package org.optspec.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.optspec.runtime.Dataset;
import org.optspec.runtime.TrainingListener;
import org.optspec.runtime.checkpoint.SafeTensors;

/**
 * Checkpoints carry the model state besides parameters: batchnorm's running statistics, factorize's mean and the
 * pruning masks. A run saved after epoch 2 and resumed equals an uninterrupted run bit for bit.
 */
class ModelStateCheckpointTest {

  private static void assertResumesBitIdentically(String spec, Dataset train, Dataset validation, Path dir, String... state)
      throws IOException {
    Class<?> type = LoadedTrainer.compile(SpecText.trainer(spec));
    Path checkpoint = dir.resolve("epoch2.safetensors");
    LoadedTrainer first = LoadedTrainer.of(type);
    first.trainer.fit(train, validation, new TrainingListener() {
      @Override
      public void onEpochEnd(EpochSummary summary) {
        if (summary.epoch() == 2) {
          first.trainer.save(checkpoint);
        }
      }
    });
    SafeTensors saved = SafeTensors.read(checkpoint);
    for (String name : state) {
      assertTrue(saved.tensors().containsKey(name), name + " in " + saved.tensors().keySet());
    }
    LoadedTrainer resumed = LoadedTrainer.of(type);
    resumed.trainer.load(checkpoint);
    resumed.trainer.fit(train, validation, TrainingListener.NONE);
    assertArrayEquals(first.trainer.parameters(), resumed.trainer.parameters());
    assertEquals(first.trainer.evaluate(validation).get("loss"), resumed.trainer.evaluate(validation).get("loss"), 0);
    Path a = dir.resolve("straight.safetensors");
    Path b = dir.resolve("resumed.safetensors");
    first.trainer.save(a);
    resumed.trainer.save(b);
    assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
  }

  @Test
  void batchnormStatisticsAndPruningMasksResume(@TempDir Path dir) throws IOException {
    String spec = "trainer S {\n precision float32\n seed 4\n data {\n source csv(\"s.csv\")\n features 6\n classes 3\n }\n"
        + " model {\n dense(12)\n batchnorm\n relu\n dropout(0.1)\n dense(3)\n }\n loss softmax_cross_entropy\n"
        + " optimizer adam(lr: 0.01)\n batch 8\n epochs 4\n"
        + " prune magnitude(final_sparsity: 0.6, from: 2 steps, to: 18 steps, every: 4 steps)\n}\n";
    Random random = new Random(5);
    assertResumesBitIdentically(spec, classes(random, 40), classes(random, 16), dir,
        "batchnorm0.running_mean", "batchnorm0.running_var", "pruning.mask");
  }

  @Test
  void factorizeMeanResumes(@TempDir Path dir) throws IOException {
    String spec = "trainer R {\n seed 4\n data {\n source csv(\"r.csv\")\n pairs(users: 7, items: 5)\n targets 1\n }\n"
        + " model {\n factorize(factors: 3, init: normal(0, 0.1), bias: true)\n }\n loss mse\n"
        + " optimizer sgd(lr: 0.05, momentum: 0.9)\n batch 4\n epochs 4\n}\n";
    Random random = new Random(6);
    assertResumesBitIdentically(spec, ratings(random, 30), ratings(random, 10), dir, "factorize0.mean");
  }

  private static Dataset classes(Random random, int rows) {
    double[] x = new double[rows * 6];
    double[] y = new double[rows];
    for (int r = 0; r < rows; r++) {
      y[r] = r % 3;
      for (int j = 0; j < 6; j++) {
        x[r * 6 + j] = random.nextGaussian() + (j % 3 == r % 3 ? 1 : 0);
      }
    }
    return new Dataset(x, y, rows, 6, 1);
  }

  private static Dataset ratings(Random random, int rows) {
    double[] x = new double[rows * 2];
    double[] y = new double[rows];
    for (int r = 0; r < rows; r++) {
      x[2 * r] = random.nextInt(7);
      x[2 * r + 1] = random.nextInt(5);
      y[r] = 3 + random.nextGaussian();
    }
    return new Dataset(x, y, rows, 2, 1);
  }
}
