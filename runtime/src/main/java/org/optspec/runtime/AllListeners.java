package org.optspec.runtime;

/** {@link TrainingListener#all}: every event to each listener in order; the first stop request wins. */
final class AllListeners implements TrainingListener {
  private final TrainingListener[] listeners;

  AllListeners(TrainingListener[] listeners) {
    this.listeners = listeners;
  }

  @Override
  public void onEpochStart(int epoch, int stepsInEpoch) {
    for (TrainingListener l : listeners) {
      l.onEpochStart(epoch, stepsInEpoch);
    }
  }

  @Override
  public void onStep(int epoch, long step, double loss, double lr) {
    for (TrainingListener l : listeners) {
      l.onStep(epoch, step, loss, lr);
    }
  }

  @Override
  public void onEpochEnd(EpochSummary summary) {
    for (TrainingListener l : listeners) {
      l.onEpochEnd(summary);
    }
  }

  @Override
  public StopReason stopRequest() {
    StopReason first = null;
    for (TrainingListener l : listeners) {
      StopReason r = l.stopRequest();
      if (first == null) {
        first = r;
      }
    }
    return first;
  }
}
