package org.optspec.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code compare} on objectives: each spec minimized from its own start (its {@code steps N} and stop rule, or
 * exactly {@code --steps}), one table row each (final and best loss, steps to come within 10% of the best loss any
 * of them reached, time) and, with {@code --plot}, their losses against steps on one log-scale chart.
 */
final class ObjectiveComparison {

  private ObjectiveComparison() {}

  static int run(List<Path> files, Long steps, Path plot, PrintStream out, PrintStream err) {
    List<ObjectiveRun> runs = new ArrayList<>();
    try {
      for (Path file : files) {
        runs.add(ObjectiveRun.compile(file));
      }
    } catch (SpecCompilation.SpecFailure e) {
      return Errors.spec(err, e);
    }
    List<ObjectiveRun.Result> results = new ArrayList<>();
    for (ObjectiveRun run : runs) {
      out.printf(Locale.ROOT, "minimizing %s (%s)...%n", run.name(), run.file.getFileName());
      results.add(run.run(steps, false));
    }
    out.println();
    out.print(table(runs, results));
    if (plot != null) {
      List<LossCurvesChart.Curve> curves = new ArrayList<>();
      for (int i = 0; i < runs.size(); i++) {
        curves.add(LossCurvesChart.Curve.ofSteps(label(runs, i), results.get(i).losses()));
      }
      try {
        Png.write(LossCurvesChart.of("Loss per step", curves), plot);
      } catch (IOException e) {
        return Errors.message(err, plot + ": cannot write the plot: " + e);
      }
      out.println("wrote " + plot);
    }
    return 0;
  }

  static String table(List<ObjectiveRun> runs, List<ObjectiveRun.Result> results) {
    double best = results.stream().mapToDouble(ObjectiveRun.Result::bestLoss).min().orElse(Double.NaN);
    TextTable table = new TextTable("spec", "optimizer", "final loss", "best loss", "steps", "steps to ≤110% best", "time");
    for (int i = 0; i < runs.size(); i++) {
      ObjectiveRun.Result r = results.get(i);
      long near = r.stepsToNear(best);
      table.row(label(runs, i), runs.get(i).spec.optimizer().name(), TrainSummary.number(r.finalLoss()),
          TrainSummary.number(r.bestLoss()), String.format(Locale.ROOT, "%,d%s", r.steps(), r.stopped() ? " (stop rule)" : ""),
          near < 0 ? "never" : String.format(Locale.ROOT, "%,d", near), String.format(Locale.ROOT, "%.3f s", r.seconds()));
    }
    return table.render() + String.format(Locale.ROOT,
        "best loss %s; \"steps to ≤110%% best\": the first step after which the loss is within 10%% of it%n",
        TrainSummary.number(best));
  }

  /** The objective's name, or its file name when two specs share a name. */
  static String label(List<ObjectiveRun> runs, int i) {
    String name = runs.get(i).name();
    long same = runs.stream().filter(r -> r.name().equals(name)).count();
    return same > 1 ? runs.get(i).file.getFileName().toString() : name;
  }
}
