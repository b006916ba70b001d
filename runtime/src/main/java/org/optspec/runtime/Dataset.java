package org.optspec.runtime;

import java.util.Objects;

/**
 * Rows of inputs and targets in two flat, row-major {@code double} arrays. For a classifier
 * {@code y} has one column holding the class index (0 … classes-1); for regression it has
 * {@code targets} columns. Trainers convert to their own precision when they gather a batch; float32 trainers
 * gather from a float copy made once ({@link #xFloat}, {@link #yFloat}).
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

  public Dataset(double[] x, double[] y, int rows, int inputs, int outputs) {
    this.x = Objects.requireNonNull(x, "x");
    this.y = Objects.requireNonNull(y, "y");
    if (rows < 0 || inputs <= 0 || outputs <= 0) {
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
    return new Dataset(nx, ny, count, inputs, outputs);
  }

  @Override
  public String toString() {
    return "Dataset[" + rows + " rows, " + inputs + " inputs, " + outputs + " outputs]";
  }
}
