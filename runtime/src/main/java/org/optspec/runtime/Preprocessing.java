package org.optspec.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.optspec.runtime.checkpoint.CheckpointException;
import org.optspec.runtime.checkpoint.DType;
import org.optspec.runtime.checkpoint.SafeTensors;
import org.optspec.runtime.checkpoint.SafeTensorsWriter;

/**
 * A spec's preprocessing ({@code scale features 1/16}, {@code standardize features}, {@code standardize targets}, in
 * the spec's order) and, once fitted, its statistics. It belongs to the model: the trainer fits it on the training rows
 * only, keeps it, saves it in the checkpoint and applies it to every raw row it is asked to predict, so the rows a user
 * hands in are the rows of the CSV file, not rows they have to transform themselves.
 *
 * <p>A recipe ({@link #recipe}) says what to do; {@link #fit} returns the fitted instance, whose standardization
 * statistics are those of the training rows as the steps before it left them (so after {@code scale features 1/16}
 * the mean is of the scaled values). A step computes, per column: scale {@code v · factor}; standardize
 * {@code (v − mean) / std} with the population std (ddof = 0, as sklearn's StandardScaler); a constant column has
 * std 1 (it is only centered). Targets predicted in the model's units go back to the target's own units through the
 * target steps in reverse ({@code y · std + mean}, then {@code / factor}).
 *
 * <p>Checkpoint tensors (float64): {@code preprocess.features.mean} and {@code preprocess.features.std}
 * {@code [features]} for {@code standardize features}; {@code preprocess.targets.mean} and
 * {@code preprocess.targets.std} {@code [targets]} for {@code standardize targets}. Constant factors are not
 * fitted and not saved: they are in the spec, whose hash the checkpoint carries. Immutable and safe to share;
 * serializable, so that it travels with rows to another machine (a Spark executor).
 */
public final class Preprocessing implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  /** Checkpoint tensor names: the contract with every reader of a trainer checkpoint (docs/RUNTIME_API.md). */
  public static final String FEATURES_MEAN = "preprocess.features.mean";
  public static final String FEATURES_STD = "preprocess.features.std";
  public static final String TARGETS_MEAN = "preprocess.targets.mean";
  public static final String TARGETS_STD = "preprocess.targets.std";

  /** What one step does to which block of columns. */
  public enum Kind {
    SCALE_FEATURES, SCALE_TARGETS, STANDARDIZE_FEATURES, STANDARDIZE_TARGETS;

    boolean targets() {
      return this == SCALE_TARGETS || this == STANDARDIZE_TARGETS;
    }

    boolean standardize() {
      return this == STANDARDIZE_FEATURES || this == STANDARDIZE_TARGETS;
    }
  }

  /** One step; {@code mean} and {@code std} are null for a scale step and for an unfitted standardization. */
  private record Step(Kind kind, double factor, double[] mean, double[] std) implements java.io.Serializable {

    /** Column {@code c}'s value {@code v} after this (fitted) step: the one expression every path applies. */
    double apply(int c, double v) {
      return kind.standardize() ? (v - mean[c]) / std[c] : v * factor;
    }
  }

  private final int features;
  private final int targets;
  private final Step[] steps;
  private final boolean fitted;

  private Preprocessing(int features, int targets, Step[] steps, boolean fitted) {
    this.features = features;
    this.targets = targets;
    this.steps = steps;
    this.fitted = fitted;
  }

  /**
   * Starts a recipe for rows of {@code features} inputs and {@code targets} target columns (a classifier's label is
   * one column that no step may touch: give 0 and no target steps).
   */
  public static Builder recipe(int features, int targets) {
    return new Builder(features, targets);
  }

  /** No preprocessing at all: fitted, and the identity. */
  public static Preprocessing none(int features, int targets) {
    return new Preprocessing(features, targets, new Step[0], true);
  }

  /** Whether statistics are known (always for a recipe without standardization). */
  public boolean isFitted() {
    return fitted;
  }

  /** Whether there is nothing to do. */
  public boolean isIdentity() {
    return steps.length == 0;
  }

  /** Whether some step changes the targets, so predictions must go back to the targets' units. */
  public boolean changesTargets() {
    for (Step s : steps) {
      if (s.kind().targets()) {
        return true;
      }
    }
    return false;
  }

  public int features() {
    return features;
  }

  public int targets() {
    return targets;
  }

  /** The standardization statistics of the features as the checkpoint holds them: a copy, or null without that step. */
  public double[] featureMean() {
    return stat(Kind.STANDARDIZE_FEATURES, true);
  }

  public double[] featureStd() {
    return stat(Kind.STANDARDIZE_FEATURES, false);
  }

  public double[] targetMean() {
    return stat(Kind.STANDARDIZE_TARGETS, true);
  }

  public double[] targetStd() {
    return stat(Kind.STANDARDIZE_TARGETS, false);
  }

  private double[] stat(Kind kind, boolean mean) {
    for (Step s : steps) {
      if (s.kind() == kind && s.mean() != null) {
        return (mean ? s.mean() : s.std()).clone();
      }
    }
    return null;
  }

  // ---------------------------------------------------------------- fitting

  /**
   * Fits the recipe on rows {@code rows[from..from+count)} of the row-major blocks {@code x} ({@code n × features})
   * and {@code y} ({@code n × targets}) and applies every step to all {@code n} rows in place, step by step (each
   * standardization's statistics are those of the training rows as the steps before it left them). Returns the
   * fitted instance. A fitted instance applies its own statistics instead.
   */
  public Preprocessing fitAndApply(double[] x, double[] y, int n, int[] rows, int from, int count) {
    if (count < 1 && !fitted) {
      throw new IllegalArgumentException("cannot fit the preprocessing on no training rows");
    }
    Step[] done = new Step[steps.length];
    for (int k = 0; k < steps.length; k++) {
      Step s = steps[k];
      boolean onTargets = s.kind().targets();
      double[] v = onTargets ? y : x;
      int width = onTargets ? targets : features;
      if (s.kind().standardize()) {
        Step fittedStep = s.mean() != null ? s : fitStep(s.kind(), v, width, rows, from, count);
        for (int r = 0; r < n; r++) {
          for (int c = 0; c < width; c++) {
            v[r * width + c] = (v[r * width + c] - fittedStep.mean()[c]) / fittedStep.std()[c];
          }
        }
        done[k] = fittedStep;
      } else {
        for (int i = 0; i < n * width; i++) {
          v[i] *= s.factor();
        }
        done[k] = s;
      }
    }
    return fitted ? this : new Preprocessing(features, targets, done, true);
  }

  private static Step fitStep(Kind kind, double[] v, int width, int[] rows, int from, int count) {
    double[] mean = new double[width];
    double[] std = new double[width];
    for (int c = 0; c < width; c++) {
      double sum = 0;
      for (int i = 0; i < count; i++) {
        sum += v[row(rows, from, i) * width + c];
      }
      double m = sum / count;
      double squares = 0;
      for (int i = 0; i < count; i++) {
        double d = v[row(rows, from, i) * width + c] - m;
        squares += d * d;
      }
      mean[c] = m;
      std[c] = std(squares, count);
    }
    return new Step(kind, Double.NaN, mean, std);
  }

  /** The standard deviation from the squared deviations of {@code count} rows; a constant column's is 1. */
  private static double std(double squares, long count) {
    double sd = Math.sqrt(squares / count);
    // a constant column is only centered: dividing by 0 would only make NaNs
    return sd > 0 ? sd : 1;
  }

  // ---------------------------------------------------------------- fitting on rows held in parts

  /**
   * The next standardization to fit on training rows held in parts (a Spark Dataset's partitions, on other
   * machines), or -1 when none is left. Each is fitted in two passes over the parts, each part summing over its own
   * raw rows and the caller adding the parts' sums in a fixed order: {@link #addSums}, whose total gives the mean
   * ({@code sums[c] / rows}, as {@link #fitTo} takes it), then {@link #addSquares} against that mean; then
   * {@link #withStatistics} holds the step fitted, and once none is left {@link #completeFit} marks the statistics
   * fitted. The values each part sums are those {@link #fitTo} sums (the steps before, applied in the same order); the
   * totals differ from its one pass over all rows only by the order of the additions (to rounding: a few 1e-15
   * relative on the digits).
   */
  public int nextToFit() {
    if (fitted) {
      return -1;
    }
    for (int k = 0; k < steps.length; k++) {
      if (steps[k].kind().standardize() && steps[k].mean() == null) {
        return k;
      }
    }
    return -1;
  }

  /** The columns step {@code step} works on: the features' or the targets' count. */
  public int columns(int step) {
    return steps[step].kind().targets() ? targets : features;
  }

  /**
   * Adds, for every column {@code c} of step {@code step}'s block, the values of {@code n} raw rows ({@code x}
   * {@code n × features}, {@code y} {@code n × targets}) as the steps before it leave them, to {@code sums[c]}.
   */
  public void addSums(int step, double[] x, double[] y, int n, double[] sums) {
    int width = columns(step);
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < width; c++) {
        sums[c] += valueBefore(step, x, y, r, c);
      }
    }
  }

  /** As {@link #addSums}, the squared deviations from {@code mean} (the mean of every part's rows). */
  public void addSquares(int step, double[] x, double[] y, int n, double[] mean, double[] squares) {
    int width = columns(step);
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < width; c++) {
        double d = valueBefore(step, x, y, r, c) - mean[c];
        squares[c] += d * d;
      }
    }
  }

  /** Row {@code r}'s column {@code c} of step {@code step}'s block after the steps before it, as fitAndApply leaves it. */
  private double valueBefore(int step, double[] x, double[] y, int r, int c) {
    boolean onTargets = steps[step].kind().targets();
    int width = columns(step);
    double v = (onTargets ? y : x)[r * width + c];
    for (int j = 0; j < step; j++) {
      Step s = steps[j];
      if (s.kind().targets() == onTargets) {
        v = s.apply(c, v);
      }
    }
    return v;
  }

  /**
   * This recipe with step {@code step} fitted: {@code mean} (the parts' {@link #addSums} total over {@code count}
   * rows, divided by it) and the standard deviation from the parts' {@link #addSquares} total, as {@link #fitTo}
   * computes both.
   */
  public Preprocessing withStatistics(int step, double[] mean, double[] squares, long count) {
    if (!steps[step].kind().standardize() || count < 1) {
      throw new IllegalArgumentException("step " + step + " of " + describe() + " is not a standardization, or no rows");
    }
    double[] std = new double[squares.length];
    for (int c = 0; c < std.length; c++) {
      std[c] = std(squares[c], count);
    }
    Step[] next = steps.clone();
    next[step] = new Step(steps[step].kind(), Double.NaN, mean.clone(), std);
    return new Preprocessing(features, targets, next, false);
  }

  /** The statistics {@link #withStatistics} fitted, marked fitted: every standardization must have its own. */
  public Preprocessing completeFit() {
    if (fitted) {
      return this;
    }
    if (nextToFit() >= 0) {
      throw new IllegalStateException("step " + nextToFit() + " of " + describe() + " has no statistics yet");
    }
    return new Preprocessing(features, targets, steps, true);
  }

  private static int row(int[] rows, int from, int i) {
    return rows == null ? from + i : rows[from + i];
  }

  /**
   * The preprocessing a trainer keeps for training on {@code train}: this instance when it is already fitted (an
   * earlier fit, a checkpoint), the statistics {@code train} was made with when a {@link
   * org.optspec.runtime.data.DataPipeline} made it (they were fitted on its training rows), else the recipe fitted
   * on {@code train}'s rows.
   */
  public Preprocessing fitTo(Dataset train) {
    Objects.requireNonNull(train, "train");
    if (fitted) {
      return this;
    }
    Preprocessing applied = train.preprocessing();
    if (applied != null) {
      requireSameRecipe(applied);
      return applied;
    }
    requireTargets(train, "fit the preprocessing");
    double[] x = train.x().clone();
    double[] y = train.y().clone();
    return fitAndApply(x, y, train.rows(), null, 0, train.rows());
  }

  /**
   * {@code data} as the model sees it: itself when it already went through these statistics (a dataset from the same
   * fitted pipeline, or one this method returned), else a transformed copy, marked as such. Needs fitted statistics.
   */
  public Dataset prepare(Dataset data) {
    Objects.requireNonNull(data, "data");
    Preprocessing applied = data.preprocessing();
    if (applied == this) {
      return data;
    }
    if (applied != null) {
      if (!sameStatistics(applied)) {
        throw new IllegalArgumentException("these rows were preprocessed with other statistics than this model's ("
            + describe() + ", fitted on other training rows, or kept from a checkpoint): hand in raw rows, rows from the"
            + " same data pipeline, or, to resume, resume on the data the checkpoint was trained on");
      }
      return data;
    }
    requireFitted();
    if (isIdentity()) {
      return data.withPreprocessing(this);
    }
    double[] x = data.x().clone();
    double[] y = data.y().clone();
    boolean targetsToo = data.hasTargets() && data.outputs() == targets;
    applyInPlace(x, y, data.rows(), targetsToo);
    Dataset prepared = new Dataset(x, y, data.rows(), data.inputs(), data.outputs(), data.hasTargets());
    return prepared.withPreprocessing(this);
  }

  private void applyInPlace(double[] x, double[] y, int n, boolean targetsToo) {
    for (Step s : steps) {
      if (s.kind().targets() && !targetsToo) {
        continue;
      }
      double[] v = s.kind().targets() ? y : x;
      int width = s.kind().targets() ? targets : features;
      for (int r = 0; r < n; r++) {
        for (int c = 0; c < width; c++) {
          int i = r * width + c;
          v[i] = s.apply(c, v[i]);
        }
      }
    }
  }

  private void requireFitted() {
    if (!fitted) {
      throw new IllegalStateException("the preprocessing (" + describe() + ") has no statistics yet: fit the trainer on "
          + "training rows, or load a checkpoint that holds them, before predicting");
    }
  }

  private static void requireTargets(Dataset data, String what) {
    if (!data.hasTargets()) {
      throw new IllegalArgumentException("cannot " + what + " on a dataset without targets (" + data + ")");
    }
  }

  // ---------------------------------------------------------------- one row at a time (allocation-free)

  /**
   * Writes one raw row of features, transformed, to {@code dst[dstOff..dstOff+features)}: the same operations in the
   * same order as the data pipeline applies, so a row from the CSV gives bit for bit the values training saw.
   */
  public void features(double[] raw, int rawOff, double[] dst, int dstOff) {
    for (int c = 0; c < features; c++) {
      dst[dstOff + c] = feature(c, raw[rawOff + c]);
    }
  }

  /** As {@link #features(double[], int, double[], int)}, computed in double and rounded to float once at the end. */
  public void features(float[] raw, int rawOff, float[] dst, int dstOff) {
    for (int c = 0; c < features; c++) {
      dst[dstOff + c] = (float) feature(c, raw[rawOff + c]);
    }
  }

  /** As above, from float input to double. */
  public void features(float[] raw, int rawOff, double[] dst, int dstOff) {
    for (int c = 0; c < features; c++) {
      dst[dstOff + c] = feature(c, raw[rawOff + c]);
    }
  }

  /** As above, from double input to float (the pipeline's values rounded as {@link Dataset#xFloat} rounds them). */
  public void features(double[] raw, int rawOff, float[] dst, int dstOff) {
    for (int c = 0; c < features; c++) {
      dst[dstOff + c] = (float) feature(c, raw[rawOff + c]);
    }
  }

  private double feature(int c, double v) {
    for (Step s : steps) {
      if (!s.kind().targets()) {
        v = s.apply(c, v);
      }
    }
    return v;
  }

  /** A value of target column {@code c} in the model's units, in the target's own units. */
  public double originalTarget(int c, double v) {
    for (int k = steps.length - 1; k >= 0; k--) {
      Step s = steps[k];
      switch (s.kind()) {
        case SCALE_TARGETS -> v /= s.factor();
        case STANDARDIZE_TARGETS -> v = v * s.std()[c] + s.mean()[c];
        default -> { }
      }
    }
    return v;
  }

  /** Every value of a row-major {@code rows × targets} block, in place, to the targets' own units. */
  public void originalTargets(double[] values, int offset, int rows) {
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < targets; c++) {
        int i = offset + r * targets + c;
        values[i] = originalTarget(c, values[i]);
      }
    }
  }

  /**
   * The targets of {@code data} in their own units: its own {@code y} when the rows are raw, else its {@code y} taken
   * back through the target steps (a new array).
   */
  public double[] originalTargets(Dataset data) {
    if (data.preprocessing() == null || !changesTargets()) {
      return data.y();
    }
    double[] y = data.y().clone();
    originalTargets(y, 0, data.rows());
    return y;
  }

  // ---------------------------------------------------------------- checkpoints

  /** Adds the fitted statistics to a checkpoint (nothing for a recipe without standardization or an unfitted one). */
  public void writeTo(SafeTensorsWriter checkpoint) {
    if (!fitted) {
      return;
    }
    for (Step s : steps) {
      if (s.kind() == Kind.STANDARDIZE_FEATURES) {
        checkpoint.add(FEATURES_MEAN, s.mean(), 0, features, features);
        checkpoint.add(FEATURES_STD, s.std(), 0, features, features);
      } else if (s.kind() == Kind.STANDARDIZE_TARGETS) {
        checkpoint.add(TARGETS_MEAN, s.mean(), 0, targets, targets);
        checkpoint.add(TARGETS_STD, s.std(), 0, targets, targets);
      }
    }
  }

  /** Whether {@code checkpoint} holds this recipe's statistics (it was saved after a fit). */
  public boolean isIn(SafeTensors checkpoint) {
    for (Step s : steps) {
      if (s.kind().standardize() && !checkpoint.tensors().containsKey(meanName(s.kind()))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The recipe with the statistics {@code checkpoint} holds. Checks every tensor's dtype and shape and that every mean
   * is finite and every std finite and positive; refuses with a {@link CheckpointException} otherwise, and when the
   * checkpoint has no statistics for a standardization of the recipe ({@code required}) or is missing one of a pair.
   * Without {@code required}, a checkpoint with none of them gives this unfitted recipe back.
   */
  public Preprocessing readFrom(SafeTensors checkpoint, boolean required) {
    if (!required && !isIn(checkpoint)) {
      return this;
    }
    Step[] done = new Step[steps.length];
    for (int k = 0; k < steps.length; k++) {
      Step s = steps[k];
      if (!s.kind().standardize()) {
        done[k] = s;
        continue;
      }
      int width = s.kind().targets() ? targets : features;
      String meanName = meanName(s.kind());
      String stdName = s.kind().targets() ? TARGETS_STD : FEATURES_STD;
      for (String name : List.of(meanName, stdName)) {
        if (!checkpoint.tensors().containsKey(name)) {
          throw new CheckpointException(checkpoint.file() + ": has no tensor " + name + " (the spec's '"
              + (s.kind().targets() ? "standardize targets" : "standardize features") + "' statistics); it was saved"
              + " before the trainer was fitted on training rows");
        }
        checkpoint.expect(name, DType.F64, width);
      }
      double[] mean = new double[width];
      double[] std = new double[width];
      checkpoint.copy(meanName, mean, 0);
      checkpoint.copy(stdName, std, 0);
      for (int c = 0; c < width; c++) {
        if (!Double.isFinite(mean[c])) {
          throw new CheckpointException(checkpoint.file() + ": " + meanName + "[" + c + "] is " + mean[c] + ", not a finite number");
        }
        if (!(std[c] > 0) || !Double.isFinite(std[c])) {
          throw new CheckpointException(checkpoint.file() + ": " + stdName + "[" + c + "] is " + std[c]
              + ", not a finite positive standard deviation");
        }
      }
      done[k] = new Step(s.kind(), Double.NaN, mean, std);
    }
    return new Preprocessing(features, targets, done, true);
  }

  private static String meanName(Kind kind) {
    return kind.targets() ? TARGETS_MEAN : FEATURES_MEAN;
  }

  // ---------------------------------------------------------------- comparison

  private void requireSameRecipe(Preprocessing other) {
    if (!sameRecipe(other)) {
      throw new IllegalArgumentException("the training data was preprocessed as " + other.describe()
          + ", the spec says " + describe());
    }
  }

  private boolean sameRecipe(Preprocessing other) {
    if (other.steps.length != steps.length || other.features != features || other.targets != targets) {
      return false;
    }
    for (int k = 0; k < steps.length; k++) {
      Step a = steps[k];
      Step b = other.steps[k];
      if (a.kind() != b.kind() || (!a.kind().standardize() && Double.compare(a.factor(), b.factor()) != 0)) {
        return false;
      }
    }
    return true;
  }

  /** Same steps and, bit for bit, the same statistics. */
  public boolean sameStatistics(Preprocessing other) {
    if (other == this) {
      return true;
    }
    if (!sameRecipe(other) || other.fitted != fitted) {
      return false;
    }
    for (int k = 0; k < steps.length; k++) {
      if (!Arrays.equals(steps[k].mean(), other.steps[k].mean()) || !Arrays.equals(steps[k].std(), other.steps[k].std())) {
        return false;
      }
    }
    return true;
  }

  /** {@code scale features 0.0625, standardize features (fitted)}. */
  public String describe() {
    if (steps.length == 0) {
      return "no preprocessing";
    }
    List<String> parts = new ArrayList<>();
    for (Step s : steps) {
      String what = s.kind().targets() ? "targets" : "features";
      parts.add(s.kind().standardize() ? "standardize " + what : "scale " + what + " " + s.factor());
    }
    return String.join(", ", parts) + (fitted ? "" : " (not fitted)");
  }

  @Override
  public String toString() {
    return "Preprocessing[" + describe() + "]";
  }

  /** The steps of a recipe, in order. */
  public static final class Builder {
    private final int features;
    private final int targets;
    private final List<Step> steps = new ArrayList<>();

    private Builder(int features, int targets) {
      if (features < 1 || targets < 0) {
        throw new IllegalArgumentException("bad shape: features=" + features + " targets=" + targets);
      }
      this.features = features;
      this.targets = targets;
    }

    public Builder scaleFeatures(double factor) {
      return add(Kind.SCALE_FEATURES, factor);
    }

    public Builder scaleTargets(double factor) {
      return add(Kind.SCALE_TARGETS, factor);
    }

    public Builder standardizeFeatures() {
      return add(Kind.STANDARDIZE_FEATURES, Double.NaN);
    }

    public Builder standardizeTargets() {
      return add(Kind.STANDARDIZE_TARGETS, Double.NaN);
    }

    private Builder add(Kind kind, double factor) {
      if (kind.targets() && targets == 0) {
        throw new IllegalStateException("a classifier's target is a class label; it cannot be scaled or standardized");
      }
      if (!kind.standardize() && !(Double.isFinite(factor) && factor != 0)) {
        throw new IllegalArgumentException("a scale factor must be finite and not 0: " + factor);
      }
      for (Step s : steps) {
        if (kind.standardize() && s.kind() == kind) {
          throw new IllegalStateException("the " + (kind.targets() ? "targets" : "features")
              + " are standardized twice; once is enough (a second standardization changes nothing)");
        }
      }
      steps.add(new Step(kind, factor, null, null));
      return this;
    }

    public Preprocessing build() {
      boolean needsFit = steps.stream().anyMatch(s -> s.kind().standardize());
      return new Preprocessing(features, targets, steps.toArray(new Step[0]), !needsFit);
    }
  }
}
