package org.optspec.runtime;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * Hears about training as it happens. Every method has an empty default. Listeners compose with {@link #all}; the
 * ready-made ones ({@link ConsoleListener}, and in {@code org.optspec.runtime.callbacks} {@code CsvLog},
 * {@code Checkpoint}, {@code EarlyStopping}) are described in docs/RUNTIME_API.md.
 */
public interface TrainingListener {

  TrainingListener NONE = new TrainingListener() {};

  /** Before the first step of an epoch (epochs count from 1; after a resume, from the checkpoint's epoch + 1). */
  default void onEpochStart(int epoch, int stepsInEpoch) {}

  /** After each optimizer step. Must not allocate if the caller measures allocation. */
  default void onStep(int epoch, long step, double loss, double lr) {}

  default void onEpochEnd(EpochSummary summary) {}

  /**
   * Asked by {@code fit} after every epoch, once {@link #onEpochEnd} (and the spec's own early stopping) has run: null
   * to go on (the default), or why to stop. When it is not null, {@code fit} stops there and returns normally, the
   * epoch just finished being the last, and {@link TrainingReport#stopReason()} is this reason. Called once per epoch;
   * must not allocate while it answers null.
   */
  default StopReason stopRequest() {
    return null;
  }

  /**
   * One finished epoch. {@code validationLoss} is NaN without validation data.
   */
  record EpochSummary(int epoch, int epochs, long step, double trainLoss, double validationLoss, double lr, double seconds)
      implements java.io.Serializable {}

  /**
   * Tells every listener, in the order given: each event goes to each of them in turn, and {@link #stopRequest()} is
   * the first non-null request among them (every one is asked, so each sees the epoch's end). Allocates nothing per
   * event.
   */
  static TrainingListener all(TrainingListener... listeners) {
    TrainingListener[] copy = listeners.clone();
    for (int i = 0; i < copy.length; i++) {
      Objects.requireNonNull(copy[i], "listener " + i);
    }
    return copy.length == 1 ? copy[0] : new AllListeners(copy);
  }

  /**
   * A listener that asks {@code fit} to stop, with {@code reason}, after the first epoch whose summary satisfies
   * {@code condition} ({@code TrainingListener.stopWhen(s -> s.trainLoss() < 1e-3, "train loss below 1e-3")}).
   */
  static TrainingListener stopWhen(Predicate<EpochSummary> condition, String reason) {
    Objects.requireNonNull(condition, "condition");
    StopReason request = StopReason.requested(Objects.requireNonNull(reason, "reason"));
    return new TrainingListener() {
      private boolean met;

      @Override
      public void onEpochEnd(EpochSummary summary) {
        met = met || condition.test(summary);
      }

      @Override
      public StopReason stopRequest() {
        return met ? request : null;
      }
    };
  }
}
