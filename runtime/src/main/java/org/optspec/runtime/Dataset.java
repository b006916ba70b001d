package org.optspec.runtime;

import java.util.Objects;

/**
 * Rows of inputs and targets in two flat, row-major {@code double} arrays. For a classifier
 * {@code y} has one column holding the class index (0 … classes-1); for regression it has
 * {@code targets} columns. Trainers convert to their own precision when they gather a batch; float32 trainers
 * gather from a float copy made once ({@link #xFloat}, {@link #yFloat}).
 *
 * <p>Rows are raw (as in the CSV file, or as {@link #of} was given them) unless {@link #preprocessing()} says which
 * fitted {@link Preprocessing} made them: a {@code DataPipeline} marks the splits it preprocessed, so a trainer
 * neither transforms them twice nor mistakes them for raw rows. {@link #features} makes rows without targets, for
 * prediction only.
 */
public final class Dataset {
  private final double[] x;
  private final double[] y;
  private final int rows;
  private final int inputs;
  private final int outputs;
  /** {@link #x} and {@link #y} rounded to float, made on first use (see {@link #xFloat}). */
  private volatile float[] xFloat;
  private volatile float[] yFloat;
  /** Whether {@link #y} holds real targets; false for {@link #features} (zeros, for prediction only). */
  private final boolean hasTargets;
  /** The fitted preprocessing these rows went through, or null for raw rows. */
  private final Preprocessing preprocessing;

  public Dataset(double[] x, double[] y, int rows, int inputs, int outputs) {
    this(x, y, rows, inputs, outputs, true, null);
  }

  /** As {@link #Dataset(double[], double[], int, int, int)}; {@code hasTargets} false marks placeholder targets. */
  public Dataset(double[] x, double[] y, int rows, int inputs, int outputs, boolean hasTargets) {
    this(x, y, rows, inputs, outputs, hasTargets, null);
  }

  private Dataset(double[] x, double[] y, int rows, int inputs, int outputs, boolean hasTargets, Preprocessing preprocessing) {
    this.x = Objects.requireNonNull(x, "x");
    this.y = Objects.requireNonNull(y, "y");
    this.hasTargets = hasTargets;
    this.preprocessing = preprocessing;
    if (rows < 0 || inputs <= 0 || outputs < 0 || (outputs == 0 && hasTargets)) {
      throw new IllegalArgumentException("bad shape: rows=" + rows + " inputs=" + inputs + " outputs=" + outputs);
    }
    if (x.length != (long) rows * inputs || y.length != (long) rows * outputs) {
      throw new IllegalArgumentException("x has " + x.length + " values and y " + y.length
          + ", expected " + (long) rows * inputs + " and " + (long) rows * outputs);
    }
    this.rows = rows;
    this.inputs = inputs;
    this.outputs = outputs;
  }

  // ---------------------------------------------------------------- in-memory data

  /** A classifier's rows: {@code x[r]} the raw features of row r, {@code labels[r]} its class (0 … classes−1). */
  public static Dataset of(double[][] x, int[] labels) {
    int inputs = width(x, "x");
    double[] y = new double[labels.length];
    for (int r = 0; r < labels.length; r++) {
      if (labels[r] < 0) {
        throw new IllegalArgumentException("labels[" + r + "] is " + labels[r] + "; a class index is 0 or more");
      }
      y[r] = labels[r];
    }
    requireRows(x.length, labels.length, "labels");
    return new Dataset(flatten(x, inputs), y, x.length, inputs, 1);
  }

  /** As {@link #of(double[][], int[])} from float features. */
  public static Dataset of(float[][] x, int[] labels) {
    return of(widen(x), labels);
  }

  /** Regression rows: {@code x[r]} the raw features of row r, {@code targets[r]} its target values. */
  public static Dataset of(double[][] x, double[][] targets) {
    int inputs = width(x, "x");
    int outputs = width(targets, "targets");
    requireRows(x.length, targets.length, "targets");
    return new Dataset(flatten(x, inputs), flatten(targets, outputs), x.length, inputs, outputs);
  }

  /** As {@link #of(double[][], double[][])} from floats. */
  public static Dataset of(float[][] x, float[][] targets) {
    return of(widen(x), widen(targets));
  }

  /** Regression rows with one target each. */
  public static Dataset of(double[][] x, double[] targets) {
    double[][] t = new double[targets.length][];
    for (int r = 0; r < targets.length; r++) {
      t[r] = new double[] {targets[r]};
    }
    return of(x, t);
  }

  /** As {@link #of(double[][], double[])} from floats. */
  public static Dataset of(float[][] x, float[] targets) {
    double[] t = new double[targets.length];
    for (int r = 0; r < targets.length; r++) {
      t[r] = targets[r];
    }
    return of(widen(x), t);
  }

  /** Rows without targets, to predict: {@code x[r]} the raw features of row r. */
  public static Dataset features(double[][] x) {
    int inputs = width(x, "x");
    return new Dataset(flatten(x, inputs), new double[0], x.length, inputs, 0, false);
  }

  /** As {@link #features(double[][])} from floats. */
  public static Dataset features(float[][] x) {
    return features(widen(x));
  }

  private static int width(Object[] rows, String what) {
    Objects.requireNonNull(rows, what);
    if (rows.length == 0) {
      throw new IllegalArgumentException(what + " has no rows");
    }
    int width = -1;
    for (int r = 0; r < rows.length; r++) {
      Object row = rows[r];
      if (row == null) {
        throw new IllegalArgumentException(what + "[" + r + "] is null");
      }
      int w = row instanceof double[] d ? d.length : ((float[]) row).length;
      if (width < 0) {
        width = w;
      } else if (w != width) {
        throw new IllegalArgumentException(what + "[" + r + "] has " + w + " values, " + what + "[0] has " + width);
      }
    }
    if (width == 0) {
      throw new IllegalArgumentException(what + "[0] is empty");
    }
    return width;
  }

  private static void requireRows(int rows, int other, String what) {
    if (rows != other) {
      throw new IllegalArgumentException("x has " + rows + " rows, " + what + " has " + other);
    }
  }

  private static double[] flatten(double[][] rows, int width) {
    double[] flat = new double[rows.length * width];
    for (int r = 0; r < rows.length; r++) {
      System.arraycopy(rows[r], 0, flat, r * width, width);
    }
    return flat;
  }

  private static double[][] widen(float[][] rows) {
    Objects.requireNonNull(rows, "rows");
    double[][] d = new double[rows.length][];
    for (int r = 0; r < rows.length; r++) {
      float[] row = Objects.requireNonNull(rows[r], "row " + r);
      d[r] = new double[row.length];
      for (int c = 0; c < row.length; c++) {
        d[r][c] = row[c];
      }
    }
    return d;
  }

  // ---------------------------------------------------------------- preprocessing and targets

  /** The fitted preprocessing these rows went through, or null when they are raw. */
  public Preprocessing preprocessing() {
    return preprocessing;
  }

  /**
   * The same rows (arrays shared) marked as having gone through {@code applied}; a trainer then takes them as they
   * are. Only the one that transformed them should say so.
   */
  public Dataset withPreprocessing(Preprocessing applied) {
    return new Dataset(x, y, rows, inputs, outputs, hasTargets, applied);
  }

  /** Whether {@link #y} holds targets (false for {@link #features}). */
  public boolean hasTargets() {
    return hasTargets;
  }

  /**
   * This dataset when it has targets, else the same rows with {@code columns} zero target columns: what a trainer's
   * predict gathers (the loss it computes on them is ignored).
   */
  public Dataset withPlaceholderTargets(int columns) {
    if (hasTargets || outputs == columns) {
      return this;
    }
    return new Dataset(x, new double[rows * columns], rows, inputs, columns, false, preprocessing);
  }

  /** Row-major inputs, {@code rows × inputs}. Shared, not copied. */
  public double[] x() {
    return x;
  }

  /** Row-major targets, {@code rows × outputs}. Shared, not copied. */
  public double[] y() {
    return y;
  }

  /**
   * The inputs rounded to float, row-major like {@link #x}: each value is {@code (float) x[i]}, so a float32
   * trainer gathers a batch with {@code System.arraycopy} instead of converting every value of every batch.
   * Made on the first call (one allocation of half the size of {@code x}) and kept: change nothing in
   * {@code x} after that. Shared, not copied; do not modify.
   */
  public float[] xFloat() {
    float[] f = xFloat;
    if (f == null) {
      f = toFloat(x);
      xFloat = f;
    }
    return f;
  }

  /** The targets rounded to float, as {@link #xFloat} rounds the inputs. */
  public float[] yFloat() {
    float[] f = yFloat;
    if (f == null) {
      f = toFloat(y);
      yFloat = f;
    }
    return f;
  }

  private static float[] toFloat(double[] values) {
    float[] f = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      f[i] = (float) values[i];
    }
    return f;
  }

  public int rows() {
    return rows;
  }

  public int inputs() {
    return inputs;
  }

  /** Target columns: 1 for a classifier's label. */
  public int outputs() {
    return outputs;
  }

  /** A new dataset holding the given rows, in that order. */
  public Dataset select(int[] indices, int from, int count) {
    double[] nx = new double[count * inputs];
    double[] ny = new double[count * outputs];
    for (int i = 0; i < count; i++) {
      int r = indices[from + i];
      System.arraycopy(x, r * inputs, nx, i * inputs, inputs);
      System.arraycopy(y, r * outputs, ny, i * outputs, outputs);
    }
    return new Dataset(nx, ny, count, inputs, outputs, hasTargets, preprocessing);
  }

  @Override
  public String toString() {
    return "Dataset[" + rows + " rows, " + inputs + " inputs, " + (hasTargets ? outputs + " outputs" : "no targets")
        + (preprocessing == null ? "" : ", preprocessed") + "]";
  }
}
