package org.optspec.runtime.data;

import org.optspec.runtime.Rng;

/**
 * A pipeline's rows parsed straight into the arrays of their split. A first pass counted the file's records, so at the
 * first data row the row count, the shuffle and every split's size are known: each split's arrays are allocated once,
 * exactly, and each row is copied from the parse buffer to its place, so the data is held once (8 bytes a cell, plus
 * two ints a row for the order and the lines). It declines the rows (they go to the reader's chunks and the checks take
 * their usual course there) when the first row shows a problem that must be reported in its usual order: too few
 * columns, a target outside them, a split that leaves no training rows, more values than an array holds.
 *
 * <p>{@link #rows} is the form {@link DataPipeline#readRows} reads with: no split, every row in file order in the
 * training arrays, and a file of only the feature columns taken as such (no targets).
 */
final class DirectSplit implements CsvScanner.RowSink {
  private final String file;
  private final long records;
  private final int target;
  /** The target columns: the pipeline's, or 0 once a features-only file is seen. */
  private int outputs;
  /** For {@link #rows}: the spec's feature columns, a row of exactly these having no targets; else 0. */
  private final int features;
  private final boolean split;
  private final double test;
  private final double validation;
  private final long seed;

  private boolean declined;
  int n;
  int in;
  int first;
  int testRows;
  int validationRows;
  int trainFrom;
  /** The shuffled order (position k holds file row order[k]) and its inverse. */
  int[] order;
  int[] place;
  /** x and y of the test, validation and training sets. */
  double[][] xs;
  double[][] ys;
  private int rows;

  DirectSplit(String file, long records, int target, int outputs, boolean split, double test, double validation, long seed) {
    this(file, records, target, outputs, 0, split, test, validation, seed);
  }

  private DirectSplit(String file, long records, int target, int outputs, int features, boolean split, double test,
      double validation, long seed) {
    this.file = file;
    this.records = records;
    this.target = target;
    this.outputs = outputs;
    this.features = features;
    this.split = split;
    this.test = test;
    this.validation = validation;
    this.seed = seed;
  }

  /**
   * Rows to predict or evaluate, unsplit in file order: {@code features} columns (no targets) or {@code features +
   * outputs} (the spec's rows); any other count is declined, for the reader's message.
   */
  static DirectSplit rows(String file, long records, int target, int features, int outputs) {
    return new DirectSplit(file, records, target, outputs, features, false, 0, 0, 0);
  }

  /** The target columns of each row: 0 for a features-only file read by {@link #rows}. */
  int outputs() {
    return outputs;
  }

  /** Whether every row went into the splits. */
  boolean took() {
    return !declined && rows > 0;
  }

  int rows() {
    return rows;
  }

  @Override
  public boolean row(int index, double[] values, int columns, int line, boolean hadHeader) {
    if (declined) {
      return false;
    }
    if (index == 0 && !begin(columns, hadHeader)) {
      declined = true;
      return false;
    }
    if (index >= n) {
      throw new DataException(file, line, 0, "the file changed while it was read (more rows than a moment before)");
    }
    int k = place[index];
    int set = k < testRows ? 0 : k < trainFrom ? 1 : 2;
    int at = k - (set == 0 ? 0 : set == 1 ? testRows : trainFrom);
    double[] x = xs[set];
    System.arraycopy(values, 0, x, at * in, first);
    System.arraycopy(values, first, ys[set], at * outputs, outputs);
    System.arraycopy(values, first + outputs, x, at * in + first, columns - first - outputs);
    rows++;
    return true;
  }

  private boolean begin(int columns, boolean hadHeader) {
    long count = records - (hadHeader ? 1 : 0);
    if (features > 0) {
      if (columns == features) {
        outputs = 0;
      } else if (columns != features + outputs) {
        return false;
      }
    }
    if (columns <= outputs || count < 1 || count * columns > Integer.MAX_VALUE - 8) {
      return false;
    }
    n = (int) count;
    in = columns - outputs;
    first = outputs == 0 ? 0 : target < 0 ? columns + target - (outputs - 1) : target;
    if (first < 0 || first + outputs > columns) {
      return false;
    }
    order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    if (split) {
      new Rng(seed).shuffle(order, n);
      testRows = (int) Math.round(test * n);
      validationRows = (int) Math.round(validation * n);
      if (testRows + validationRows >= n) {
        return false;
      }
      place = new int[n];
      for (int k = 0; k < n; k++) {
        place[order[k]] = k;
      }
    } else {
      place = order;
    }
    trainFrom = testRows + validationRows;
    int trainRows = n - trainFrom;
    xs = new double[][] {new double[testRows * in], new double[validationRows * in], new double[trainRows * in]};
    ys = new double[][] {new double[testRows * outputs], new double[validationRows * outputs], new double[trainRows * outputs]};
    return true;
  }

  /** The value of file row {@code r}, column {@code c}, read back from its split. */
  double value(int r, int c) {
    int k = place[r];
    int set = k < testRows ? 0 : k < trainFrom ? 1 : 2;
    int at = k - (set == 0 ? 0 : set == 1 ? testRows : trainFrom);
    if (c >= first && c < first + outputs) {
      return ys[set][at * outputs + c - first];
    }
    return xs[set][at * in + (c < first ? c : c - outputs)];
  }
}
