package org.optspec.runtime;

/**
 * What every generated trainer promises. Generated classes also have precision-specific methods,
 * {@code double step(float[] x, float[] y, int n)} (or {@code double[]}), which this interface
 * reaches through {@link #step(Dataset, int[], int, int)}.
 */
public interface Trainer {

  /** The spec's name, e.g. {@code DigitsClassifier}. */
  String name();

  /** Inputs per sample (features, or sequence length × features, or 2 for user/item pairs). */
  int inputSize();

  /** Outputs per sample: classes for a classifier, targets for regression. */
  int outputSize();

  /** Trainable parameters. */
  int parameterCount();

  /**
   * Trains for the spec's epochs (or until its stop rule), shuffling with the spec's seed, and tells
   * the listener about each step and epoch. {@code validation} may be null.
   */
  TrainingReport fit(Dataset train, Dataset validation, TrainingListener listener);

  /**
   * One optimization step on the rows {@code order[from..from+n)} of {@code data}: gathers them into
   * the trainer's batch buffer (converting precision), runs forward, backward, clipping and the
   * optimizer update. Returns the batch's mean loss (before regularization). Allocates nothing.
   */
  double step(Dataset data, int[] order, int from, int n);

  /**
   * Writes predictions for {@code data}'s rows into {@code out} ({@code rows × outputSize()},
   * row-major): class probabilities for a classifier, values for regression. Evaluation mode.
   */
  void predict(Dataset data, double[] out);

  /** Loss and metrics on {@code data} in evaluation mode: accuracy and loss, or mse, rmse and r2. */
  Metrics evaluate(Dataset data);

  /** A copy of the parameters, in the flat layout, widened to double. */
  double[] parameters();

  /** Optimizer steps taken so far. */
  long stepCount();
}
