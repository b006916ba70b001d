package org.optspec.runtime.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.optspec.runtime.StopReason;

/** Keras/Lightning semantics on scripted metric sequences: improvement by more than min_delta, patience, mode. */
class EarlyStoppingTest {

  @Test
  void stopsWhenPatienceEpochsInARowDoNotImproveByMoreThanMinDelta() {
    EarlyStopping stop = new EarlyStopping(EpochMetric.VALIDATION_LOSS, Mode.MIN, 2, 0.01);
    // 1.0 (best), 0.9 (< 0.99: best), 0.895 (not < 0.89: 1), 0.89 (not < 0.89: 2 = patience) -> stop after epoch 4
    ScriptedFit fit = ScriptedFit.run(stop, 1.0, 0.9, 0.895, 0.89, 0.5, 0.4);
    assertEquals(4, fit.lastEpoch);
    assertEquals(StopReason.Kind.EARLY_STOPPED, fit.reason.kind());
    assertEquals("validation_loss", fit.reason.source());
    assertEquals(2, stop.bestEpoch());
    assertEquals(0.9, stop.bestValue());
    assertEquals(4, stop.stoppedEpoch());
    assertTrue(fit.reason.toString().startsWith("early-stopped by validation_loss: no improvement on 0.9 (epoch 2)"),
        fit.reason.toString());
  }

  @Test
  void anImprovementResetsTheCount() {
    EarlyStopping stop = EarlyStopping.minimizing(EpochMetric.VALIDATION_LOSS, 2);
    // 3, 4 (1), 2.5 (best, reset), 2.6 (1), 2.4 (best), 2.4 (not strictly lower: 1), 2.5 (2) -> epoch 7
    ScriptedFit fit = ScriptedFit.run(stop, 3, 4, 2.5, 2.6, 2.4, 2.4, 2.5, 1, 1);
    assertEquals(7, fit.lastEpoch);
    assertEquals(5, stop.bestEpoch());
  }

  @Test
  void maxModeWatchesAHigherIsBetterMetric() {
    EpochMetric accuracy = EpochMetric.of("accuracy", s -> 1 - s.validationLoss());
    EarlyStopping stop = EarlyStopping.maximizing(accuracy, 1);
    // accuracy 0.5, 0.6, 0.6 (not strictly higher) -> stops after epoch 3
    ScriptedFit fit = ScriptedFit.run(stop, 0.5, 0.4, 0.4, 0.1);
    assertEquals(3, fit.lastEpoch);
    assertEquals("accuracy", fit.reason.source());
    assertEquals(2, stop.bestEpoch());
  }

  @Test
  void patienceZeroStopsAtTheFirstEpochWithoutImprovement() {
    ScriptedFit fit = ScriptedFit.run(EarlyStopping.minimizing(EpochMetric.TRAIN_LOSS, 0), 3, 2, 2, 1);
    assertEquals(3, fit.lastEpoch);
  }

  @Test
  void neverStopsWhileItImproves() {
    ScriptedFit fit = ScriptedFit.run(EarlyStopping.minimizing(EpochMetric.VALIDATION_LOSS, 1), 5, 4, 3, 2, 1);
    assertEquals(5, fit.lastEpoch);
    assertEquals(StopReason.COMPLETED, fit.reason);
  }

  @Test
  void aMetricThatTurnsNanOrInfiniteStopsTheRunAsDiverged() {
    ScriptedFit nan = ScriptedFit.run(EarlyStopping.minimizing(EpochMetric.VALIDATION_LOSS, 5), 3, 2, Double.NaN, 1);
    assertEquals(3, nan.lastEpoch);
    assertEquals(StopReason.Kind.DIVERGED, nan.reason.kind());
    assertEquals("diverged: validation_loss is NaN at epoch 3", nan.reason.toString());
    ScriptedFit inf = ScriptedFit.run(EarlyStopping.minimizing(EpochMetric.VALIDATION_LOSS, 5), Double.POSITIVE_INFINITY);
    assertEquals(1, inf.lastEpoch);
    assertEquals(StopReason.Kind.DIVERGED, inf.reason.kind());
  }

  @Test
  void aMetricThatIsNanFromTheStartHasNothingToMonitor() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> ScriptedFit.run(EarlyStopping.minimizing(EpochMetric.VALIDATION_LOSS, 5), Double.NaN));
    assertTrue(e.getMessage().contains("validation_loss, which is NaN at epoch 1"), e.getMessage());
    assertTrue(e.getMessage().contains("no validation data"), e.getMessage());
  }

  @Test
  void aNewFitFromAnEpochAlreadySeenStartsAfresh() {
    EarlyStopping stop = EarlyStopping.minimizing(EpochMetric.VALIDATION_LOSS, 1);
    assertEquals(2, ScriptedFit.run(stop, 1, 2).lastEpoch);
    assertEquals(3, ScriptedFit.run(stop, 5, 4, 4).lastEpoch);
    assertEquals(StopReason.COMPLETED, ScriptedFit.run(stop, 9).reason);
  }

  @Test
  void refusesBadSettings() {
    assertThrows(IllegalArgumentException.class, () -> new EarlyStopping(EpochMetric.LR, Mode.MIN, -1, 0));
    assertThrows(IllegalArgumentException.class, () -> new EarlyStopping(EpochMetric.LR, Mode.MIN, 1, -0.1));
    assertThrows(IllegalArgumentException.class, () -> new EarlyStopping(EpochMetric.LR, Mode.MIN, 1, Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> EpochMetric.named("val_loss"));
    assertEquals(EpochMetric.VALIDATION_LOSS, EpochMetric.named("validation_loss"));
  }
}
