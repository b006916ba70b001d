package org.optspec.runtime.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.optspec.runtime.Dataset;
import org.optspec.runtime.Preprocessing;
import org.optspec.runtime.Rng;
import org.optspec.runtime.io.FileKind;

/**
 * A spec's {@code data { ... }} block: which CSV to read, which columns are the target, how to
 * preprocess and how to split. Built once by the generated code, then {@link #load(Path)} or
 * {@link #load(Class)} reads the file and returns the {@link Splits}.
 *
 * <pre>
 * DataPipeline.csv("digits.csv").target(-1).inputs(64).classes(10)
 *     .scaleInputs(1.0 / 16).split(0.2, 0.0, 7).build().load(Digits.class);
 * </pre>
 *
 * <p>Order of work: read and check every cell; check labels (classifier); split; preprocess in the
 * order the builder was told, each standardization taking its statistics from the training rows as
 * they are at that point ({@link Preprocessing#fitAndApply}); copy the rows of each split out in split order. Every
 * split is marked with the fitted {@link Preprocessing} ({@link Dataset#preprocessing()}, also {@link
 * Splits#preprocessing()}), which the trainer keeps and saves with the model.
 *
 * <p>Split: row indices {@code 0..n-1} are shuffled with {@code new Rng(seed).shuffle}; the first
 * {@code round(test·n)} shuffled indices are the test set, the next {@code round(validation·n)} the
 * validation set, the rest the training set. Each set keeps the shuffled order (not file order), so the
 * result depends on nothing but the seed. Without a split, the training set is every row in file order.
 */
public final class DataPipeline {
  private final String file;
  private final Header header;
  private final int target;
  private final int namedColumns;
  private final String[] columnNames;
  private final int[] idBounds;
  private final int inputs;
  private final int classes;
  private final int outputs;
  /** The preprocessing recipe: {@link Builder#preprocess}, or the scale/standardize calls in order. */
  private final List<Step> steps;
  private final Preprocessing recipe;
  private final boolean split;
  private final double test;
  private final double validation;
  private final long seed;

  private DataPipeline(Builder b) {
    this.file = b.file;
    this.header = b.header;
    this.target = b.target;
    this.namedColumns = b.columns == null ? 0 : b.columns.length;
    this.columnNames = b.columns == null ? new String[0] : b.columns.clone();
    this.idBounds = b.ids == null ? new int[0] : b.ids.clone();
    this.classes = b.classes;
    this.outputs = b.classes > 0 ? 1 : b.targets;
    this.inputs = b.inputs > 0 ? b.inputs : namedColumns > 0 ? namedColumns - outputs : 0;
    this.steps = List.copyOf(b.steps);
    this.recipe = b.recipe;
    this.split = b.split;
    this.test = b.test;
    this.validation = b.validation;
    this.seed = b.seed;
  }

  private DataPipeline(DataPipeline other, String file) {
    this.file = file;
    this.header = other.header;
    this.target = other.target;
    this.namedColumns = other.namedColumns;
    this.columnNames = other.columnNames;
    this.idBounds = other.idBounds;
    this.classes = other.classes;
    this.outputs = other.outputs;
    this.inputs = other.inputs;
    this.steps = other.steps;
    this.recipe = other.recipe;
    this.split = other.split;
    this.test = other.test;
    this.validation = other.validation;
    this.seed = other.seed;
  }

  /**
   * The same columns, preprocessing and split applied to another file (the command line's
   * {@code --data}); messages name {@code file} as given.
   */
  public DataPipeline withFile(String file) {
    return new DataPipeline(this, Objects.requireNonNull(file, "file"));
  }

  /** Starts describing a comma-separated file; its name is resolved by {@code load}. */
  public static Builder csv(String file) {
    return new Builder(file);
  }

  /**
   * The names of the target columns, for output headers: the spec's column names at the target's place when it
   * names its columns, else {@code target} (one target) or {@code target_1}, {@code target_2}, ...
   */
  public java.util.List<String> targetNames() {
    java.util.List<String> names = new ArrayList<>();
    int columns = inputs + outputs;
    int first = target < 0 ? columns + target - (outputs - 1) : target;
    for (int k = 0; k < outputs; k++) {
      int c = first + k;
      names.add(c >= 0 && c < columnNames.length ? columnNames[c] : outputs == 1 ? "target" : "target_" + (k + 1));
    }
    return names;
  }

  /** The file's name as given. */
  public String file() {
    return file;
  }

  /** Reads {@code baseDir/file}. */
  public Splits load(Path baseDir) {
    return load(baseDir, LoadMonitor.NONE);
  }

  /**
   * Reads {@code baseDir/file}, telling {@code monitor} what it noticed (a byte order mark skipped) and, for a big file,
   * how far it got. A path that is not a regular file is refused by its kind ({@code not a regular file: it is a
   * FIFO}), before anything is read.
   */
  public Splits load(Path baseDir, LoadMonitor monitor) {
    Path path = baseDir.resolve(file);
    requireRegularFile(file, path);
    try {
      // a first pass counts the records, so the second parses every row straight into its split's arrays
      long size = Files.size(path);
      long records = countRecords(path, size, file, monitor);
      DirectSplit direct = new DirectSplit(file, records, target, outputs, split, test, validation, seed);
      CsvReader.Table table = parse(path, size, file, expectedColumns(), monitor, direct);
      return direct.took() ? read(direct, table) : read(table);
    } catch (IOException e) {
      throw new DataException(file, 0, 0, "cannot read " + path.toAbsolutePath() + ": " + e.getMessage(), e);
    }
  }

  /** Missing: {@code file not found (looked in ...)}; a directory, a FIFO, a device: refused as what it is. */
  private static void requireRegularFile(String name, Path path) {
    Path where = path.toAbsolutePath().normalize();
    if (!Files.exists(path)) {
      throw new DataException(name, 0, 0, "file not found (looked in " + where + ")");
    }
    if (!Files.isRegularFile(path)) {
      throw new DataException(name, 0, 0, "not a regular file: it is " + FileKind.of(path) + " (" + where + ")");
    }
  }

  private int expectedColumns() {
    return namedColumns > 0 ? namedColumns : inputs > 0 ? inputs + outputs : 0;
  }

  /**
   * Reads the file as a resource next to {@code anchor} ({@code anchor.getResourceAsStream(file)}). In a named
   * module the runtime may not read the anchor's package; use {@link #load(Function)} with
   * {@code Anchor.class::getResourceAsStream} there.
   */
  public Splits load(Class<?> anchor) {
    InputStream stream = anchor.getResourceAsStream(file);
    if (stream == null) {
      String where = file.startsWith("/") ? file.substring(1) : anchor.getPackageName().replace('.', '/') + "/" + file;
      String hint = anchor.getModule().isNamed() && anchor.getModule() != DataPipeline.class.getModule()
          ? "; " + anchor.getSimpleName() + " is in module " + anchor.getModule().getName()
              + ", which keeps its resources to itself: load(" + anchor.getSimpleName() + ".class::getResourceAsStream)"
              + " opens them from inside it"
          : "";
      throw new DataException(file, 0, 0, "file not found (looked in classpath resource " + where + ")" + hint);
    }
    return read(stream, "resource " + file);
  }

  /**
   * Reads the file through {@code opener}, given the file's name as the spec writes it: typically
   * {@code data().load(MyApp.class::getResourceAsStream)}, which opens the resource from the caller's own class, so
   * that it works in a named module without {@code opens} (a {@code null} stream means not found).
   */
  public Splits load(Function<String, InputStream> opener) {
    InputStream stream = opener.apply(file);
    if (stream == null) {
      throw new DataException(file, 0, 0, "file not found (the resource opener has no " + file + ")");
    }
    return read(stream, "resource " + file);
  }

  private Splits read(InputStream stream, String what) {
    try (InputStream in = stream) {
      return read(CsvReader.read(in, -1, file, header, expectedColumns(), LoadMonitor.NONE));
    } catch (IOException e) {
      throw new DataException(file, 0, 0, "cannot read " + what + ": " + e.getMessage(), e);
    }
  }

  /**
   * Rows to predict or evaluate, raw (no split, no preprocessing: the model applies its own): a file of the feature
   * columns only gives rows without targets; a file of the spec's full row layout gives rows with targets (labels
   * checked for a classifier). Any other column count is a {@link DataException} at the first row.
   */
  public Dataset readRows(Path path) {
    return readRows(path, LoadMonitor.NONE);
  }

  /** The first pass of {@link #load} and {@link #readRows}: the file's records counted, its progress told. */
  private static long countRecords(Path path, long size, String name, LoadMonitor monitor) throws IOException {
    try (InputStream in = Files.newInputStream(path)) {
      return CsvReader.countRecords(in, size, name, monitor);
    }
  }

  /** The second pass: the file parsed, into {@code direct}'s arrays when it takes the rows (null: into chunks). */
  private CsvReader.Table parse(Path path, long size, String name, int expectedColumns, LoadMonitor monitor,
      DirectSplit direct) throws IOException {
    try (InputStream in = Files.newInputStream(path)) {
      return CsvReader.read(in, size, name, header, expectedColumns, monitor, direct);
    }
  }

  /** As {@link #readRows(Path)}, telling {@code monitor} what {@link #load(Path, LoadMonitor)} tells it. */
  public Dataset readRows(Path path, LoadMonitor monitor) {
    String name = path.toString();
    requireRegularFile(name, path);
    try {
      // as load: a first pass counts the records, so the second parses every row straight into the arrays
      long size = Files.size(path);
      DirectSplit direct = inputs > 0
          ? DirectSplit.rows(name, countRecords(path, size, name, monitor), target, inputs, outputs)
          : null;
      CsvReader.Table table = parse(path, size, name, 0, monitor, direct);
      return direct != null && direct.took() ? rows(name, direct, table) : rows(name, table);
    } catch (IOException e) {
      throw new DataException(name, 0, 0, "cannot read " + path.toAbsolutePath() + ": " + e.getMessage(), e);
    }
  }

  /** As {@link #rows(String, CsvReader.Table)} for rows already in their arrays: the same checks. */
  private Dataset rows(String name, DirectSplit d, CsvReader.Table table) {
    if (d.rows() != d.n || table.rows() != d.n) {
      throw new DataException(name, 0, 0, "the file changed while it was read (" + d.n + " rows, then " + table.rows() + ")");
    }
    if (d.outputs() == 0) {
      return new Dataset(d.xs[2], new double[0], d.n, inputs, 0, false);
    }
    if (classes > 0) {
      new DataPipeline(this, name).checkLabels(d::value, table.lines(), d.first);
    }
    return new Dataset(d.xs[2], d.ys[2], d.n, inputs, outputs);
  }

  /**
   * {@link #readRows} on what the reader parsed into its chunks: the rows the direct path declined (a column count
   * that is neither form, reported here at the first row), or all of them when the spec does not say its inputs.
   */
  private Dataset rows(String name, CsvReader.Table table) {
    int columns = table.columns();
    int n = table.rows();
    if (inputs > 0 && columns == inputs) {
      return new Dataset(table.values(), new double[0], n, inputs, 0, false);
    }
    if (inputs > 0 && columns == inputs + outputs) {
      int first = target < 0 ? columns + target - (outputs - 1) : target;
      if (classes > 0) {
        new DataPipeline(this, name).checkLabels(table::value, table.lines(), first);
      }
      double[] x = new double[n * inputs];
      double[] y = new double[n * outputs];
      for (int r = 0; r < n; r++) {
        separate(table, r, first, x, r, y, r);
      }
      return new Dataset(x, y, n, inputs, outputs);
    }
    int line = table.lines().length > 0 ? table.lines()[0] : 1;
    throw new DataException(name, line, 1, "expected " + inputs + " columns (the features) or " + (inputs + outputs)
        + " (the spec's rows: features and " + (classes > 0 ? "the label" : outputs == 1 ? "the target" : outputs + " targets")
        + "), found " + columns);
  }

  /** As {@link #read(CsvReader.Table)} for rows already in their splits: the same checks in the same order. */
  private Splits read(DirectSplit d, CsvReader.Table table) {
    if (d.rows() != d.n || table.rows() != d.n) {
      throw new DataException(file, 0, 0, "the file changed while it was read (" + d.n + " rows, then " + table.rows() + ")");
    }
    if (classes > 0) {
      checkLabels(d::value, table.lines(), d.first);
    }
    checkIds(d::value, table.lines(), d.first);
    Preprocessing recipe = recipe(d.in);
    int trainRows = d.n - d.trainFrom;
    Preprocessing fitted = recipe.fitAndApply(d.xs[2], d.ys[2], trainRows, null, 0, trainRows);
    Dataset train = new Dataset(d.xs[2], d.ys[2], trainRows, d.in, outputs).withPreprocessing(fitted);
    if (!split) {
      return new Splits(train, null, null, fitted);
    }
    return new Splits(train, prepared(fitted, d.xs[1], d.ys[1], d.validationRows, d.in),
        prepared(fitted, d.xs[0], d.ys[0], d.testRows, d.in), fitted);
  }

  /**
   * The checks, the split and the preprocessing on what the reader parsed. Each row is copied once, in file order,
   * straight into its split, and the parsed values are released behind the copy, so the rows are held about once.
   */
  private Splits read(CsvReader.Table table) {
    int columns = table.columns();
    if (columns <= outputs) {
      throw new DataException(file, 0, 0, "expected more than " + outputs + " columns, found " + columns);
    }
    int first = target < 0 ? columns + target - (outputs - 1) : target;
    if (first < 0 || first + outputs > columns) {
      throw new DataException(file, 0, 0, "target column " + target + " is outside the " + columns + " columns");
    }
    int n = table.rows();
    int in = columns - outputs;
    if (classes > 0) {
      checkLabels(table::value, table.lines(), first);
    }
    checkIds(table::value, table.lines(), first);

    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    int testRows = 0;
    int validationRows = 0;
    if (split) {
      new Rng(seed).shuffle(order, n);
      testRows = (int) Math.round(test * n);
      validationRows = (int) Math.round(validation * n);
      if (testRows + validationRows >= n) {
        throw new DataException(file, 0, 0, "the split leaves no training rows (" + n + " rows, "
            + testRows + " test, " + validationRows + " validation)");
      }
    }
    int trainFrom = testRows + validationRows;
    int trainRows = n - trainFrom;
    Preprocessing recipe = recipe(in);
    // the set and the place of each file row: position k of the shuffled order is test (k < testRows), validation, train
    int[] place = order;
    if (split) {
      place = new int[n];
      for (int k = 0; k < n; k++) {
        place[order[k]] = k;
      }
    }
    double[][] xs = {new double[testRows * in], new double[validationRows * in], new double[trainRows * in]};
    double[][] ys = {new double[testRows * outputs], new double[validationRows * outputs], new double[trainRows * outputs]};
    int[] from = {0, testRows, trainFrom};
    for (int r = 0; r < n; r++) {
      int k = place[r];
      int set = k < testRows ? 0 : k < trainFrom ? 1 : 2;
      separate(table, r, first, xs[set], k - from[set], ys[set], k - from[set]);
      if ((r & 1023) == 1023) {
        table.releaseRowsBefore(r + 1);
      }
    }
    // train's rows are order[trainFrom..] in that order: the statistics sum them as a fit over all rows would
    Preprocessing fitted = recipe.fitAndApply(xs[2], ys[2], trainRows, null, 0, trainRows);
    Dataset train = new Dataset(xs[2], ys[2], trainRows, in, outputs).withPreprocessing(fitted);
    if (!split) {
      return new Splits(train, null, null, fitted);
    }
    return new Splits(train, prepared(fitted, xs[1], ys[1], validationRows, in), prepared(fitted, xs[0], ys[0], testRows, in),
        fitted);
  }

  /** Rows through the fitted preprocessing (the same operations, element by element, as on the training rows). */
  private Dataset prepared(Preprocessing fitted, double[] x, double[] y, int rows, int in) {
    if (rows == 0) {
      return null;
    }
    fitted.fitAndApply(x, y, rows, null, 0, rows);
    return new Dataset(x, y, rows, in, outputs).withPreprocessing(fitted);
  }

  /** The preprocessing recipe for rows of {@code in} inputs: the builder's, or one made from its steps. */
  private Preprocessing recipe(int in) {
    if (recipe != null) {
      if (recipe.features() != in) {
        throw new DataException(file, 0, 0, "expected " + recipe.features() + " input columns, found " + in);
      }
      return recipe;
    }
    Preprocessing.Builder b = Preprocessing.recipe(in, classes > 0 ? 0 : outputs);
    for (Step s : steps) {
      switch (s.kind()) {
        case SCALE_INPUTS -> b.scaleFeatures(s.factor());
        case SCALE_TARGETS -> b.scaleTargets(s.factor());
        case STANDARDIZE_INPUTS -> b.standardizeFeatures();
        case STANDARDIZE_TARGETS -> b.standardizeTargets();
      }
    }
    return b.build();
  }

  /** Copies row {@code r}'s target block {@code [first, first+outputs)} to y's row {@code yr}, the other columns to x's row {@code xr}. */
  private void separate(CsvReader.Table table, int r, int first, double[] x, int xr, double[] y, int yr) {
    int columns = table.columns();
    int in = columns - outputs;
    table.copy(r, 0, x, xr * in, first);
    table.copy(r, first, y, yr * outputs, outputs);
    table.copy(r, first + outputs, x, xr * in + first, columns - first - outputs);
  }

  /** Input columns declared by {@link Builder#ids} hold whole numbers in {@code 0..bound−1}. */
  private void checkIds(Cells table, int[] lines, int first) {
    // row by row, so the error reported is the first in the file
    for (int r = 0; r < lines.length; r++) {
      for (int j = 0; j < idBounds.length; j++) {
        int column = j < first ? j : j + outputs;
        double v = table.value(r, column);
        if (v != Math.rint(v) || v < 0 || v >= idBounds[j]) {
          String name = column < columnNames.length ? columnNames[column] : "column " + (column + 1);
          throw new DataException(file, lines[r], column + 1,
              name + " id " + (v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v))
                  + " is out of range 0.." + (idBounds[j] - 1));
        }
      }
    }
  }

  /** A classifier's label column {@code first} holds integers {@code 0..classes−1}. */
  private void checkLabels(Cells table, int[] lines, int first) {
    int column = first + 1;
    for (int r = 0; r < lines.length; r++) {
      double v = table.value(r, first);
      if (v != Math.rint(v)) {
        throw new DataException(file, lines[r], column, "label " + v + " is not an integer");
      }
      if (v < 0 || v >= classes) {
        throw new DataException(file, lines[r], column,
            "label " + (long) v + " is out of range 0.." + (classes - 1));
      }
    }
  }

  /** The parsed value of file row r, column c, wherever it is held. */
  private interface Cells {
    double value(int r, int c);
  }

  private enum Kind { SCALE_INPUTS, SCALE_TARGETS, STANDARDIZE_INPUTS, STANDARDIZE_TARGETS }

  private record Step(Kind kind, double factor) {}

  /** Collects the {@code data} block's settings; {@link #build()} checks them together. */
  public static final class Builder {
    private final String file;
    private Header header = Header.AUTO;
    private int target = -1;
    private String[] columns;
    private int inputs;
    private int classes;
    private int targets;
    private final List<Step> steps = new ArrayList<>();
    private Preprocessing recipe;
    private int[] ids;
    private boolean split;
    private double test;
    private double validation;
    private long seed;

    private Builder(String file) {
      this.file = Objects.requireNonNull(file, "file");
    }

    public Builder header(Header header) {
      this.header = Objects.requireNonNull(header, "header");
      return this;
    }

    /**
     * The target column, 0-based; negative counts from the end (−1 = last). With {@code targets(k)}
     * the target is the block of k columns starting there (for −1: the last k columns).
     */
    public Builder target(int column) {
      this.target = column;
      return this;
    }

    /** Names the file's columns; their count is the expected column count. */
    public Builder columns(String... names) {
      if (names.length == 0) {
        throw new IllegalArgumentException("columns() needs at least one name");
      }
      this.columns = names.clone();
      return this;
    }

    /** Input columns per row; without it, taken from {@code columns} or from the file's first row. */
    public Builder inputs(int inputs) {
      if (inputs < 1) {
        throw new IllegalArgumentException("inputs must be at least 1: " + inputs);
      }
      this.inputs = inputs;
      return this;
    }

    /**
     * The first {@code bounds.length} input columns hold 0-based integer ids (user, item), input column j below
     * {@code bounds[j]}; an id out of range is a {@link DataException} naming file:row:col.
     */
    public Builder ids(int... bounds) {
      for (int b : bounds) {
        if (b < 1) {
          throw new IllegalArgumentException("an id bound must be at least 1: " + b);
        }
      }
      this.ids = bounds.clone();
      return this;
    }

    /** A classifier: one target column holding integer labels 0..classes−1. */
    public Builder classes(int classes) {
      if (classes < 2) {
        throw new IllegalArgumentException("classes must be at least 2: " + classes);
      }
      this.classes = classes;
      return this;
    }

    /** Regression with this many target columns (1 if neither this nor classes is given). */
    public Builder targets(int targets) {
      if (targets < 1) {
        throw new IllegalArgumentException("targets must be at least 1: " + targets);
      }
      this.targets = targets;
      return this;
    }

    /**
     * The preprocessing as a recipe (the generated trainer's {@code PREPROCESSING}, so the pipeline and the trainer
     * share one description); instead of the scale and standardize calls.
     */
    public Builder preprocess(Preprocessing recipe) {
      if (recipe.featureMean() != null || recipe.targetMean() != null) {
        throw new IllegalArgumentException("give the recipe, not a fitted preprocessing: the pipeline fits it on its training rows");
      }
      this.recipe = Objects.requireNonNull(recipe, "recipe");
      return this;
    }

    public Builder scaleInputs(double factor) {
      steps.add(new Step(Kind.SCALE_INPUTS, factor));
      return this;
    }

    public Builder scaleTargets(double factor) {
      steps.add(new Step(Kind.SCALE_TARGETS, factor));
      return this;
    }

    public Builder standardizeInputs() {
      steps.add(new Step(Kind.STANDARDIZE_INPUTS, 0));
      return this;
    }

    public Builder standardizeTargets() {
      steps.add(new Step(Kind.STANDARDIZE_TARGETS, 0));
      return this;
    }

    /** Fractions of the rows for test and validation (each in [0, 1), together below 1). */
    public Builder split(double test, double validation, long seed) {
      if (!(test >= 0 && test < 1 && validation >= 0 && validation < 1 && test + validation < 1)) {
        throw new IllegalArgumentException("split fractions must be in [0, 1) and sum below 1: test="
            + test + " validation=" + validation);
      }
      this.split = true;
      this.test = test;
      this.validation = validation;
      this.seed = seed;
      return this;
    }

    /** {@code split(test, 0, seed)}. */
    public Builder split(double test, long seed) {
      return split(test, 0, seed);
    }

    public DataPipeline build() {
      if (classes > 0 && targets > 0) {
        throw new IllegalStateException("give classes (a classifier) or targets (regression), not both");
      }
      if (recipe != null && !steps.isEmpty()) {
        throw new IllegalStateException("give preprocess(recipe) or the scale/standardize calls, not both");
      }
      if (classes > 0) {
        if (recipe != null && recipe.targets() != 0) {
          throw new IllegalStateException("a classifier's recipe has no target columns: Preprocessing.recipe(features, 0)");
        }
        for (Step s : steps) {
          if (s.kind() == Kind.SCALE_TARGETS || s.kind() == Kind.STANDARDIZE_TARGETS) {
            throw new IllegalStateException("a classifier's target is a class label; it cannot be scaled or standardized");
          }
        }
      }
      if (targets == 0 && classes == 0) {
        targets = 1;
      }
      int outputs = classes > 0 ? 1 : targets;
      if (columns != null && inputs > 0 && columns.length != inputs + outputs) {
        throw new IllegalStateException(columns.length + " named columns, but " + inputs + " inputs + "
            + outputs + " target columns = " + (inputs + outputs));
      }
      if (columns != null && columns.length <= outputs) {
        throw new IllegalStateException(columns.length + " named columns leave no input columns");
      }
      return new DataPipeline(this);
    }
  }
}
