package org.optspec.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.LongToDoubleFunction;
import org.optspec.runtime.Objective;
import org.optspec.runtime.Trainer;
import org.optspec.runtime.data.DataException;
import org.optspec.spec.Call;
import org.optspec.spec.Spec;
import org.optspec.spec.Value;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code optspec plot schedule FILE... -o PNG}: the learning rate each spec's generated trainer (or objective) uses at
 * every step, from its closed-form schedule, one curve per spec on one chart. When a trainer's duration is in epochs,
 * its steps per epoch come from the data (the spec's, or {@code --data}). The x axis is in epochs when every spec is
 * a trainer with the same steps per epoch, in steps otherwise.
 */
@Command(
    name = "schedule",
    mixinStandardHelpOptions = true,
    description = {"Plots the learning rate over training as each spec defines it (the first parameter group's), one curve per spec.",
        "Durations in epochs are turned into steps with the spec's data and batch size; objectives count their steps."},
    footer = {"", "Examples:", "  optspec plot schedule samples/src/main/resources/org/optspec/samples/digits/digits.optspec -o schedule.png",
        "  optspec plot schedule digits.optspec docs/examples/digits_sgd.optspec docs/examples/rosenbrock_lion.optspec -o schedules.png"})
final class PlotScheduleCommand implements Callable<Integer> {
  private static final int MAX_POINTS = 5000;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "The .optspec files (trainers or objectives).")
  List<Path> files;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "PNG", description = "Write the chart here.")
  Path output;

  @Option(names = "--steps", paramLabel = "N", description = "Plot N steps (default: each spec's epochs × steps per epoch, or an objective's steps).")
  Long steps;

  @Option(names = "--data", paramLabel = "CSV", description = "Count trainers' steps per epoch on this CSV instead of the spec's.")
  Path data;

  /** One spec's schedule, sampled: its step-indexed learning rate and where its phases begin. */
  private record Sampled(String name, String schedule, LongToDoubleFunction lr, long total, long perEpoch) {}

  @Override
  public Integer call() {
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    if (steps != null && steps < 1) {
      return Errors.message(stderr, "--steps must be at least 1, got " + steps);
    }
    List<Sampled> specs = new ArrayList<>();
    List<List<Call>> phaseCalls = new ArrayList<>();
    try {
      for (Path file : files) {
        if (ObjectiveTraining.isObjective(file)) {
          ObjectiveRun run = ObjectiveRun.compile(file);
          Objective objective = run.newObjective();
          specs.add(new Sampled(run.name(), scheduleText(run.spec), objective::learningRate,
              steps != null ? steps : objective.steps(), 0));
          phaseCalls.add(run.spec.schedule().phases());
          continue;
        }
        CompiledSpec spec = SpecCompilation.compileTrainer(file, SpecOverrides.NONE);
        Trainer trainer = spec.newTrainer();
        long perEpoch = 0;
        if (steps == null || spec.scheduleNeedsStepsPerEpoch()) {
          perEpoch = spec.stepsPerEpoch(spec.loadData(data).train().rows());
          spec.setStepsPerEpoch(trainer, perEpoch);
        }
        specs.add(new Sampled(spec.name(), scheduleText(spec.spec()), step -> spec.learningRate(trainer, step),
            steps != null ? steps : perEpoch * spec.spec().epochs(), perEpoch));
        phaseCalls.add(spec.spec().schedule().phases());
      }
    } catch (SpecCompilation.SpecFailure e) {
      return Errors.spec(stderr, e);
    } catch (DataException e) {
      return Errors.data(stderr, e);
    }
    long unit = specs.get(0).perEpoch();
    for (Sampled s : specs) {
      if (s.perEpoch() != unit) {
        unit = 0;
      }
    }
    List<ScheduleChart.Curve> curves = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      Sampled s = specs.get(i);
      LrCurve curve = LrCurve.sample(s.lr(), 0, s.total(), MAX_POINTS, unit > 0 ? unit : 1);
      LrCurve phases = phaseStarts(phaseCalls.get(i), s, unit);
      curves.add(new ScheduleChart.Curve(specs.size() == 1 ? s.schedule() : s.name() + ": " + s.schedule(), curve, phases));
      stdout.printf(Locale.ROOT, "%s: %s%n", s.name(), s.schedule());
      stdout.printf(Locale.ROOT, "%,d steps%s; lr %.4g at step 0, max %.4g, min %.4g, %.4g at step %,d%n", s.total(),
          s.perEpoch() > 0 ? String.format(Locale.ROOT, " (%,d per epoch)", s.perEpoch()) : "", curve.y()[0], curve.max(),
          curve.min(), s.lr().applyAsDouble(s.total() - 1), s.total() - 1);
    }
    String title = specs.size() == 1 ? specs.get(0).name() + ": learning rate" : "Learning rate";
    try {
      Png.write(ScheduleChart.of(title, curves, unit), output);
    } catch (IOException e) {
      return Errors.message(stderr, output + ": cannot write the plot: " + e);
    }
    stdout.println("wrote " + output);
    return 0;
  }

  /**
   * Where each {@code then} phase after the first begins (in the chart's x unit) and the learning rate
   * there; phases starting at or after the spec's last step are left out.
   */
  private static LrCurve phaseStarts(List<Call> phases, Sampled s, long unit) {
    List<double[]> points = new ArrayList<>();
    long start = 0;
    for (int i = 0; i + 1 < phases.size(); i++) {
      if (!(phases.get(i).find("length").orElse(null) instanceof Value.Dur length)) {
        break;
      }
      start += length.toSteps(s.perEpoch() > 0 ? s.perEpoch() : Long.MAX_VALUE);
      if (start >= s.total()) {
        break;
      }
      points.add(new double[] {unit > 0 ? (double) start / unit : start, s.lr().applyAsDouble(start)});
    }
    return new LrCurve(points.stream().mapToDouble(p -> p[0]).toArray(), points.stream().mapToDouble(p -> p[1]).toArray());
  }

  /** The spec's schedule line as written, e.g. {@code warmup(linear, steps: 100) then cosine(steps: 800)}. */
  static String scheduleText(Spec spec) {
    if (spec.schedule().phases().isEmpty()) {
      return "constant (no schedule)";
    }
    return SourceLines.statement(spec, spec.schedule().pos(), "schedule").orElse("constant (no schedule)");
  }
}
