package org.optspec.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.optspec.runtime.Trainer;
import org.optspec.runtime.data.DataException;
import org.optspec.spec.Call;
import org.optspec.spec.Value;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code optspec plot schedule FILE -o PNG}: the learning rate the generated trainer uses at every step,
 * from its closed-form schedule. When a duration is in epochs, the steps per epoch come from the data
 * (the spec's, or {@code --data}).
 */
@Command(
    name = "schedule",
    mixinStandardHelpOptions = true,
    description = {"Plots the learning rate over training as the spec defines it (the first parameter group's).",
        "Durations in epochs are turned into steps with the spec's data and batch size."},
    footer = {"", "Example:", "  optspec plot schedule samples/src/main/resources/org/optspec/samples/digits/digits.optspec -o schedule.png"})
final class PlotScheduleCommand implements Callable<Integer> {
  private static final int MAX_POINTS = 5000;

  @Parameters(index = "0", paramLabel = "FILE", description = "The .optspec file.")
  Path file;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "PNG", description = "Write the chart here.")
  Path output;

  @Option(names = "--steps", paramLabel = "N", description = "Plot N steps (default: the spec's epochs × steps per epoch).")
  Long steps;

  @Option(names = "--data", paramLabel = "CSV", description = "Count steps per epoch on this CSV instead of the spec's.")
  Path data;

  @Override
  public Integer call() {
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    if (steps != null && steps < 1) {
      return Errors.message(stderr, "--steps must be at least 1, got " + steps);
    }
    CompiledSpec spec;
    try {
      spec = SpecCompilation.compileTrainer(file, SpecOverrides.NONE);
    } catch (SpecCompilation.SpecFailure e) {
      return Errors.spec(stderr, e);
    }
    Trainer trainer = spec.newTrainer();
    long perEpoch = 0;
    if (steps == null || spec.scheduleNeedsStepsPerEpoch()) {
      try {
        perEpoch = spec.stepsPerEpoch(spec.loadData(data).train().rows());
      } catch (DataException e) {
        return Errors.data(stderr, e);
      }
      spec.setStepsPerEpoch(trainer, perEpoch);
    }
    long total = steps != null ? steps : perEpoch * spec.spec().epochs();
    LrCurve curve = LrCurve.sample(step -> spec.learningRate(trainer, step), 0, total, MAX_POINTS, perEpoch > 0 ? perEpoch : 1);
    String schedule = scheduleText(spec);
    LrCurve phases = phaseStarts(spec, trainer, perEpoch, total);
    try {
      Png.write(ScheduleChart.of(spec.name(), schedule, curve.x(), curve.y(), perEpoch, phases.x(), phases.y()), output);
    } catch (IOException e) {
      return Errors.message(stderr, output + ": cannot write the plot: " + e);
    }
    stdout.printf(Locale.ROOT, "%s: %s%n", spec.name(), schedule);
    stdout.printf(Locale.ROOT, "%,d steps%s; lr %.4g at step 0, max %.4g, min %.4g, %.4g at step %,d%n", total,
        perEpoch > 0 ? String.format(Locale.ROOT, " (%,d per epoch)", perEpoch) : "", curve.y()[0], curve.max(), curve.min(),
        spec.learningRate(trainer, total - 1), total - 1);
    stdout.println("wrote " + output);
    return 0;
  }

  /**
   * Where each {@code then} phase after the first begins (in the chart's x unit) and the learning rate
   * there; phases starting at or after {@code total} are left out.
   */
  private static LrCurve phaseStarts(CompiledSpec spec, Trainer trainer, long perEpoch, long total) {
    List<Call> phases = spec.spec().schedule().phases();
    List<double[]> points = new ArrayList<>();
    long start = 0;
    for (int i = 0; i + 1 < phases.size(); i++) {
      if (!(phases.get(i).find("length").orElse(null) instanceof Value.Dur length)) {
        break;
      }
      start += length.toSteps(perEpoch > 0 ? perEpoch : Long.MAX_VALUE);
      if (start >= total) {
        break;
      }
      points.add(new double[] {perEpoch > 0 ? (double) start / perEpoch : start, spec.learningRate(trainer, start)});
    }
    return new LrCurve(points.stream().mapToDouble(p -> p[0]).toArray(), points.stream().mapToDouble(p -> p[1]).toArray());
  }

  /** The spec's schedule line as written, e.g. {@code warmup(linear, steps: 100) then cosine(steps: 800)}. */
  private static String scheduleText(CompiledSpec spec) {
    var t = spec.spec();
    String line = t.source().line(t.schedule().pos().line()).strip();
    int comment = line.indexOf("//");
    line = (comment >= 0 ? line.substring(0, comment) : line).strip();
    return line.startsWith("schedule ") ? line.substring("schedule ".length()) : "constant (no schedule)";
  }
}
