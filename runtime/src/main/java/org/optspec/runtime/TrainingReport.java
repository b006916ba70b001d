package org.optspec.runtime;

import java.util.List;

/**
 * What {@link Trainer#fit} did. {@code restoredEpoch} is the epoch whose parameters the trainer holds at the end when
 * early stopping restored it (0 when the last epoch's parameters stand); {@link #finalEpoch()} is then that epoch's summary,
 * so every figure reported about the trained model is the restored epoch's.
 */
public record TrainingReport(
    int epochs, long steps, long samples, double seconds, List<TrainingListener.EpochSummary> history, String stoppedBecause,
    int restoredEpoch) {

  public TrainingReport {
    history = List.copyOf(history);
  }

  /** A report of a fit whose last epoch's parameters stand. */
  public TrainingReport(
      int epochs, long steps, long samples, double seconds, List<TrainingListener.EpochSummary> history, String stoppedBecause) {
    this(epochs, steps, samples, seconds, history, stoppedBecause, 0);
  }

  public double samplesPerSecond() {
    return seconds > 0 ? samples / seconds : 0;
  }

  /**
   * The summary of the epoch whose parameters the trainer holds: the restored one, else the last; null when no epoch
   * ran in this fit (or the restored epoch ran in an earlier one).
   */
  public TrainingListener.EpochSummary finalEpoch() {
    if (restoredEpoch > 0) {
      for (TrainingListener.EpochSummary s : history) {
        if (s.epoch() == restoredEpoch) {
          return s;
        }
      }
      return null;
    }
    return history.isEmpty() ? null : history.get(history.size() - 1);
  }
}
