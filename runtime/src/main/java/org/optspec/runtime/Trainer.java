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
   * row-major): class probabilities for a classifier, values for regression in the targets' own units. Evaluation
   * mode. Raw rows ({@link Dataset#of}, {@link Dataset#features}) go through the fitted preprocessing first; rows a
   * data pipeline preprocessed are taken as they are.
   */
  void predict(Dataset data, double[] out);

  /** Loss and metrics on {@code data} in evaluation mode: accuracy and loss, or mse, rmse and r2. */
  Metrics evaluate(Dataset data);

  /**
   * The spec's preprocessing as this trainer applies it: the unfitted recipe until {@link #fit} fitted it on the
   * training rows (or {@link #load} read a checkpoint's statistics), then the fitted statistics, which {@link #save}
   * writes with the parameters and {@link #predict}, {@link #evaluate} and {@link #model} apply to raw rows.
   */
  Preprocessing preprocessing();

  /**
   * An inference model of the trained parameters (a copy: training on does not change it) and the fitted
   * preprocessing, without optimizer state. Needs fitted preprocessing.
   */
  Model model();

  /** A copy of the parameters, in the flat layout, widened to double. */
  double[] parameters();

  /** Optimizer steps taken so far. */
  long stepCount();

  /** Epochs {@link #fit} has completed (restored by {@link #load}); {@code fit} continues after them. */
  int epochsCompleted();

  /**
   * Writes a safetensors checkpoint, atomically: every parameter tensor by name ({@code dense0.weight}
   * shaped {@code [out, in]}), every optimizer slot ({@code optimizer.exp_avg.dense0.weight}), the
   * shuffle order, early stopping's best epoch, and in the metadata the spec's name and SHA-256, the step, the epoch
   * and the RNG state. A parameter that is NaN or infinite throws
   * {@link org.optspec.runtime.progress.DivergenceException} and writes nothing ({@code fit} checks the parameters
   * after every epoch as well).
   */
  void save(java.nio.file.Path path);

  /**
   * Restores what {@link #save} wrote, so {@link #fit} continues bit-identically. Checks everything
   * (spec hash, every tensor's dtype and shape) before changing anything; refuses with a
   * {@code CheckpointException} that says why.
   */
  void load(java.nio.file.Path path);

  /**
   * Replaces the freshly initialized parameters with the weights in a safetensors file written elsewhere: by
   * our names ({@code dense0.weight}, e.g. another run's checkpoint) or by the names a torch
   * {@code nn.Sequential} of the spec's layers gives them ({@code 0.weight}, {@code 0.bias}, {@code 2.weight}).
   * Every tensor's name and shape is checked before anything changes; a missing, extra, transposed or
   * differently shaped tensor is refused with a {@code CheckpointException} that names it. Batchnorm running
   * statistics are taken when the file has them. Only for a trainer that has not stepped yet
   * ({@code IllegalStateException} otherwise): step, optimizer state and RNG stay a fresh trainer's. Every
   * generated trainer has it; a hand-written one that does not say throws.
   */
  default void initFrom(java.nio.file.Path weights) {
    throw new UnsupportedOperationException(name() + " cannot start from weights saved elsewhere");
  }

  /**
   * The learning rate (of the first group) that optimizer step {@code step} (counted from 0) uses, as the spec's
   * schedule defines it. Every generated trainer has it; a hand-written one that does not say throws.
   */
  default double learningRate(long step) {
    throw new UnsupportedOperationException(name() + " does not say its learning rate schedule");
  }

  /**
   * The spec's data section: its file, columns, preprocessing and split, which {@code load} turns into the
   * training, validation and test sets (the generated {@code static data()}, reachable from an instance).
   */
  default org.optspec.runtime.data.DataPipeline dataPipeline() {
    throw new UnsupportedOperationException(name() + " has no data pipeline");
  }

  /**
   * Whether a duration of the schedule (or pruning) is in epochs, so a caller that steps without {@link #fit} must
   * first call {@link #setStepsPerEpoch}.
   */
  default boolean needsStepsPerEpoch() {
    return false;
  }

  /** Tells the schedule how many steps an epoch has, for callers of step that do not use fit; nothing otherwise. */
  default void setStepsPerEpoch(long stepsPerEpoch) {}

  /**
   * From the next step on, every group's learning rate is {@code lr} times the group's ratio to the first group's
   * base learning rate, instead of the schedule's (the learning-rate range test sets one per step); NaN returns to the
   * schedule. Allocates nothing. Every generated trainer has it; a hand-written one that does not say throws.
   */
  default void overrideLearningRate(double lr) {
    throw new UnsupportedOperationException(name() + " cannot override its learning rate");
  }
}
