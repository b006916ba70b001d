package org.optspec.runtime;

/** Hears about training as it happens. Every method has an empty default. */
public interface TrainingListener {

  TrainingListener NONE = new TrainingListener() {};

  /** Before the first step of an epoch (epochs count from 1). */
  default void onEpochStart(int epoch, int stepsInEpoch) {}

  /** After each optimizer step. Must not allocate if the caller measures allocation. */
  default void onStep(int epoch, long step, double loss, double lr) {}

  default void onEpochEnd(EpochSummary summary) {}

  /**
   * One finished epoch. {@code validationLoss} is NaN without validation data.
   */
  record EpochSummary(int epoch, int epochs, long step, double trainLoss, double validationLoss, double lr, double seconds) {}
}
