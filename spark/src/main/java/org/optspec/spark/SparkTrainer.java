package org.optspec.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.optspec.runtime.DataParallelTrainer;
import org.optspec.runtime.Dataset;
import org.optspec.runtime.Preprocessing;
import org.optspec.runtime.StopReason;
import org.optspec.runtime.TrainingListener;
import org.optspec.runtime.TrainingReport;
import org.optspec.runtime.checkpoint.SafeTensors;
import org.optspec.runtime.progress.DivergenceException;

/**
 * Trains a generated trainer data-parallel on Spark, in the style of DL4J's {@code SparkDl4jMultiLayer}: give it the
 * trainer class, the training rows and a {@link Strategy}; {@link #fit} returns the trained trainer (on the driver),
 * its report and its checkpoint.
 *
 * <pre>{@code
 * SparkTrainer.Result result = SparkTrainer.of(DigitsClassifierTrainer.class)
 *     .strategy(Strategy.sync())
 *     .checkpoint(Path.of("digits.safetensors"), 100)
 *     .fit(spark, splits.train(), splits.validation());
 * }</pre>
 *
 * <p>The rows are split into contiguous partitions once, cached on the executors as flat arrays with a replica trainer
 * each; per step only the parameters (broadcast) and the gradient sums (one array per partition) travel. The driver
 * holds the trainer that {@link Result#trainer()} returns: its schedule, clipping, optimizer state, step, epoch and
 * shuffle order are the ones {@code fit} on one machine would have, and {@link #checkpoint} saves it with
 * {@link org.optspec.runtime.Trainer#save}, so a checkpoint resumes here or on one machine alike.
 */
public final class SparkTrainer {

  private final String trainerClass;
  private final DataParallelTrainer driver;
  private Strategy strategy = Strategy.sync();
  private int partitions;
  private Path checkpoint;
  private long checkpointEvery;
  private Path resumeFrom;
  private TrainingListener listener = TrainingListener.NONE;

  private SparkTrainer(String trainerClass, DataParallelTrainer driver) {
    this.trainerClass = Objects.requireNonNull(trainerClass, "trainerClass");
    this.driver = driver;
  }

  /** Trains {@code type}, a generated trainer (its no-argument constructor makes each replica). */
  public static SparkTrainer of(Class<? extends DataParallelTrainer> type) {
    return new SparkTrainer(type.getName(), null);
  }

  /**
   * Trains {@code trainer} itself on the driver (fresh, loaded or started from weights), its class's replicas on the
   * executors; {@link Result#trainer()} is this instance.
   */
  public static SparkTrainer of(DataParallelTrainer trainer) {
    return new SparkTrainer(trainer.getClass().getName(), trainer);
  }

  /** Trains the generated trainer class of that name: it must be on the driver's and every executor's class path. */
  public static SparkTrainer of(String trainerClass) {
    return new SparkTrainer(trainerClass, null);
  }

  /** {@link Strategy#sync()} (the default) or {@link Strategy#average(int)}. */
  public SparkTrainer strategy(Strategy strategy) {
    this.strategy = Objects.requireNonNull(strategy, "strategy");
    return this;
  }

  /** Partitions of the training rows; by default Spark's default parallelism (the cores of the executors). */
  public SparkTrainer partitions(int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
    }
    this.partitions = partitions;
    return this;
  }

  /** Saves the driver's trainer to {@code path} every {@code everySteps} steps and at the end ({@code 0}: at the end). */
  public SparkTrainer checkpoint(Path path, long everySteps) {
    if (everySteps < 0) {
      throw new IllegalArgumentException("checkpoint period must be 0 or more steps, got " + everySteps);
    }
    this.checkpoint = Objects.requireNonNull(path, "path");
    this.checkpointEvery = everySteps;
    return this;
  }

  /** Continues from a checkpoint this class (or the trainer on one machine) wrote. */
  public SparkTrainer resumeFrom(Path path) {
    this.resumeFrom = Objects.requireNonNull(path, "path");
    return this;
  }

  /** Hears every step and epoch, on the driver, as {@code Trainer.fit}'s listener does. */
  public SparkTrainer listener(TrainingListener listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
    return this;
  }

  /**
   * The trained trainer (the driver's; {@code evaluate}, {@code model}, {@code save} as after {@code fit}), what
   * training did, the checkpoint written (null without {@link #checkpoint}) and where the time went.
   */
  public record Result(DataParallelTrainer trainer, TrainingReport report, Path checkpoint, Timings timings) {}

  /**
   * Where a run's time went, in seconds, summed over its steps (sync) or rounds (average): broadcasting the
   * parameters, the Spark jobs as the driver waits for them (scheduling, the tasks, sending results back), the tasks'
   * own gradient or training time summed over the partitions, the driver's update; and the jobs run.
   */
  public record Timings(double broadcast, double jobs, double compute, double update, long rounds, int partitions) {
    /** The wait per job beyond its slowest possible compute: (jobs − compute / partitions) / rounds, in ms. */
    public double overheadMillisPerRound() {
      return rounds == 0 ? 0 : (jobs - compute / partitions) * 1e3 / rounds;
    }
  }

  /** Trains on {@code train} (raw rows or a data pipeline's), validating on {@code validation} (may be null). */
  public Result fit(SparkSession spark, Dataset train, Dataset validation) {
    return fit(JavaSparkContext.fromSparkContext(spark.sparkContext()), train, validation);
  }

  /**
   * Trains on a Spark {@code Dataset<Row>} (read by {@code spark.read().csv(...)} or {@code .parquet(...)}): its first
   * {@code inputSize()} columns are the features, the next the targets (the class label for a classifier), numbers
   * or text that parses as one. The rows never come to the driver: each of the Dataset's partitions becomes a block of
   * flat arrays on its executor, the preprocessing's statistics are fitted there ({@link ShardBuilder}: per-partition
   * sums added on the driver in partition order), and the blocks are cut, in the Dataset's order, into the contiguous
   * partitions {@link #fit(SparkSession, Dataset, Dataset)} makes, preprocessed on the executors. Validating on
   * {@code validation} (an OptSpec Dataset on the driver; may be null).
   */
  public Result fit(SparkSession spark, org.apache.spark.sql.Dataset<Row> rows, Dataset validation) {
    return fitRows(spark, rows, null, validation == null ? null : onDriver(validation));
  }

  /** As {@link #fit(SparkSession, org.apache.spark.sql.Dataset, Dataset)}, without validation rows. */
  public Result fit(SparkSession spark, org.apache.spark.sql.Dataset<Row> rows) {
    return fitRows(spark, rows, null, null);
  }

  /**
   * As {@link #fit(SparkSession, org.apache.spark.sql.Dataset, Dataset)}, validating on {@code validation}, a Spark
   * {@code Dataset<Row>} of the training rows' columns that stays on the executors too: its rows are evaluated there
   * between epochs ({@link SparkValidation}), preprocessed with the statistics fitted on the training rows as one
   * machine preprocesses its validation rows, for the plateau schedule, the stop rule and the best epoch.
   */
  public Result fit(SparkSession spark, org.apache.spark.sql.Dataset<Row> rows,
      org.apache.spark.sql.Dataset<Row> validation) {
    Objects.requireNonNull(validation, "validation (use fit(spark, rows) for none)");
    if (validation.columns().length != rows.columns().length) {
      throw new IllegalArgumentException("the validation rows have " + validation.columns().length
          + " columns, the training rows " + rows.columns().length);
    }
    return fitRows(spark, rows, validation, null);
  }

  private Result fitRows(SparkSession spark, org.apache.spark.sql.Dataset<Row> rows,
      org.apache.spark.sql.Dataset<Row> sparkValidation, Validation validation) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Start start = start();
    DataParallelTrainer trainer = start.trainer();
    int in = trainer.inputSize();
    int targets = rows.columns().length - in;
    if (targets < 1) {
      throw new IllegalArgumentException(trainerClass + " takes " + in + " feature columns and its targets, the rows have "
          + rows.columns().length + " columns");
    }
    ShardBuilder blocks = ShardBuilder.of(rows.javaRDD(), in, targets);
    SparkValidation onExecutors = null;
    try {
      long total = blocks.rows();
      if (total < 1 || total > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("cannot train on " + total + " rows");
      }
      Preprocessing recipe = trainer.preprocessing();
      Preprocessing fitted = recipe.isFitted() ? recipe : blocks.fit(recipe);
      trainer.usePreprocessing(fitted);
      if (sparkValidation != null) {
        onExecutors = SparkValidation.of(sc, ShardBuilder.of(sparkValidation.javaRDD(), in, targets), fitted,
            Trainers.Replica.of(trainer));
        validation = onExecutors::loss;
      }
      int p = partitionsFor(sc, (int) total);
      int[] shardRows = new int[p];
      for (int i = 0; i < p; i++) {
        shardRows[i] = (int) (first(total, i + 1, p) - first(total, i, p));
      }
      return train(sc, start, blocks.shards(p, fitted), (int) total, shardRows, validation);
    } finally {
      blocks.close();
      if (onExecutors != null) {
        onExecutors.close();
      }
    }
  }

  /** The validation rows wherever they are: the loss of the driver's current parameters on them. */
  @FunctionalInterface
  private interface Validation {
    double loss(DataParallelTrainer trainer);
  }

  /** Validation rows on the driver, evaluated there as {@code fit} evaluates them. */
  private static Validation onDriver(Dataset validation) {
    return trainer -> trainer.evaluate(validation).get("loss");
  }

  static double number(Row row, int column) {
    Object v = row.get(column);
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    if (v == null) {
      throw new IllegalArgumentException("row " + row + " has no value in column " + column);
    }
    return Double.parseDouble(v.toString().trim());
  }

  /** The first row of partition {@code i} of {@code p} over {@code rows} rows: contiguous, as even as can be. */
  static long first(long rows, int i, int p) {
    return rows * i / p;
  }

  private int partitionsFor(JavaSparkContext sc, int rows) {
    return Math.max(1, Math.min(partitions > 0 ? partitions : sc.defaultParallelism(), rows));
  }

  /** The driver's trainer, resumed when asked, and the shuffle order its checkpoint holds (null: none). */
  private record Start(DataParallelTrainer trainer, int[] resumedOrder) {}

  private Start start() {
    DataParallelTrainer trainer = driver != null ? driver : Trainers.create(trainerClass);
    int[] resumedOrder = null;
    if (resumeFrom != null) {
      trainer.load(resumeFrom);
      SafeTensors saved = SafeTensors.read(resumeFrom);
      if (saved.tensors().containsKey("trainer.order")) {
        resumedOrder = saved.permutation("trainer.order");
      }
    }
    return new Start(trainer, resumedOrder);
  }

  /** As {@link #fit(SparkSession, Dataset, Dataset)}, with a Java Spark context. */
  public Result fit(JavaSparkContext sc, Dataset train, Dataset validation) {
    Start start = start();
    DataParallelTrainer trainer = start.trainer();
    Preprocessing fitted = trainer.preprocessing().fitTo(train);
    trainer.usePreprocessing(fitted);
    Dataset prepared = fitted.prepare(train);
    int p = partitionsFor(sc, prepared.rows());
    List<Shard> shards = new ArrayList<>(p);
    int[] shardRows = new int[p];
    for (int i = 0; i < p; i++) {
      int first = (int) first(prepared.rows(), i, p);
      shards.add(Shard.of(i, prepared, first, (int) first(prepared.rows(), i + 1, p) - first));
      shardRows[i] = shards.get(i).rows;
    }
    return train(sc, start, sc.parallelize(shards, p), prepared.rows(), shardRows,
        validation == null ? null : onDriver(validation));
  }

  /** Trains on the shards (partition i holds shard i), cached on the executors for the run. */
  private Result train(JavaSparkContext sc, Start start, JavaRDD<Shard> shards, int rows, int[] shardRows,
      Validation validation) {
    JavaRDD<Shard> cached = shards.persist(StorageLevel.MEMORY_ONLY());
    try {
      run(() -> cached.count());
      Run run = strategy instanceof Strategy.Average a
          ? new AveragingRun(sc, cached, start.trainer(), rows, shardRows, a.every())
          : new SyncRun(sc, cached, start.trainer(), rows, shardRows.length, start.resumedOrder());
      return run.train(validation);
    } finally {
      cached.unpersist(false);
    }
  }

  /**
   * A Spark action, its failures told in the user's terms: a divergence a task threw comes out as itself (as the step
   * on one machine throws it), a missing trainer class on an executor as a sentence that says so. Spark's own
   * {@code org.apache.spark.SparkException} is checked in Java but thrown from Scala unchecked; it comes out wrapped.
   */
  static <T> T run(java.util.function.Supplier<T> action) {
    try {
      return action.get();
    } catch (Exception e) {
      if (find(e, DivergenceException.class) instanceof DivergenceException diverged) {
        throw diverged;
      }
      Throwable missing = find(e, Trainers.TrainerClassMissingException.class);
      if (missing != null) {
        throw new IllegalStateException("on an executor: " + missing.getMessage(), e);
      }
      Throwable cnf = find(e, ClassNotFoundException.class);
      if (cnf != null) {
        throw new IllegalStateException("an executor lacks a class (" + cnf.getMessage() + "): ship the trainer's "
            + "jar with the job (spark.jars or --jars)", e);
      }
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("Spark failed: " + e.getMessage(), e);
    }
  }

  private static Throwable find(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return t;
      }
      // an executor's exception reaches the driver as the text of a SparkException
      if (type == Trainers.TrainerClassMissingException.class && t.getMessage() != null) {
        int at = t.getMessage().indexOf("the trainer class ");
        int end = t.getMessage().indexOf("--jars)", Math.max(at, 0));
        if (at >= 0 && end > at) {
          return new Trainers.TrainerClassMissingException(t.getMessage().substring(at, end + "--jars)".length()));
        }
      }
    }
    return null;
  }

  /**
   * The tasks' results, or the divergence one of them met: the earliest step's, the first partition's of those (so the
   * same run reports the same step whichever task finished first), thrown on the driver as one machine's step throws it.
   */
  static List<Shard.Partial> finite(List<Shard.Partial> parts) {
    DivergenceException first = null;
    for (Shard.Partial part : parts) {
      DivergenceException d = part.divergence();
      if (d != null && (first == null || d.step() < first.step())) {
        first = d;
      }
    }
    if (first != null) {
      throw first;
    }
    return parts;
  }

  /** The training loop of a strategy on the driver. */
  private abstract class Run {
    final JavaSparkContext sc;
    final JavaRDD<Shard> cached;
    final DataParallelTrainer trainer;
    final int rows;
    long broadcastNanos;
    long jobNanos;
    long computeNanos;
    long updateNanos;
    long rounds;
    StopReason stopReason = StopReason.COMPLETED;
    String stoppedBecause;

    Run(JavaSparkContext sc, JavaRDD<Shard> cached, DataParallelTrainer trainer, int rows) {
      this.sc = sc;
      this.cached = cached;
      this.trainer = trainer;
      this.rows = rows;
      this.stoppedBecause = "completed " + trainer.epochs() + " epochs";
    }

    abstract Result train(Validation validation);

    /**
     * Saves the driver's trainer when a period ends (or at the end). {@code save} checks the parameters first: one an
     * update made non-finite is a divergence at that step, and the last good checkpoint stays on disk.
     */
    void maybeCheckpoint(boolean end, long stepsBefore) {
      if (checkpoint == null) {
        return;
      }
      boolean due = checkpointEvery > 0 && trainer.stepCount() / checkpointEvery > stepsBefore / checkpointEvery;
      if (due || end) {
        try {
          Path parent = checkpoint.toAbsolutePath().getParent();
          if (parent != null) {
            Files.createDirectories(parent);
          }
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        trainer.save(checkpoint);
      }
    }

    double validationLoss(Validation validation) {
      return validation == null ? Double.NaN : validation.loss(trainer);
    }

    /**
     * Before an epoch, as {@code fit} does: a trainer resumed from the checkpoint of the epoch its stop rule stopped
     * after stops again. True to stop.
     */
    boolean stoppedBefore(Validation validation) {
      StopReason rule = trainer.stopRule(validation != null);
      if (rule != null) {
        stopReason = rule;
        stoppedBecause = rule.ruleStoppedAfter(trainer.epochsCompleted());
      }
      return rule != null;
    }

    /**
     * An epoch's end on the driver, as {@code fit} ends one on one machine: the parameters' check, the plateau
     * schedule's metric and the best epoch ({@code endEpoch}), the epoch counted, the listener told, then the spec's
     * stop rule and the listener's stop request. True to stop.
     */
    boolean endEpoch(int epoch, double trainLoss, double lr, long epochStart, Validation validation,
        List<TrainingListener.EpochSummary> history) {
      double validationLoss = validationLoss(validation);
      trainer.endEpoch(epoch, trainLoss, validationLoss, validation != null);
      TrainingListener.EpochSummary summary = new TrainingListener.EpochSummary(epoch, trainer.epochs(),
          trainer.stepCount(), trainLoss, validationLoss, lr, (System.nanoTime() - epochStart) / 1e9);
      trainer.completeEpoch();
      history.add(summary);
      listener.onEpochEnd(summary);
      StopReason rule = trainer.stopRule(validation != null);
      if (rule != null) {
        stopReason = rule;
        stoppedBecause = rule.ruleStoppedAfter(epoch);
        return true;
      }
      StopReason requested = listener.stopRequest();
      if (requested != null) {
        stopReason = requested;
        stoppedBecause = requested + " after epoch " + epoch;
        return true;
      }
      return false;
    }

    Result result(int firstEpoch, long firstStep, long start, List<TrainingListener.EpochSummary> history, int p,
        Validation validation) {
      // the best epoch put back, as fit does at its end, before the last checkpoint
      String restored = trainer.restoreBestEpoch(validation != null);
      double seconds = (System.nanoTime() - start) / 1e9;
      int epochs = Math.max(0, trainer.epochsCompleted() - firstEpoch);
      TrainingReport report = new TrainingReport(epochs, trainer.stepCount() - firstStep, (long) epochs * rows, seconds,
          history, stoppedBecause + " on Spark (" + strategy + ", " + p + " partitions)" + restored,
          trainer.restoredEpoch(), stopReason);
      maybeCheckpoint(true, trainer.stepCount());
      return new Result(trainer, report, checkpoint, new Timings(broadcastNanos / 1e9, jobNanos / 1e9,
          computeNanos / 1e9, updateNanos / 1e9, rounds, p));
    }
  }

  /** Synchronous data parallel: one Spark job per step, the gradient sums added in partition order. */
  private final class SyncRun extends Run {
    private final int p;
    private final int[] resumedOrder;

    SyncRun(JavaSparkContext sc, JavaRDD<Shard> cached, DataParallelTrainer trainer, int rows, int p, int[] resumedOrder) {
      super(sc, cached, trainer, rows);
      this.p = p;
      this.resumedOrder = resumedOrder;
    }

    @Override
    Result train(Validation validation) {
      int batch = trainer.batchSize();
      int steps = (rows + batch - 1) / batch;
      if (trainer.needsStepsPerEpoch()) {
        trainer.setStepsPerEpoch(steps);
      }
      Trainers.Replica type = Trainers.Replica.of(trainer);
      double[] total = new double[trainer.parameterCount()];
      int firstEpoch = trainer.epochsCompleted();
      long firstStep = trainer.stepCount();
      List<TrainingListener.EpochSummary> history = new ArrayList<>();
      long start = System.nanoTime();
      while (trainer.epochsCompleted() < trainer.epochs() && !stoppedBefore(validation)) {
        int epoch = trainer.epochsCompleted() + 1;
        long epochStart = System.nanoTime();
        // a checkpoint taken mid-epoch holds that epoch's order: go on with it, as fit on one machine resumes
        int position = (int) (trainer.stepCount() - (long) trainer.epochsCompleted() * steps);
        int[] order = position > 0 && resumedOrder != null && resumedOrder.length == rows
            ? resumedOrder : trainer.shuffleForEpoch(rows);
        if (order == resumedOrder) {
          position = Math.min(position, steps);
        } else {
          position = 0;
        }
        listener.onEpochStart(epoch, steps);
        Broadcast<int[]> epochOrder = sc.broadcast(order.clone());
        double epochLoss = 0;
        for (int s = position; s < steps; s++) {
          int from = s * batch;
          int n = Math.min(batch, rows - from);
          long t0 = System.nanoTime();
          Broadcast<double[]> params = sc.broadcast(trainer.parameters());
          long stream = trainer.randomState() ^ Shard.mix(trainer.stepCount() + 1);
          long t1 = System.nanoTime();
          List<Shard.Partial> parts = finite(run(() -> cached
              .map(shard -> shard.gradientSum(type, params.value(), epochOrder.value(), from, n, stream))
              .collect()));
          long t2 = System.nanoTime();
          Arrays.fill(total, 0);
          double loss = 0;
          int counted = 0;
          // collect() returns the partitions' results in partition order, whichever task finished first
          for (Shard.Partial part : parts) {
            computeNanos += part.nanos();
            if (part.rows() == 0) {
              continue;
            }
            double[] sum = part.values();
            for (int i = 0; i < total.length; i++) {
              total[i] += sum[i];
            }
            loss += part.loss();
            counted += part.rows();
          }
          if (counted != n) {
            throw new IllegalStateException("the partitions returned " + counted + " rows of a " + n + "-row batch");
          }
          long stepsBefore = trainer.stepCount();
          trainer.applyGradientSum(total, n, loss / n);
          long t3 = System.nanoTime();
          params.unpersist(false);
          broadcastNanos += t1 - t0;
          jobNanos += t2 - t1;
          updateNanos += t3 - t2;
          rounds++;
          epochLoss += loss;
          listener.onStep(epoch, trainer.stepCount(), loss / n, trainer.lastLearningRate());
          maybeCheckpoint(false, stepsBefore);
        }
        epochOrder.unpersist(false);
        if (endEpoch(epoch, epochLoss / rows, trainer.lastLearningRate(), epochStart, validation, history)) {
          break;
        }
      }
      return result(firstEpoch, firstStep, start, history, p, validation);
    }
  }

  /** Local SGD: every partition's replica takes K steps on its own rows, then parameters and state are averaged. */
  private final class AveragingRun extends Run {
    private final int[] shardRows;
    private final int every;

    AveragingRun(JavaSparkContext sc, JavaRDD<Shard> cached, DataParallelTrainer trainer, int rows, int[] shardRows,
        int every) {
      super(sc, cached, trainer, rows);
      this.shardRows = shardRows;
      this.every = every;
    }

    @Override
    Result train(Validation validation) {
      int batch = trainer.batchSize();
      int largest = Arrays.stream(shardRows).max().orElse(1);
      // an epoch: every replica passes once over its own rows (the largest shard's steps)
      int steps = (largest + batch - 1) / batch;
      if (trainer.needsStepsPerEpoch()) {
        trainer.setStepsPerEpoch(steps);
      }
      int p = shardRows.length;
      Trainers.Replica type = Trainers.Replica.of(trainer);
      long seed = trainer.randomState();
      int firstEpoch = trainer.epochsCompleted();
      long firstStep = trainer.stepCount();
      List<TrainingListener.EpochSummary> history = new ArrayList<>();
      long start = System.nanoTime();
      double[] params = new double[trainer.parameterCount()];
      double[] state = new double[trainer.optimizerStateSize()];
      while (trainer.epochsCompleted() < trainer.epochs() && !stoppedBefore(validation)) {
        int epoch = trainer.epochsCompleted() + 1;
        long epochStart = System.nanoTime();
        long epochEnd = (long) epoch * steps;
        listener.onEpochStart(epoch, steps);
        double epochLoss = 0;
        long epochSteps = 0;
        while (trainer.stepCount() < epochEnd) {
          long step = trainer.stepCount();
          int k = (int) Math.min(every, epochEnd - step);
          long t0 = System.nanoTime();
          // the schedule's state too: a plateau's reductions (made on the driver at epoch ends) set the replicas' rate
          Broadcast<double[][]> from = sc.broadcast(new double[][] {trainer.parameters(), trainer.optimizerState(),
              trainer.scheduleState()});
          long t1 = System.nanoTime();
          List<Shard.Partial> parts = finite(run(() -> cached
              .map(shard -> shard.localSteps(type, from.value(), step, k, steps, seed))
              .collect()));
          long t2 = System.nanoTime();
          Arrays.fill(params, 0);
          Arrays.fill(state, 0);
          double loss = 0;
          for (Shard.Partial part : parts) {
            computeNanos += part.nanos();
            for (int i = 0; i < params.length; i++) {
              params[i] += part.values()[i];
            }
            for (int i = 0; i < state.length; i++) {
              state[i] += part.state()[i];
            }
            loss += part.loss();
          }
          for (int i = 0; i < params.length; i++) {
            params[i] /= p;
          }
          for (int i = 0; i < state.length; i++) {
            state[i] /= p;
          }
          trainer.setParameters(params);
          trainer.setOptimizerState(state);
          trainer.setStepCount(step + k);
          long t3 = System.nanoTime();
          from.unpersist(false);
          broadcastNanos += t1 - t0;
          jobNanos += t2 - t1;
          updateNanos += t3 - t2;
          rounds++;
          epochLoss += loss / p;
          epochSteps += k;
          listener.onStep(epoch, trainer.stepCount(), loss / ((double) p * k), trainer.learningRate(step + k - 1));
          maybeCheckpoint(false, step);
        }
        if (endEpoch(epoch, epochLoss / Math.max(1, epochSteps), trainer.learningRate(trainer.stepCount() - 1),
            epochStart, validation, history)) {
          break;
        }
      }
      return result(firstEpoch, firstStep, start, history, p, validation);
    }
  }
}
