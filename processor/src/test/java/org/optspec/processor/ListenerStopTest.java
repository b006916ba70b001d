package org.optspec.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.optspec.runtime.Dataset;
import org.optspec.runtime.StopReason;
import org.optspec.runtime.TrainingListener;
import org.optspec.runtime.TrainingReport;
import org.optspec.runtime.callbacks.Checkpoint;
import org.optspec.runtime.callbacks.CsvLog;
import org.optspec.runtime.callbacks.EarlyStopping;
import org.optspec.runtime.callbacks.EpochMetric;
import org.optspec.runtime.callbacks.Mode;

/**
 * The runtime's callbacks on generated trainers: a listener's stop request ends {@code fit} cleanly with its reason,
 * the {@code EarlyStopping} callback stops at the epoch the spec's own {@code stop when} rule does, and the report says
 * which of them stopped the run.
 */
class ListenerStopTest {
  @TempDir Path dir;

  private static String spec(String stop) {
    return "trainer F {\n precision float64\n seed 2\n data {\n source csv(\"f.csv\")\n features 1\n targets 1\n split(test: 0.2, validation: 0.2, seed: 1)\n }\n"
        + " model {\n dense(1, init: zeros, bias_init: zeros)\n }\n loss mse\n optimizer sgd(lr: 0.05)\n batch 4\n epochs 50\n"
        + stop + "}\n";
  }

  // Training targets y = 2x, validation targets y = -2x: epoch 1 has the best validation loss, then it only grows.
  private static final int ROWS = 16;

  private static Dataset train() {
    double[] x = new double[ROWS];
    double[] y = new double[ROWS];
    for (int i = 0; i < ROWS; i++) {
      x[i] = (i - 7.5) / 4;
      y[i] = 2 * x[i];
    }
    return new Dataset(x, y, ROWS, 1, 1);
  }

  private static Dataset validation() {
    Dataset t = train();
    double[] vy = t.y().clone();
    for (int i = 0; i < ROWS; i++) {
      vy[i] = -vy[i];
    }
    return new Dataset(t.x().clone(), vy, ROWS, 1, 1);
  }

  @Test
  void aListenerStopRequestEndsFitAfterThatEpochWithItsReason() {
    LoadedTrainer t = LoadedTrainer.of(SpecText.trainer(spec("")));
    TrainingReport report = t.trainer.fit(train(), validation(),
        TrainingListener.all(TrainingListener.NONE, TrainingListener.stopWhen(s -> s.epoch() == 3, "three is enough")));
    assertEquals(3, report.epochs());
    assertEquals(3, report.history().size());
    assertEquals(3, t.trainer.epochsCompleted());
    assertEquals(3L * ROWS / 4, report.steps());
    assertEquals(StopReason.Kind.STOPPED_BY_LISTENER, report.stopReason().kind());
    assertEquals("three is enough", report.stopReason().detail());
    assertEquals("stopped by listener: \"three is enough\" after epoch 3", report.stoppedBecause());
    // the stop leaves a resumable state: fitting again goes on from epoch 4 and runs to the end
    TrainingReport rest = t.trainer.fit(train(), validation(), TrainingListener.NONE);
    assertEquals(47, rest.epochs());
    assertEquals(StopReason.COMPLETED, rest.stopReason());
    assertEquals("completed 50 epochs", rest.stoppedBecause());
  }

  @Test
  void withoutARequestEveryEpochRuns() {
    LoadedTrainer t = LoadedTrainer.of(SpecText.trainer(spec("")));
    TrainingReport report = t.trainer.fit(train(), validation(), TrainingListener.NONE);
    assertEquals(50, report.epochs());
    assertEquals(StopReason.COMPLETED, report.stopReason());
  }

  @Test
  void theEarlyStoppingCallbackStopsWhereTheSpecsOwnRuleDoes() {
    LoadedTrainer ruled = LoadedTrainer.of(SpecText.trainer(spec(" stop when validation_loss stalls for 3 epochs\n")));
    TrainingReport byRule = ruled.trainer.fit(train(), validation(), TrainingListener.NONE);
    assertEquals(4, byRule.epochs());
    assertEquals(StopReason.earlyStopped("validation_loss", "stalled for 3 epochs"), byRule.stopReason());

    LoadedTrainer plain = LoadedTrainer.of(SpecText.trainer(spec("")));
    EarlyStopping stopping = EarlyStopping.minimizing(EpochMetric.VALIDATION_LOSS, 3);
    TrainingReport byCallback = plain.trainer.fit(train(), validation(), stopping);
    assertEquals(4, byCallback.epochs());
    assertEquals(1, stopping.bestEpoch());
    assertEquals(StopReason.Kind.EARLY_STOPPED, byCallback.stopReason().kind());
    assertEquals("validation_loss", byCallback.stopReason().source());
    // the same epochs, the same losses: the callback saw what the rule saw
    for (int e = 0; e < 4; e++) {
      assertEquals(byRule.history().get(e).validationLoss(), byCallback.history().get(e).validationLoss(), 0);
    }
    // the rule restores its best epoch; the callback leaves the last epoch's parameters
    assertEquals(1, byRule.restoredEpoch());
    assertEquals(0, byCallback.restoredEpoch());
  }

  @Test
  void aListenerStopInASpecWithEarlyStoppingStillRestoresTheBestEpoch() {
    LoadedTrainer t = LoadedTrainer.of(SpecText.trainer(spec(" stop when validation_loss stalls for 10 epochs\n")));
    TrainingReport report = t.trainer.fit(train(), validation(), TrainingListener.stopWhen(s -> s.epoch() == 2, "two"));
    assertEquals(2, report.epochs());
    assertEquals(StopReason.requested("two"), report.stopReason());
    assertTrue(report.stoppedBecause().startsWith("stopped by listener: \"two\" after epoch 2; restored the best epoch 1"),
        report.stoppedBecause());
  }

  @Test
  void composedCallbacksOnAGeneratedTrainer() throws Exception {
    LoadedTrainer t = LoadedTrainer.of(SpecText.trainer(spec("")));
    Path log = dir.resolve("log.csv");
    Path best = dir.resolve("best.safetensors");
    Checkpoint onBest = Checkpoint.onBest(t.trainer, best, EpochMetric.VALIDATION_LOSS, Mode.MIN);
    EarlyStopping stopping = EarlyStopping.minimizing(EpochMetric.VALIDATION_LOSS, 2);
    TrainingReport report = t.trainer.fit(train(), validation(), TrainingListener.all(new CsvLog(log), onBest, stopping));
    assertEquals(3, report.epochs());
    assertEquals(1, onBest.savedEpoch());
    List<String> lines = Files.readAllLines(log);
    assertEquals(List.of("epoch,step,train_loss,validation_loss,lr,seconds"), lines.subList(0, 1));
    assertEquals(4, lines.size());
    for (int e = 0; e < 3; e++) {
      String[] cells = lines.get(e + 1).split(",");
      assertEquals(Integer.toString(e + 1), cells[0]);
      assertEquals(report.history().get(e).validationLoss(), Double.parseDouble(cells[3]), 0);
    }
    // the best checkpoint holds epoch 1's parameters
    LoadedTrainer reloaded = LoadedTrainer.of(SpecText.trainer(spec("")));
    reloaded.trainer.load(best);
    assertEquals(1, reloaded.trainer.epochsCompleted());
    assertEquals(report.history().get(0).validationLoss(), reloaded.trainer.evaluate(validation()).get("loss"), 1e-12);
  }
}
