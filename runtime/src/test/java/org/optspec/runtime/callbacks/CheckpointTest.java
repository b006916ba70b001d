package org.optspec.runtime.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every N epochs, or on the best value only, resumable. */
class CheckpointTest {
  @TempDir Path dir;

  @Test
  void onBestWritesOnlyOnImprovement() throws IOException {
    SavingTrainer trainer = new SavingTrainer();
    Path file = dir.resolve("best.safetensors");
    Checkpoint best = Checkpoint.onBest(trainer, file, EpochMetric.VALIDATION_LOSS, Mode.MIN);
    // 3 (save), 2 (save), 2.5, 1 (save), 1 (not strictly lower), 4
    ScriptedFit.run(best, 3, 2, 2.5, 1, 1, 4);
    assertEquals(3, trainer.saves.size());
    assertEquals(4, best.savedEpoch());
    assertEquals(1.0, best.bestValue());
    assertEquals("save 3", Files.readString(file));
    assertEquals("validation_loss 1.0 4\n", Files.readString(dir.resolve("best.safetensors.best")));
  }

  @Test
  void onBestWithMinDeltaAndMaxMode() {
    SavingTrainer trainer = new SavingTrainer();
    EpochMetric accuracy = EpochMetric.of("accuracy", s -> 1 - s.validationLoss());
    Checkpoint best = Checkpoint.onBest(trainer, dir.resolve("b"), accuracy, Mode.MAX, 0.05);
    // accuracy 0.5 (save), 0.52 (not by more than 0.05), 0.6 (save), 0.9 (save)
    ScriptedFit.run(best, 0.5, 0.48, 0.4, 0.1);
    assertEquals(3, trainer.saves.size());
    assertEquals(4, best.savedEpoch());
  }

  @Test
  void aResumedRunDoesNotOverwriteABetterCheckpointOfItsEarlierPart() throws IOException {
    SavingTrainer trainer = new SavingTrainer();
    Path file = dir.resolve("best.safetensors");
    ScriptedFit.run(Checkpoint.onBest(trainer, file, EpochMetric.VALIDATION_LOSS, Mode.MIN), 3, 1, 2);
    assertEquals(2, trainer.saves.size());
    // resumed after epoch 3: 1.5 is worse than epoch 2's 1, 0.5 is better
    Checkpoint resumed = Checkpoint.onBest(trainer, file, EpochMetric.VALIDATION_LOSS, Mode.MIN);
    ScriptedFit.from(4, resumed, 1.5, 0.5);
    assertEquals(3, trainer.saves.size());
    assertEquals(5, resumed.savedEpoch());
    assertEquals("validation_loss 0.5 5\n", Files.readString(dir.resolve("best.safetensors.best")));
  }

  @Test
  void everyNEpochsWithTheEpochInTheName() {
    SavingTrainer trainer = new SavingTrainer();
    ScriptedFit.run(Checkpoint.every(trainer, dir.resolve("ckpt-{epoch}.safetensors"), 2), 1, 1, 1, 1, 1);
    assertEquals(List.of(dir.resolve("ckpt-2.safetensors"), dir.resolve("ckpt-4.safetensors")), trainer.saves);
    assertTrue(Files.isRegularFile(dir.resolve("ckpt-4.safetensors")));
    SavingTrainer one = new SavingTrainer();
    ScriptedFit.run(Checkpoint.every(one, dir.resolve("last.safetensors"), 1), 1, 1, 1);
    assertEquals(3, one.saves.size());
    assertThrows(IllegalArgumentException.class, () -> Checkpoint.every(one, dir.resolve("x"), 0));
  }

  @Test
  void onBestWithoutTheMetricSaysSo() {
    Checkpoint best = Checkpoint.onBest(new SavingTrainer(), dir.resolve("b"), EpochMetric.VALIDATION_LOSS, Mode.MIN);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> ScriptedFit.run(best, Double.NaN));
    assertTrue(e.getMessage().contains("no validation data"), e.getMessage());
  }
}
