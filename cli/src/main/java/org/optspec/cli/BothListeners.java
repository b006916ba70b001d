package org.optspec.cli;

import org.optspec.runtime.TrainingListener;

/** Tells two listeners, first then second; adds nothing to the per-step cost but one call. */
record BothListeners(TrainingListener first, TrainingListener second) implements TrainingListener {

  @Override
  public void onEpochStart(int epoch, int stepsInEpoch) {
    first.onEpochStart(epoch, stepsInEpoch);
    second.onEpochStart(epoch, stepsInEpoch);
  }

  @Override
  public void onStep(int epoch, long step, double loss, double lr) {
    first.onStep(epoch, step, loss, lr);
    second.onStep(epoch, step, loss, lr);
  }

  @Override
  public void onEpochEnd(EpochSummary summary) {
    first.onEpochEnd(summary);
    second.onEpochEnd(summary);
  }
}
