package org.optspec.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.optspec.runtime.Trainer;
import org.optspec.runtime.data.DataException;
import org.optspec.runtime.data.Splits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code optspec lr-find FILE}: the learning-rate range test ({@link LrRangeTest}) on the spec's training rows, with its
 * settings (and {@code --set}), the schedule replaced by the exponential ramp; prints the suggested learning rate as a
 * {@code --set} line and draws the smoothed loss against the learning rate.
 */
@Command(
    name = "lr-find",
    mixinStandardHelpOptions = true,
    description = {"Runs the learning-rate range test (Smith; fastai lr_find, Lightning Tuner.lr_find): one step per rate",
        "on an exponential ramp, the loss smoothed (beta 0.98), stopped at 4x the best; suggests a rate by --suggest."},
    footer = {"", "Example:",
        "  optspec lr-find samples/src/main/resources/org/optspec/samples/digits/digits.optspec --plot lr.png"})
final class LrFindCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "FILE", description = "The .optspec file.")
  Path file;

  @Option(names = "--from", paramLabel = "LR", defaultValue = "1e-7", description = "The first learning rate. Default: ${DEFAULT-VALUE}.")
  double from;

  @Option(names = "--to", paramLabel = "LR", defaultValue = "10", description = "The last learning rate. Default: ${DEFAULT-VALUE}.")
  double to;

  @Option(names = "--steps", paramLabel = "N", defaultValue = "100", description = "Steps of the ramp. Default: ${DEFAULT-VALUE}.")
  int steps;

  @Option(names = "--suggest", paramLabel = "RULE", defaultValue = "valley",
      description = "How to read the suggestion off the curve: valley (fastai's default: the lower part of the longest "
          + "descent), steepest (Lightning's: the steepest descent of the smoothed loss) or minimum (fastai's: a tenth "
          + "of the rate at the lowest loss). Default: ${DEFAULT-VALUE}.")
  String suggest;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Change a setting (repeatable), as train --set.")
  List<String> sets = new ArrayList<>();

  @Option(names = "--data", paramLabel = "CSV", description = "Use this CSV instead of the spec's.")
  Path data;

  @Option(names = "--plot", paramLabel = "PNG", description = "Draw the smoothed loss against the learning rate (log axis).")
  Path plot;

  @Override
  public Integer call() {
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    if (!(from > 0) || !(to > from) || !Double.isFinite(to)) {
      return Errors.message(stderr, "--from and --to must satisfy 0 < from < to, got " + from + " and " + to);
    }
    if (steps < LrRangeTest.SKIP_BEGIN + LrRangeTest.SKIP_END + 2) {
      return Errors.message(stderr, "--steps must be at least " + (LrRangeTest.SKIP_BEGIN + LrRangeTest.SKIP_END + 2)
          + ", got " + steps);
    }
    LrRangeTest.Rule rule;
    try {
      rule = LrRangeTest.Rule.valueOf(suggest.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return Errors.message(stderr, "--suggest must be valley, steepest or minimum, got " + suggest);
    }
    CompiledSpec spec;
    Splits splits;
    Trainer trainer;
    try {
      spec = SpecCompilation.compileTrainer(file, SpecOverrides.NONE);
      spec.use(spec.settings().with(sets));
      splits = spec.loadData(data);
      trainer = spec.newTrainer();
    } catch (SpecCompilation.SpecFailure e) {
      return Errors.spec(stderr, e);
    } catch (RunSettings.BadSetting e) {
      return Errors.message(stderr, e.getMessage());
    } catch (DataException e) {
      return Errors.data(stderr, e);
    }
    LrRangeTest.Result r = LrRangeTest.run(trainer, splits.train(), spec.batch(), spec.seed(), from, to, steps,
        rule);
    stdout.printf(Locale.ROOT, "%s: %d of %d steps from %s to %s%s%n", spec.name(), r.steps(), steps, fmt(from), fmt(to),
        r.diverged() ? String.format(Locale.ROOT, " (stopped at lr %s: the smoothed loss passed 4x its best)",
            fmt(r.lr()[r.steps() - 1])) : "");
    if (Double.isNaN(r.suggestion())) {
      stdout.println("no suggestion: the loss diverged before the ramp got going; try a smaller --from");
    } else {
      stdout.println("suggested: --set optimizer.lr=" + fmt(r.suggestion()) + " (" + rule.description + ")");
    }
    if (plot != null) {
      try {
        Png.write(chart(r), plot);
      } catch (IOException e) {
        return Errors.message(stderr, plot + ": cannot write the plot: " + e);
      }
      stdout.println("wrote " + plot);
    }
    return 0;
  }

  private static String fmt(double x) {
    return String.format(Locale.ROOT, "%.3g", x);
  }

  /** The smoothed loss against the learning rate on a log axis, the suggestion marked by a dashed vertical line. */
  static XYChart chart(LrRangeTest.Result r) {
    XYChart chart = ChartStyle.newChart("learning-rate range test", "learning rate (log scale)", "smoothed loss");
    double[] shown = r.loss().clone();
    for (int i = 0; i < shown.length; i++) {
      shown[i] = Double.isFinite(shown[i]) ? shown[i] : Double.NaN; // the step that diverged is a gap
    }
    XYSeries curve = chart.addSeries("smoothed loss", r.lr(), shown);
    curve.setMarker(SeriesMarkers.NONE);
    curve.setLineColor(ChartStyle.PALETTE[0]);
    curve.setLineStyle(ChartStyle.SOLID);
    if (!Double.isNaN(r.suggestion())) {
      double low = Double.POSITIVE_INFINITY;
      double high = Double.NEGATIVE_INFINITY;
      for (double v : r.loss()) {
        if (Double.isFinite(v)) {
          low = Math.min(low, v);
          high = Math.max(high, v);
        }
      }
      XYSeries mark = chart.addSeries("suggested " + fmt(r.suggestion()), new double[] {r.suggestion(), r.suggestion()},
          new double[] {low, high});
      mark.setMarker(SeriesMarkers.NONE);
      mark.setLineColor(ChartStyle.PALETTE[1]);
      mark.setLineStyle(ChartStyle.DASHED);
    }
    chart.getStyler().setXAxisLogarithmic(true);
    return chart;
  }
}
