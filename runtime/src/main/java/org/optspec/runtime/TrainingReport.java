package org.optspec.runtime;

import java.util.List;
import java.util.Objects;

/**
 * What {@link Trainer#fit} did. {@code restoredEpoch} is the epoch whose parameters the trainer holds at the end when
 * early stopping restored it (0 when the last epoch's parameters stand); {@link #finalEpoch()} is then that epoch's summary,
 * so every figure reported about the trained model is the restored epoch's. {@code stoppedBecause} says it in words
 * (with notes: the restored epoch, the sparsity reached), {@code stopReason} says it as a value a program can test.
 */
public record TrainingReport(
    int epochs, long steps, long samples, double seconds, List<TrainingListener.EpochSummary> history, String stoppedBecause,
    int restoredEpoch, StopReason stopReason) implements java.io.Serializable {

  public TrainingReport {
    history = List.copyOf(history);
    Objects.requireNonNull(stopReason, "stopReason");
  }

  /** A report of a fit that ran every epoch ({@link StopReason#COMPLETED}), or restored {@code restoredEpoch}. */
  public TrainingReport(
      int epochs, long steps, long samples, double seconds, List<TrainingListener.EpochSummary> history, String stoppedBecause,
      int restoredEpoch) {
    this(epochs, steps, samples, seconds, history, stoppedBecause, restoredEpoch, StopReason.COMPLETED);
  }

  /** A report of a fit that ran every epoch and whose last epoch's parameters stand. */
  public TrainingReport(
      int epochs, long steps, long samples, double seconds, List<TrainingListener.EpochSummary> history, String stoppedBecause) {
    this(epochs, steps, samples, seconds, history, stoppedBecause, 0, StopReason.COMPLETED);
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
