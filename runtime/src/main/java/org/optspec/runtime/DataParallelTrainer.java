package org.optspec.runtime;

/**
 * A trainer whose step can be split across machines: the gradient of part of a batch against the current
 * parameters, then the update from the sum of the parts. {@link #step(Dataset, int[], int, int)} is the two in one
 * process; a data-parallel driver (optspec-spark) runs {@link #gradientSum} on each partition of a batch, adds the
 * partial sums in a fixed order and calls {@link #applyGradientSum} once, which does what {@code step} does after
 * the gradient: the fault check, clipping, the optimizer with its schedule, pruning, the step count.
 *
 * <p>Generated trainers implement it unless a batch's gradient is not a sum over its rows: batch normalization
 * (statistics of the whole batch), natural_gradient (every row's own gradient), gradient accumulation (the update
 * waits for several batches). Dropout's masks come from the trainer that computes the gradient, so a trainer on
 * another machine draws other masks than one machine would ({@link #randomInTraining}).
 */
public interface DataParallelTrainer extends Trainer {

  /** Rows per step (the spec's batch): a data-parallel step's global batch. */
  int batchSize();

  /** The spec's epochs. */
  int epochs();

  /**
   * Adds {@code n} times the gradient of rows {@code order[from..from+n)} of {@code data} (their mean gradient as
   * {@code step} computes it, regularization included, times their count: the sum a batch of them contributes) to
   * {@code sum} (parameter layout, {@link #parameterCount()} values), against the current parameters, which it does
   * not change. Returns {@code n} times the rows' mean data loss. {@code n <= } the spec's batch. Allocates nothing.
   */
  double gradientSum(Dataset data, int[] order, int from, int n, double[] sum);

  /**
   * One optimizer step from the gradient sum of {@code rows} rows ({@link #gradientSum} over the parts of a batch,
   * added up): the gradient is {@code sum / rows}; then what {@code step} does after its gradient, with
   * {@code loss} (the batch's mean data loss) for the fault check. Allocates nothing.
   */
  void applyGradientSum(double[] sum, int rows, double loss);

  /**
   * The training rows' order for the next epoch as {@link #fit} makes it: the trainer's own order array (kept for
   * checkpoints), created for {@code rows} rows at first, shuffled again with the training stream. Read it, don't
   * change it.
   */
  int[] shuffleForEpoch(int rows);

  /**
   * Takes {@code fitted} (this spec's preprocessing, fitted on the training rows elsewhere: by a driver that never
   * runs {@link #fit}) as the statistics that {@link #save}, {@link #predict} and {@link #evaluate} use.
   */
  void usePreprocessing(Preprocessing fitted);

  /** Counts an epoch as completed, as {@link #fit} does at an epoch's end. */
  void completeEpoch();

  /**
   * What {@link #fit} does once epoch {@code epoch}'s steps are done, before the epoch counts as completed ({@link
   * #completeEpoch}): checks that the parameters are finite (a {@code DivergenceException} otherwise), reports the
   * epoch's metric to a plateau schedule ({@code validationLoss}, or {@code trainLoss} when not {@code validated}) and,
   * under the spec's {@code stop when validation_loss stalls}, keeps this epoch's parameters when its validation loss
   * is the lowest so far. {@code fit} itself calls it, so a driver that calls it gets one machine's epoch end.
   */
  void endEpoch(int epoch, double trainLoss, double validationLoss, boolean validated);

  /**
   * The spec's stop rule ({@code stop when validation_loss stalls for N epochs}) after the epochs completed: why to
   * stop, or null to go on (always null without a rule or without validation data). {@link #fit} asks it after every
   * epoch (once the listener has seen it) and before the first epoch (a trainer resumed from the epoch that stalled).
   */
  default StopReason stopRule(boolean validated) {
    return null;
  }

  /**
   * At the end of training under the spec's stop rule: puts the best epoch's parameters back, as {@link #fit} does at
   * its end, and returns the note {@code fit} adds to its report's words ({@code "; restored the best epoch 7
   * (validation_loss 0.0123)"}, or that without validation data it never ran); empty without a rule.
   */
  default String restoreBestEpoch(boolean validated) {
    return "";
  }

  /** The epoch {@link #restoreBestEpoch} restores (0: none, the last epoch's parameters stand). */
  default int restoredEpoch() {
    return 0;
  }

  /** The learning rate the last update used (of the first group). */
  double lastLearningRate();

  /** Replaces the parameters ({@link #parameterCount()} values in the flat layout, narrowed to its precision). */
  void setParameters(double[] values);

  /** Values in {@link #optimizerState()}: every optimizer state array, one after another. */
  int optimizerStateSize();

  /**
   * A copy of the optimizer's state arrays (each slot in the parameters' layout, then state of another layout such
   * as Adafactor's factors), widened to double: what parameter averaging averages. Per-group scalar state (step
   * counters the update derives from {@link #stepCount()}, a plateau schedule's) is not in it.
   */
  double[] optimizerState();

  /** Replaces the optimizer's state arrays with {@link #optimizerState()}'s layout. */
  void setOptimizerState(double[] values);

  /**
   * The learning-rate schedule's state that is not a function of the step: a plateau schedule's (its best metric, its
   * counters, its reductions) and a listener's {@link #overrideLearningRate}: what a replica needs, besides the step,
   * to step at the rate the driver would. Values widened to double; a layout of the generated trainer's own.
   */
  double[] scheduleState();

  /** Replaces the schedule's state with {@link #scheduleState()}'s values (another trainer's of the same class). */
  void setScheduleState(double[] values);

  /** Sets the optimizer step count (a replica that trains on from another's state). */
  void setStepCount(long step);

  /** Whether training draws random numbers per row (dropout masks), so a gradient depends on who computes it. */
  boolean randomInTraining();

  /**
   * The state of the training stream (shuffles, dropout masks): a replica's is set from the driver's and its
   * partition so that its draws are its own and repeatable.
   */
  long randomState();

  /** Sets the training stream's state. */
  void setRandomState(long state);
}
