package org.optspec.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.optspec.runtime.Dataset;
import org.optspec.runtime.Metrics;
import org.optspec.runtime.Trainer;
import org.optspec.runtime.TrainingListener;
import org.optspec.runtime.TrainingReport;

/**
 * Where {@code optspec train --spark URL} trains and {@code optspec sweep --spark URL} runs its trials: an
 * implementation found by {@link ServiceLoader} on the class path, optspec-spark's
 * ({@code org.optspec.spark.SparkBackend}), so that the command line itself never depends on Spark. Without it,
 * {@code --spark} says what to add.
 */
public interface DataParallelBackend {

  /**
   * Trains {@code trainer} (fresh, resumed or started from weights: the command line's, which it keeps training and
   * reports on) data-parallel at {@code master} with {@code strategy} ({@code sync} or {@code average:K}), saving it
   * to {@code checkpoint} every {@code checkpointEvery} steps when both are given. {@code classes} are the generated
   * classes (binary name to class file) that the executors need.
   */
  TrainingReport fit(Request request);

  /** What {@link #fit} is given. */
  record Request(String master, String strategy, Trainer trainer, Map<String, byte[]> classes, Dataset train,
      Dataset validation, TrainingListener listener, Path checkpoint, long checkpointEvery, Path resumedFrom) {}

  /**
   * Trains every trial of a sweep at {@code master}, each as a task of its own (one trainer per task, made there from
   * the generated class and the trial's settings record), from the same rows: each fits on {@code train}, validating on
   * {@code validation}, then evaluates {@code evaluation} once, as a local trial does. Returns the trials' reports and
   * evaluations in the order of {@code settings}.
   */
  List<Trial> sweep(SweepRequest request);

  /**
   * What {@link #sweep} is given: the generated trainer class (its constructor takes one of {@code settings}, the
   * trials' settings records), its class files for the executors, and the rows (the evaluation rows may be null).
   */
  record SweepRequest(String master, Class<? extends Trainer> trainerClass, Map<String, byte[]> classes,
      List<Record> settings, Dataset train, Dataset validation, Dataset evaluation) {}

  /** What one trial gave: its fit's report and the evaluation rows' metrics (null without them). */
  record Trial(TrainingReport report, Metrics test) {}

  /** The backend on the class path, or an error that says how to get one. */
  static DataParallelBackend find() {
    return ServiceLoader.load(DataParallelBackend.class).findFirst().orElseThrow(() -> new IllegalStateException(
        "--spark needs optspec-spark and Apache Spark 4 (Scala 2.13) on the class path, e.g. java -cp "
            + "optspec.jar:optspec-spark.jar:$SPARK_HOME/jars/* org.optspec.cli.OptSpecCommand train ... (docs/SPARK.md)"));
  }
}
