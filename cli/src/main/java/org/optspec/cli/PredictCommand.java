package org.optspec.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.optspec.runtime.Dataset;
import org.optspec.runtime.Model;
import org.optspec.runtime.checkpoint.CheckpointException;
import org.optspec.runtime.data.DataException;
import org.optspec.runtime.data.DataPipeline;
import org.optspec.runtime.io.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code optspec predict SPEC --model CKPT --data CSV --out PRED.csv}: raw rows through the spec's inference model
 * (its preprocessing included), one output row per input row, in order.
 */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description = {"Predicts raw rows with a trained model: the spec's preprocessing is applied, as in training.",
        "The CSV holds the feature columns only, or the spec's full rows (their targets are ignored).",
        "Output: for a classifier 'predicted' and p_<class> per class; for regression one column per target."},
    footer = {"", "Example:",
        "  optspec predict digits.optspec --model runs/digits/checkpoint.safetensors --data new.csv --out predictions.csv"})
final class PredictCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "SPEC", description = "The .optspec file the model was trained from.")
  Path file;

  @Option(names = "--model", required = true, paramLabel = "CKPT", description = "A checkpoint written by train --out.")
  Path model;

  @Option(names = "--data", required = true, paramLabel = "CSV", description = "The rows to predict, raw.")
  Path data;

  @Option(names = "--out", required = true, paramLabel = "CSV", description = "Where to write the predictions.")
  Path out;

  @Override
  public Integer call() {
    CompiledSpec spec;
    try {
      spec = SpecCompilation.compileTrainer(file, new SpecOverrides(null, null));
    } catch (SpecCompilation.SpecFailure e) {
      return Errors.spec(System.err, e);
    }
    DataPipeline pipeline = spec.pipeline();
    Dataset rows;
    Model trained;
    try {
      rows = pipeline.readRows(data, new DataLoadPrinter(System.err));
      trained = spec.loadModel(model);
    } catch (DataException e) {
      return Errors.data(System.err, e);
    } catch (CheckpointException e) {
      return Errors.message(System.err, e.getMessage());
    }
    double[] predictions = new double[rows.rows() * trained.outputSize()];
    trained.predict(rows.x(), rows.rows(), predictions);
    String csv = csv(trained, pipeline.targetNames(), predictions, rows.rows());
    try {
      AtomicFiles.write(out, csv);
    } catch (IOException e) {
      return Errors.message(System.err, "cannot write " + out + ": " + e.getMessage());
    }
    System.out.printf("%s: predicted %,d rows of %s, wrote %s%n", trained.name(), rows.rows(), data, out);
    return 0;
  }

  /** The header, then one line per row: shortest round-trip decimals, so nothing is lost. */
  static String csv(Model model, List<String> targetNames, double[] predictions, int rows) {
    int outs = model.outputSize();
    StringBuilder b = new StringBuilder();
    if (model.isClassifier()) {
      b.append("predicted");
      for (int c = 0; c < outs; c++) {
        b.append(",p_").append(c);
      }
    } else {
      b.append(String.join(",", targetNames));
    }
    b.append('\n');
    for (int r = 0; r < rows; r++) {
      if (model.isClassifier()) {
        b.append(argMax(predictions, r * outs, outs)).append(',');
      }
      for (int c = 0; c < outs; c++) {
        b.append(c == 0 ? "" : ",").append(predictions[r * outs + c]);
      }
      b.append('\n');
    }
    return b.toString();
  }

  /** The most probable class; ties go to the lower one, as {@code Metrics} and {@code classify} decide. */
  static int argMax(double[] p, int offset, int n) {
    int best = 0;
    for (int c = 1; c < n; c++) {
      if (p[offset + c] > p[offset + best]) {
        best = c;
      }
    }
    return best;
  }
}
