package org.optspec.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.optspec.runtime.Dataset;
import org.optspec.runtime.Metrics;
import org.optspec.runtime.Trainer;
import org.optspec.runtime.checkpoint.CheckpointException;
import org.optspec.runtime.data.DataException;
import org.optspec.runtime.io.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code optspec eval SPEC --model CKPT --data CSV [--report JSON] [--plot PNG]}: the metrics of a trained model on
 * labelled raw rows (the spec's preprocessing applied by the model), as a table; for a classifier also per class and
 * the confusion matrix, drawn by {@code --plot}.
 */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = {"Evaluates a trained model on rows in the spec's full layout (features and targets), raw.",
        "Classifiers: loss, accuracy, macro F1 (ROC-AUC with two classes), per-class precision/recall/F1, confusion matrix.",
        "Regression: loss, mse, rmse, mae, r2 (in the targets' own units; loss as training saw it)."},
    footer = {"", "Example:",
        "  optspec eval digits.optspec --model runs/digits/checkpoint.safetensors --data digits.csv --plot confusion.png"})
final class EvalCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "SPEC", description = "The .optspec file the model was trained from.")
  Path file;

  @Option(names = "--model", required = true, paramLabel = "CKPT", description = "A checkpoint written by train --out.")
  Path model;

  @Option(names = "--data", required = true, paramLabel = "CSV", description = "Rows with their targets, raw.")
  Path data;

  @Option(names = "--report", paramLabel = "JSON", description = "Write the metrics as JSON here.")
  Path report;

  @Option(names = "--plot", paramLabel = "PNG", description = "Draw the confusion matrix (classifiers) here.")
  Path plot;

  @Override
  public Integer call() {
    CompiledSpec spec;
    try {
      spec = SpecCompilation.compileTrainer(file, new SpecOverrides(null, null));
    } catch (SpecCompilation.SpecFailure e) {
      return Errors.spec(System.err, e);
    }
    Trainer trainer = spec.newTrainer();
    Dataset rows;
    Metrics metrics;
    try {
      rows = spec.pipeline().readRows(data, new DataLoadPrinter(System.err));
      if (!rows.hasTargets()) {
        return Errors.message(System.err, data + ": holds only the " + rows.inputs()
            + " feature columns; eval needs the spec's full rows, targets included (predict takes features only)");
      }
      trainer.load(model);
      metrics = trainer.evaluate(rows);
    } catch (DataException e) {
      return Errors.data(System.err, e);
    } catch (CheckpointException | IllegalStateException e) {
      return Errors.message(System.err, e.getMessage());
    }
    if (plot != null && metrics.confusion() == null) {
      return Errors.message(System.err, "--plot draws a classifier's confusion matrix; " + trainer.name() + " is a regression");
    }
    System.out.printf(Locale.ROOT, "%s on %s: %,d rows%n%n", trainer.name(), data, rows.rows());
    System.out.print(table(metrics));
    try {
      if (report != null) {
        AtomicFiles.write(report, Json.write(json(spec, trainer, rows, metrics)));
        System.out.println("wrote " + report);
      }
      if (plot != null) {
        AtomicFiles.write(plot, ConfusionChart.png(trainer.name() + ": confusion matrix on " + data.getFileName(),
            metrics.confusion()));
        System.out.println("wrote " + plot);
      }
    } catch (IOException e) {
      return Errors.message(System.err, "cannot write the results: " + e.getMessage());
    }
    return 0;
  }

  /** The headline metrics, then (classifiers) a row per class and the confusion matrix. */
  static String table(Metrics m) {
    TextTable head = new TextTable("metric", "value");
    m.values().forEach((k, v) -> head.row(k, TrainSummary.number(v)));
    StringBuilder out = new StringBuilder(head.render());
    if (!m.classes().isEmpty()) {
      TextTable perClass = new TextTable("class", "precision", "recall", "f1", "support");
      for (Metrics.ClassScores c : m.classes()) {
        perClass.row(String.valueOf(c.label()), TrainSummary.number(c.precision()), TrainSummary.number(c.recall()),
            TrainSummary.number(c.f1()), String.valueOf(c.support()));
      }
      out.append('\n').append(perClass.render());
      int[][] confusion = m.confusion();
      String[] header = new String[confusion.length + 1];
      header[0] = "actual \\ predicted";
      for (int c = 0; c < confusion.length; c++) {
        header[c + 1] = String.valueOf(c);
      }
      TextTable matrix = new TextTable(header);
      for (int a = 0; a < confusion.length; a++) {
        String[] row = new String[confusion.length + 1];
        row[0] = String.valueOf(a);
        for (int p = 0; p < confusion.length; p++) {
          row[p + 1] = String.valueOf(confusion[a][p]);
        }
        matrix.row(row);
      }
      out.append('\n').append(matrix.render());
    }
    return out.toString();
  }

  static Map<String, Object> json(CompiledSpec spec, Trainer trainer, Dataset rows, Metrics m) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("spec", spec.file().toString());
    json.put("trainer", trainer.name());
    json.put("rows", rows.rows());
    json.put("metrics", new LinkedHashMap<String, Object>(m.values()));
    if (!m.classes().isEmpty()) {
      json.put("classes", ReportJson.classes(m));
      json.put("confusion", ReportJson.confusion(m));
    }
    return json;
  }
}
