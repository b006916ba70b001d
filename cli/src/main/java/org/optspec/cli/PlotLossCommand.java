package org.optspec.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.optspec.grammar.Frontend;
import org.optspec.runtime.checkpoint.CheckpointException;
import org.optspec.runtime.data.DataException;
import org.optspec.spec.CheckResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code optspec plot loss RUN... -o PNG}: the loss against optimizer steps of several runs on one log-scale chart.
 * A run is a spec, stepped as {@code optspec trace} steps it (an objective, or a trainer full batch: one step per
 * epoch), or a trace CSV that {@code optspec trace} wrote (its {@code step} and {@code loss} columns).
 */
@Command(
    name = "loss",
    mixinStandardHelpOptions = true,
    description = {"Plots the loss against steps of several runs on one log-scale chart.",
        "A RUN is a .optspec file (traced as `optspec trace` runs it) or a trace CSV `optspec trace --out` wrote."},
    footer = {"", "Examples:", "  optspec plot loss docs/examples/rosenbrock_adam.optspec docs/examples/rosenbrock_lion.optspec -o loss.png",
        "  optspec trace rosenbrock.optspec --steps 500 --out adam.csv && optspec plot loss adam.csv -o loss.png"})
final class PlotLossCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "RUN", description = "The runs: .optspec files or trace CSVs.")
  List<Path> runs;

  @Option(names = {"-o", "--output", "--out"}, required = true, paramLabel = "PNG", description = "Write the chart here.")
  Path output;

  @Option(names = "--steps", paramLabel = "N", description = "Step every spec N times (default: its steps, or its epochs for a trainer). Trace CSVs are drawn whole.")
  Long steps;

  @Option(names = DataPaths.ALLOW_FLAG,
      description = "Let a spec read a data file outside its own folder tree (refused by default: a spec may come from anyone).")
  boolean allowDataOutside;

  @Override
  public Integer call() {
    PrintStream out = System.out;
    PrintStream err = System.err;
    if (steps != null && steps < 1) {
      return Errors.message(err, "--steps must be at least 1, got " + steps);
    }
    List<LossCurvesChart.Curve> curves = new ArrayList<>();
    for (Path run : runs) {
      LossCurvesChart.Curve curve;
      try {
        curve = run.getFileName().toString().endsWith(".csv") ? fromTrace(run) : fromSpec(run);
      } catch (SpecCompilation.SpecFailure e) {
        return Errors.spec(err, e);
      } catch (DataException e) {
        return Errors.data(err, e);
      } catch (CheckpointException | IllegalArgumentException e) {
        return Errors.message(err, e.getMessage());
      } catch (IOException e) {
        return Errors.message(err, run + ": cannot read: " + e.getMessage());
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("the generated class lacks a method the trace needs", e);
      }
      double[] loss = curve.loss();
      out.printf(Locale.ROOT, "%s: %,d steps, loss %s -> %s%n", curve.name(), (long) curve.step()[curve.step().length - 1],
          TrainSummary.number(loss[0]), TrainSummary.number(loss[loss.length - 1]));
      curves.add(curve);
    }
    try {
      Png.write(LossCurvesChart.of("Loss per step", unique(curves)), output);
    } catch (IOException e) {
      return Errors.message(err, output + ": cannot write the plot: " + e);
    }
    out.println("wrote " + output);
    return 0;
  }

  /** The spec stepped as {@code trace} steps it: the loss before the first step, then after every step. */
  private LossCurvesChart.Curve fromSpec(Path file) throws ReflectiveOperationException {
    CheckResult checked = Frontend.check(file);
    if (!checked.ok()) {
      throw new SpecCompilation.SpecFailure(checked.diagnostics());
    }
    TraceSubject subject = TraceCommand.subject(file, checked.spec().orElseThrow(), null, java.util.List.of(), allowDataOutside);
    long n = steps != null ? steps : subject.specSteps();
    double[] losses = new double[Math.toIntExact(n + 1)];
    losses[0] = subject.loss();
    for (int k = 1; k <= n; k++) {
      subject.step();
      losses[k] = subject.loss();
    }
    return LossCurvesChart.Curve.ofSteps(checked.spec().orElseThrow().name(), losses);
  }

  /** A trace CSV's {@code step} and {@code loss} columns; the curve is named after the file. */
  private static LossCurvesChart.Curve fromTrace(Path csv) throws IOException {
    List<Double> step = new ArrayList<>();
    List<Double> loss = new ArrayList<>();
    try (Reader in = Files.newBufferedReader(csv);
        CSVParser parser = CsvOutput.FORMAT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
      if (!parser.getHeaderNames().contains("step") || !parser.getHeaderNames().contains("loss")) {
        throw new IllegalArgumentException(csv + ": not a trace CSV (`optspec trace --out` writes step,lr,loss,...); its header is "
            + String.join(",", parser.getHeaderNames()));
      }
      for (CSVRecord row : parser) {
        try {
          step.add(Double.parseDouble(row.get("step")));
          loss.add(Double.parseDouble(row.get("loss")));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(csv + ":" + (row.getRecordNumber() + 1) + ": not a number: " + e.getMessage());
        }
      }
    }
    if (step.isEmpty()) {
      throw new IllegalArgumentException(csv + ": the trace has no rows");
    }
    String name = csv.getFileName().toString().replaceFirst("\\.csv$", "");
    return new LossCurvesChart.Curve(name, step.stream().mapToDouble(Double::doubleValue).toArray(),
        loss.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /** XChart needs distinct series names: a repeated name gets {@code (2)}, {@code (3)}, ... */
  private static List<LossCurvesChart.Curve> unique(List<LossCurvesChart.Curve> curves) {
    List<LossCurvesChart.Curve> out = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    for (LossCurvesChart.Curve c : curves) {
      String name = c.name();
      for (int k = 2; seen.contains(name); k++) {
        name = c.name() + " (" + k + ")";
      }
      seen.add(name);
      out.add(new LossCurvesChart.Curve(name, c.step(), c.loss()));
    }
    return out;
  }
}
