package org.optspec.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.optspec.runtime.Dataset;
import org.optspec.runtime.Rng;
import org.optspec.runtime.TrainingListener;
import org.optspec.runtime.TrainingReport;
import org.optspec.runtime.checkpoint.CheckpointException;
import org.optspec.runtime.progress.DivergenceException;

/** Generated {@code save}/{@code load}, resumed {@code fit}, and the per-step check for non-finite values. */
class CheckpointResumeTest {

  /** Digits-shaped rows: 64 inputs in [0, 1), labels 0..9. */
  static Dataset digitsLike(int rows, long seed) {
    Rng rng = new Rng(seed);
    double[] x = new double[rows * 64];
    double[] y = new double[rows];
    for (int r = 0; r < rows; r++) {
      y[r] = r % 10;
      for (int j = 0; j < 64; j++) {
        x[r * 64 + j] = rng.nextDouble() * (j % 10 == r % 10 ? 2 : 1);
      }
    }
    return new Dataset(x, y, rows, 64, 1);
  }

  @Test
  void kEpochsSavedLoadedAndFinishedEqualAnUninterruptedRunBitForBit(@TempDir Path dir) throws IOException {
    Dataset train = digitsLike(200, 1);
    Dataset validation = digitsLike(40, 2);
    LoadedTrainer first = LoadedTrainer.of(TestSpecs.digitsBuilder().epochs(2).build());
    first.trainer.fit(train, validation, TrainingListener.NONE);
    Path checkpoint = dir.resolve("epoch2.safetensors");
    first.trainer.save(checkpoint);

    Class<?> fourEpochs = LoadedTrainer.compile(TestSpecs.digitsBuilder().epochs(4).build());
    LoadedTrainer resumed = LoadedTrainer.of(fourEpochs);
    resumed.trainer.load(checkpoint);
    assertEquals(2, resumed.trainer.epochsCompleted());
    assertEquals(first.trainer.stepCount(), resumed.trainer.stepCount());
    TrainingReport rest = resumed.trainer.fit(train, validation, TrainingListener.NONE);
    assertEquals(2, rest.epochs());
    assertEquals(3, rest.history().get(0).epoch());

    LoadedTrainer straight = LoadedTrainer.of(fourEpochs);
    straight.trainer.fit(train, validation, TrainingListener.NONE);
    double[] expected = straight.trainer.parameters();
    double[] actual = resumed.trainer.parameters();
    for (int i = 0; i < expected.length; i++) {
      assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]), "parameter " + i);
    }
    Path a = dir.resolve("straight.safetensors");
    Path b = dir.resolve("resumed.safetensors");
    straight.trainer.save(a);
    resumed.trainer.save(b);
    assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), "optimizer slots, step, epoch, order and RNG state too");
  }

  @Test
  void aNonFiniteLossStopsTheStep() {
    LoadedTrainer t = LoadedTrainer.of(TestSpecs.diabetes());
    Dataset good = new Dataset(new double[10], new double[] {Double.POSITIVE_INFINITY}, 1, 10, 1);
    DivergenceException e = assertThrows(DivergenceException.class, () -> t.trainer.step(good, new int[] {0}, 0, 1));
    assertEquals("step 1: the loss is infinite", e.getMessage());
    assertEquals(0, t.trainer.stepCount());
  }

  @Test
  void aRefusedCheckpointChangesNothing(@TempDir Path dir) {
    LoadedTrainer diabetes = LoadedTrainer.of(TestSpecs.diabetes());
    Path other = dir.resolve("diabetes.safetensors");
    diabetes.trainer.save(other);
    LoadedTrainer digits = LoadedTrainer.of(TestSpecs.digits());
    double[] before = digits.trainer.parameters();
    CheckpointException e = assertThrows(CheckpointException.class, () -> digits.trainer.load(other));
    assertTrue(e.getMessage().contains("a checkpoint of spec DiabetesRegression") && e.getMessage().contains("not of spec DigitsClassifier"),
        e.getMessage());
    assertArrayEquals(before, digits.trainer.parameters());
    assertEquals(0, digits.trainer.stepCount());
  }

  @Test
  void aNonFiniteGradientStopsTheStepBeforeTheUpdateNamingTheGroup() {
    // diabetes starts from zero weights, so a huge input leaves the prediction (and the loss) finite while
    // its weight gradient, 2 (pred - y) / n · x, squares past the largest double
    LoadedTrainer t = LoadedTrainer.of(TestSpecs.diabetes());
    double[] x = new double[10];
    x[3] = 1e200;
    Dataset bad = new Dataset(x, new double[] {1.0}, 1, 10, 1);
    double[] before = t.trainer.parameters();
    DivergenceException e = assertThrows(DivergenceException.class, () -> t.trainer.step(bad, new int[] {0}, 0, 1));
    assertEquals("step 1: the gradient of parameter group 'default' (dense0.weight, dense0.bias) is infinite", e.getMessage());
    assertEquals(1, e.step());
    assertArrayEquals(before, t.trainer.parameters(), "no update after a non-finite gradient");
    assertEquals(0, t.trainer.stepCount());
  }

  @Test
  void aNaNInputStopsTheStepBeforeTheUpdate() {
    LoadedTrainer t = LoadedTrainer.of(TestSpecs.digits());
    Dataset good = digitsLike(32, 3);
    int[] order = new int[32];
    for (int i = 0; i < 32; i++) {
      order[i] = i;
    }
    t.trainer.step(good, order, 0, 32);
    double[] x = good.x().clone();
    x[5] = Double.NaN;
    Dataset bad = new Dataset(x, good.y(), 32, 64, 1);
    double[] before = t.trainer.parameters();
    DivergenceException e = assertThrows(DivergenceException.class, () -> t.trainer.step(bad, order, 0, 32));
    // relu propagates NaN as torch.relu does (Math.max), so the loss is already NaN
    assertEquals("step 2: the loss is NaN", e.getMessage());
    assertEquals(2, e.step());
    assertArrayEquals(before, t.trainer.parameters(), "no update after a non-finite loss");
    assertEquals(1, t.trainer.stepCount());
  }

}
