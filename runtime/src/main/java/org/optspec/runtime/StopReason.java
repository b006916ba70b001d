package org.optspec.runtime;

import java.util.Objects;

/**
 * Why {@link Trainer#fit} returned ({@link TrainingReport#stopReason()}): it ran every epoch, the spec's early stopping
 * (or an early-stopping listener) stopped it, a listener asked it to stop ({@link TrainingListener#stopRequest()}), or a
 * listener saw it diverge. A fit whose step meets a NaN loss or gradient still throws
 * {@link org.optspec.runtime.progress.DivergenceException}; {@link Kind#DIVERGED} is for a listener that watches a
 * metric and stops cleanly instead, and for the command line's report of such an exception ({@code source} what turned
 * non-finite, {@code detail} where: {@code step 34, epoch 6: the loss is infinite}).
 *
 * @param kind what happened
 * @param source the metric that stopped it ({@code validation_loss}) for {@link Kind#EARLY_STOPPED}, what turned
 *     non-finite ({@code the loss}) for a divergence a step or a check threw, else empty
 * @param detail the listener's words ({@code "time budget of 60 s used"}), empty for {@link Kind#COMPLETED}
 */
public record StopReason(Kind kind, String source, String detail) implements java.io.Serializable {

  /** Every epoch ran. */
  public static final StopReason COMPLETED = new StopReason(Kind.COMPLETED, "", "");

  public enum Kind {
    /** Every epoch up to the spec's (or the settings') count ran. */
    COMPLETED,
    /** A monitored metric stopped improving: the spec's {@code stop when} or a listener such as {@code EarlyStopping}. */
    EARLY_STOPPED,
    /** A listener asked to stop, for a reason of its own. */
    STOPPED_BY_LISTENER,
    /** A listener saw a metric turn NaN or infinite and stopped the run. */
    DIVERGED
  }

  public StopReason {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(detail, "detail");
  }

  /** Stopped because {@code metric} stopped improving; {@code detail} says how (patience, best value). */
  public static StopReason earlyStopped(String metric, String detail) {
    return new StopReason(Kind.EARLY_STOPPED, metric, detail);
  }

  /**
   * A report's words for the spec's stop rule ending training after {@code epoch} ({@code validation_loss stalled for
   * 5 epochs: stopped after epoch 12}): this reason's metric and detail.
   */
  public String ruleStoppedAfter(int epoch) {
    return source + " " + detail + ": stopped after epoch " + epoch;
  }

  /** A listener's request to stop, with its reason. */
  public static StopReason requested(String reason) {
    return new StopReason(Kind.STOPPED_BY_LISTENER, "", reason);
  }

  /** A listener saw the run diverge ({@code "validation_loss is NaN at epoch 4"}). */
  public static StopReason diverged(String detail) {
    return new StopReason(Kind.DIVERGED, "", detail);
  }

  /**
   * {@code completed}, {@code early-stopped by validation_loss: detail}, {@code stopped by listener: "reason"} or
   * {@code diverged: detail}.
   */
  @Override
  public String toString() {
    return switch (kind) {
      case COMPLETED -> "completed";
      case EARLY_STOPPED -> "early-stopped by " + source + (detail.isEmpty() ? "" : ": " + detail);
      case STOPPED_BY_LISTENER -> "stopped by listener: \"" + detail + "\"";
      case DIVERGED -> "diverged: " + detail;
    };
  }
}
