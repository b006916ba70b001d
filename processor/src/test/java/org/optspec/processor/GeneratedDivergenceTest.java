package org.optspec.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.optspec.runtime.Dataset;
import org.optspec.runtime.Objective;
import org.optspec.runtime.TrainingListener;
import org.optspec.runtime.progress.DivergenceException;

/**
 * The generated code's own divergence checks, without the command line: a trainer checks its parameters after every
 * epoch (before a listener may save them) and at the start of {@code save}, so no checkpoint holds a NaN or an
 * infinity; an objective's step stops at a NaN or infinite loss before its update, so {@code minimize} never runs on.
 */
class GeneratedDivergenceTest {

  /** One step per epoch whose loss and gradient are finite and whose update overflows (lr 1e307). */
  private static final String OVERFLOWING = "trainer Overflow {\n precision float64\n seed 1\n data {\n source csv(\"o.csv\")\n"
      + " features 2\n targets 1\n }\n model {\n dense(1)\n }\n loss mse\n optimizer sgd(lr: 1e307)\n batch 4\n epochs 3\n}\n";

  private static Dataset rows() {
    return new Dataset(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, new double[] {10, 20, 30, 40}, 4, 2, 1);
  }

  @Test
  void parametersThatOverflowStopFitBeforeTheEpochEndsAndSaveRefusesThem(@TempDir Path dir) {
    LoadedTrainer t = LoadedTrainer.of(SpecText.trainer(OVERFLOWING));
    List<Integer> ended = new ArrayList<>();
    DivergenceException e = assertThrows(DivergenceException.class, () -> t.trainer.fit(rows(), null, new TrainingListener() {
      @Override
      public void onEpochEnd(EpochSummary summary) {
        ended.add(summary.epoch());
      }
    }));
    assertTrue(e.getMessage().matches("step 1: parameter dense0\\.(weight|bias) after the update is (infinite|NaN)"),
        e.getMessage());
    assertEquals(List.of(), ended, "no listener saw the diverged epoch");
    assertEquals(0, t.trainer.epochsCompleted());
    Path file = dir.resolve("never.safetensors");
    DivergenceException atSave = assertThrows(DivergenceException.class, () -> t.trainer.save(file));
    assertTrue(atSave.getMessage().contains("after the update is"), atSave.getMessage());
    assertFalse(Files.exists(file), "nothing written");
  }

  @Test
  void finiteParametersAreSavedAsBefore(@TempDir Path dir) {
    LoadedTrainer t = LoadedTrainer.of(SpecText.trainer(OVERFLOWING.replace("lr: 1e307", "lr: 0.001")));
    t.trainer.fit(rows(), null, TrainingListener.NONE);
    t.trainer.save(dir.resolve("ok.safetensors"));
    assertTrue(Files.exists(dir.resolve("ok.safetensors")));
  }

  @Test
  void anObjectivesStepStopsAtANonFiniteLossBeforeItsUpdate() {
    // x <- x - 10 * 2x = -19x: |x| = 19^121 after 121 steps, whose square (10^309.5) overflows in step 122
    Objective o = LoadedObjectives.of("blowup.optspec", "objective Blowup {\n precision float64\n params {\n x = 1\n }\n"
        + " minimize x^2\n optimizer sgd(lr: 10)\n steps 1000\n}\n");
    DivergenceException e = assertThrows(DivergenceException.class, () -> o.minimize(TrainingListener.NONE));
    assertEquals("step " + e.step() + ": the loss is infinite", e.getMessage());
    assertEquals(e.step() - 1, o.stepCount(), "the failing step did not update");
    assertTrue(Double.isFinite(o.parameters()[0]), "the parameters keep the last values with a finite loss");
    assertEquals(122, e.step());
  }
}
