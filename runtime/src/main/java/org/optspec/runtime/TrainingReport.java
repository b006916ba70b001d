package org.optspec.runtime;

import java.util.List;

/** What {@link Trainer#fit} did. */
public record TrainingReport(
    int epochs, long steps, long samples, double seconds, List<TrainingListener.EpochSummary> history, String stoppedBecause) {

  public TrainingReport {
    history = List.copyOf(history);
  }

  public double samplesPerSecond() {
    return seconds > 0 ? samples / seconds : 0;
  }
}
