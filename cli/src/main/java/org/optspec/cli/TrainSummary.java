package org.optspec.cli;

import java.util.Locale;
import java.util.Map;
import org.optspec.runtime.TrainingReport;

/** The table {@code train} prints at the end: epochs, why it stopped, steps, time, throughput, final loss, test metrics. */
final class TrainSummary {

  private TrainSummary() {}

  static String of(TrainingRun run, TrainingRun.Result result) {
    TrainingReport r = result.report();
    TextTable table = new TextTable("", run.trainer.name());
    table.row("epochs", String.valueOf(r.epochs()));
    // why the run ended (completed, early stopping and the epoch it restored, pruning's reached sparsity)
    table.row("stopped", r.stoppedBecause());
    table.row("steps", String.format(Locale.ROOT, "%,d", r.steps()));
    table.row("time", String.format(Locale.ROOT, "%.2f s", r.seconds()));
    table.row("samples/s", String.format(Locale.ROOT, "%,.0f", r.samplesPerSecond()));
    // the figures of the epoch whose parameters the trainer holds (early stopping's restored epoch); when that epoch ran
    // before this (resumed) fit, the training rows' loss is evaluated on its parameters
    int held = result.heldEpoch();
    String evaluated = result.earlier() != null ? ", evaluated" : "";
    table.row(held > 0 ? "train loss (epoch " + held + evaluated + ")" : "final train loss", number(result.finalTrainLoss()));
    if (run.validation != null) {
      table.row(held > 0 ? "validation loss (epoch " + held + ")" : "final validation loss",
          number(result.finalValidationLoss()));
    }
    if (result.test() != null) {
      String label = run.evaluation == run.data.test() ? "test " : "validation ";
      for (Map.Entry<String, Double> m : result.test().values().entrySet()) {
        table.row(label + m.getKey(), number(m.getValue()));
      }
    }
    return table.render();
  }

  static String number(double v) {
    if (Double.isNaN(v)) {
      return "—";
    }
    double a = Math.abs(v);
    return a != 0 && (a < 1e-3 || a >= 1e6) ? String.format(Locale.ROOT, "%.3e", v) : String.format(Locale.ROOT, "%.4f", v);
  }
}
