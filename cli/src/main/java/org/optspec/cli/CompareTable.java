package org.optspec.cli;

import java.util.List;
import java.util.Locale;
import org.optspec.runtime.Metrics;
import org.optspec.runtime.TrainingListener.EpochSummary;

/** The table {@code compare} prints: one row per spec. */
final class CompareTable {

  private CompareTable() {}

  static String of(List<TrainingRun> runs, List<TrainingRun.Result> results) {
    double best = Double.POSITIVE_INFINITY;
    for (TrainingRun.Result r : results) {
      for (EpochSummary s : r.report().history()) {
        best = Math.min(best, s.trainLoss());
      }
    }
    boolean classifier = runs.stream().anyMatch(r -> r.spec.spec().data().isClassification());
    boolean regression = runs.stream().anyMatch(r -> !r.spec.spec().data().isClassification());
    String quality = classifier && regression ? "accuracy / r2" : classifier ? "accuracy" : "r2";
    TextTable table = new TextTable("spec", "train loss", "test loss", quality, "steps to ≤110% best", "time", "samples/s");
    for (int i = 0; i < runs.size(); i++) {
      TrainingRun.Result r = results.get(i);
      Metrics test = r.test();
      long steps = CompareCommand.stepsToNearBest(r.report().history(), best);
      table.row(CompareCommand.label(runs, i),
          TrainSummary.number(r.finalTrainLoss()),
          test == null ? "—" : TrainSummary.number(test.get("loss")),
          test == null ? "—" : TrainSummary.number(test.has("accuracy") ? test.get("accuracy") : test.get("r2")),
          steps < 0 ? "never" : String.format(Locale.ROOT, "%,d", steps),
          String.format(Locale.ROOT, "%.2f s", r.report().seconds()),
          String.format(Locale.ROOT, "%,.0f", r.report().samplesPerSecond()));
    }
    return table.render() + String.format(Locale.ROOT, "best train loss %s; \"steps to ≤110%% best\": first epoch end within 10%% of it%n",
        TrainSummary.number(best));
  }
}
