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
import org.optspec.runtime.TrainingReport;

/**
 * {@code stop when validation_loss stalls}: the best epoch, its loss and its copies of the parameters and of the
 * evaluation state (batchnorm's running statistics) are in the checkpoint, with the plateau schedule's state, so a run
 * saved after any epoch and resumed in a fresh trainer stops after the same epoch, restores the same best epoch and
 * ends bit for bit where the uninterrupted run ends; resumed from the checkpoint of the epoch it stopped after, it
 * stays stopped.
 */
class EarlyStoppingResumeTest {

  private static String spec(String precision, String model, String schedule) {
    return "trainer Stopping {\n precision " + precision + "\n seed 4\n data {\n source csv(\"s.csv\")\n features 3\n"
        + " targets 1\n split(test: 0.2, validation: 0.2, seed: 1)\n }\n model {\n " + model + "\n }\n loss mse\n"
        + " optimizer sgd(lr: 0.003, momentum: 0.5)\n" + schedule + " batch 8\n epochs 40\n"
        + " stop when validation_loss stalls for 3 epochs\n}\n";
  }

  /** Validation targets follow another rule than the training targets: validation improves, then worsens. */
  private static Dataset rows(int rows, long seed, double[] w) {
    Random random = new Random(seed);
    double[] x = new double[rows * 3];
    double[] y = new double[rows];
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < 3; j++) {
        x[r * 3 + j] = random.nextGaussian();
        y[r] += w[j] * x[r * 3 + j];
      }
      y[r] += 0.1 * random.nextGaussian();
    }
    return new Dataset(x, y, rows, 3, 1);
  }

  @Test
  void float64ResumedAfterAnyEpochStopsAndRestoresAsTheUninterruptedRun(@TempDir Path dir) throws IOException {
    resumeAfterEveryEpoch(spec("float64", "dense(1)", ""), dir);
  }

  @Test
  void float32WithBatchnormAndPlateauResumedAfterAnyEpochStopsAndRestoresAsTheUninterruptedRun(@TempDir Path dir)
      throws IOException {
    resumeAfterEveryEpoch(spec("float32", "dense(6)\n batchnorm\n tanh\n dense(1)",
        " schedule plateau(factor: 0.5, patience: 1)\n"), dir);
  }

  private static void resumeAfterEveryEpoch(String text, Path dir) throws IOException {
    Class<?> type = LoadedTrainer.compile(SpecText.trainer(text));
    Dataset train = rows(48, 1, new double[] {1.5, -2, 0.5});
    Dataset validation = rows(24, 2, new double[] {0.6, -0.8, 0.2});

    LoadedTrainer straight = LoadedTrainer.of(type);
    TrainingReport expected = straight.trainer.fit(train, validation, new TrainingListener() {
      @Override
      public void onEpochEnd(EpochSummary summary) {
        straight.trainer.save(dir.resolve("epoch" + summary.epoch() + ".safetensors"));
      }
    });
    int stoppedAfter = expected.history().get(expected.history().size() - 1).epoch();
    assertTrue(stoppedAfter < 40 && expected.restoredEpoch() > 1, "the spec stops early, after a best epoch past the first: "
        + expected.stoppedBecause());
    Path last = dir.resolve("straight.safetensors");
    straight.trainer.save(last);

    for (int k = 1; k <= stoppedAfter; k++) {
      LoadedTrainer resumed = LoadedTrainer.of(type);
      resumed.trainer.load(dir.resolve("epoch" + k + ".safetensors"));
      TrainingReport rest = resumed.trainer.fit(train, validation, TrainingListener.NONE);
      assertEquals(expected.restoredEpoch(), rest.restoredEpoch(), "resumed after epoch " + k);
      assertEquals(expected.stoppedBecause(), rest.stoppedBecause(), "resumed after epoch " + k);
      assertEquals(stoppedAfter, resumed.trainer.epochsCompleted(), "resumed after epoch " + k);
      double[] want = straight.trainer.parameters();
      double[] got = resumed.trainer.parameters();
      for (int i = 0; i < want.length; i++) {
        assertEquals(Double.doubleToRawLongBits(want[i]), Double.doubleToRawLongBits(got[i]),
            "parameter " + i + ", resumed after epoch " + k);
      }
      Path mine = dir.resolve("resumed" + k + ".safetensors");
      resumed.trainer.save(mine);
      assertArrayEquals(Files.readAllBytes(last), Files.readAllBytes(mine),
          "the whole state (best epoch, plateau, optimizer, order, RNG), resumed after epoch " + k);
    }
  }
}
