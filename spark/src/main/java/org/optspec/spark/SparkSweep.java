package org.optspec.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.optspec.runtime.Dataset;
import org.optspec.runtime.Metrics;
import org.optspec.runtime.Preprocessing;
import org.optspec.runtime.Trainer;
import org.optspec.runtime.TrainingListener;
import org.optspec.runtime.TrainingReport;

/**
 * {@code optspec sweep --spark URL}'s trials as Spark tasks: one task per trial (one partition each, so that Spark
 * spreads them over the executors' cores), each making its own trainer from the generated class and the trial's
 * settings, fitting it on the broadcast rows and evaluating the evaluation rows once, as a local trial does.
 * The rows travel once, as a broadcast; back come the trial's report and the evaluation's metrics.
 */
final class SparkSweep {
  private SparkSweep() {}

  /** What a trial's task sends back: its fit's report and the evaluation rows' scalar metrics (null without them). */
  record Outcome(TrainingReport report, Map<String, Double> test) implements Serializable {
    private static final long serialVersionUID = 1L;

    Metrics metrics() {
      return test == null ? null : new Metrics(test);
    }
  }

  /** A dataset as it travels: its arrays and the fitted preprocessing its rows went through (null for raw rows). */
  record Rows(double[] x, double[] y, int rows, int inputs, int outputs, boolean hasTargets, Preprocessing preprocessing)
      implements Serializable {
    private static final long serialVersionUID = 1L;

    static Rows of(Dataset d) {
      return d == null ? null : new Rows(d.x(), d.y(), d.rows(), d.inputs(), d.outputs(), d.hasTargets(), d.preprocessing());
    }

    Dataset dataset() {
      Dataset d = new Dataset(x, y, rows, inputs, outputs, hasTargets);
      return preprocessing == null ? d : d.withPreprocessing(preprocessing);
    }
  }

  /** Every trial of {@code settings} as a task at {@code sc}, trainer {@code trainerClass}; in the order given. */
  static List<Outcome> run(JavaSparkContext sc, String trainerClass, List<Record> settings, Dataset train,
      Dataset validation, Dataset evaluation) {
    // a trial's settings travel as their text, rebuilt on the executor exactly (Trainers.construct), as a replica's do
    List<String> trials = new ArrayList<>();
    for (Record s : settings) {
      trials.add(s.toString());
    }
    // one stream, so the three datasets keep sharing their preprocessing's statistics
    Broadcast<Rows[]> rows = sc.broadcast(new Rows[] {Rows.of(train), Rows.of(validation), Rows.of(evaluation)});
    try {
      // collect() returns the tasks' results in partition order: the trials' order
      return SparkTrainer.run(() -> sc.parallelize(trials, trials.size())
          .map(trial -> trial(trainerClass, trial, rows.value()))
          .collect());
    } finally {
      rows.unpersist(false);
    }
  }

  /** One trial, on an executor: its trainer fitted on the rows, validated as a local trial is, then evaluated once. */
  static Outcome trial(String trainerClass, String settings, Rows[] rows) {
    Trainer trainer = (Trainer) Trainers.construct(Trainers.load(trainerClass), settings);
    Dataset validation = rows[1] == null ? null : rows[1].dataset();
    TrainingReport report = trainer.fit(rows[0].dataset(), validation, TrainingListener.NONE);
    Map<String, Double> test = null;
    if (rows[2] != null) {
      test = new LinkedHashMap<>(trainer.evaluate(rows[2].dataset()).values());
    }
    return new Outcome(report, test);
  }
}
