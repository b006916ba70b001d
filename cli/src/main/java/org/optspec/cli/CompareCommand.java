package org.optspec.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.optspec.runtime.TrainingListener;
import org.optspec.runtime.TrainingListener.EpochSummary;
import org.optspec.runtime.data.DataException;
import org.optspec.runtime.progress.DivergenceException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code optspec compare A.optspec B.optspec ...}: trains every spec on the same rows with the same
 * seed, prints one row per spec (final losses, accuracy or r², steps to come within 10% of the best
 * loss any of them reached, wall time, throughput) and plots the loss curves together.
 */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description = {"Trains several specs on the same data with the same seed and compares them side by side.",
        "Every spec is compiled and its data loaded before any training starts.",
        "Objectives (all of them objectives) are each minimized from their own start and compared the same way."},
    footer = {"", "Examples:", "  optspec compare adam.optspec sgd.optspec --epochs 10 --plot compare.png",
        "  optspec compare docs/examples/rosenbrock_adam.optspec docs/examples/rosenbrock_nadam.optspec --plot loss.png"})
final class CompareCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "The .optspec files to compare.")
  List<Path> files;

  @Option(names = "--data", paramLabel = "CSV", description = "Train every spec on this CSV (default: the data the specs name, which must be the same file).")
  Path data;

  @Option(names = DataPaths.ALLOW_FLAG,
      description = "Let a spec read a data file outside its own folder tree (refused by default: a spec may come from anyone).")
  boolean allowDataOutside;

  @Option(names = "--seed", paramLabel = "N", description = "The seed for every spec (default: the first spec's seed).")
  Long seed;

  @Option(names = "--epochs", paramLabel = "N", description = "Train every spec for N epochs (default: each spec's own).")
  Integer epochs;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Change a setting of every spec without recompiling (repeatable), as train --set; each spec must have the key.")
  List<String> sets = new ArrayList<>();

  @Option(names = "--steps", paramLabel = "N", description = "Objectives: run every spec exactly N steps (default: each spec's steps and stop rule).")
  Long steps;

  @Option(names = "--plot", paramLabel = "PNG", description = "Plot the loss curves here (log scale).")
  Path plot;

  @Option(names = "--ui", description = "Trainers: serve a live page of the runs on 127.0.0.1, one curve per spec (needs the optspec-ui module).")
  boolean ui;

  @Option(names = "--ui-port", paramLabel = "PORT", description = "The live page's port (default: an ephemeral one, printed).")
  Integer uiPort;

  @Option(names = "--ui-exit", description = "Stop the live page when the runs end instead of serving on until Ctrl-C.")
  boolean uiExit;

  @Override
  public Integer call() {
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    if (epochs != null && epochs < 1) {
      return Errors.message(stderr, "--epochs must be at least 1, got " + epochs);
    }
    if (steps != null && steps < 1) {
      return Errors.message(stderr, "--steps must be at least 1, got " + steps);
    }
    if (ObjectiveRun.allObjectives(files)) {
      if (ui) {
        return Errors.message(stderr, "--ui shows trainers' runs; these specs are objectives (use --plot PNG)");
      }
      if (data != null || seed != null || epochs != null || !sets.isEmpty()) {
        return Errors.message(stderr, "--data, --seed, --epochs and --set apply to trainers; these specs are objectives (use --steps N)");
      }
      return ObjectiveComparison.run(files, steps, plot, stdout, stderr);
    }
    if (ObjectiveRun.anyObjective(files)) {
      for (Path file : files) {
        var checked = org.optspec.grammar.Frontend.check(file);
        if (!checked.ok()) {
          return Errors.spec(stderr, new SpecCompilation.SpecFailure(checked.diagnostics()));
        }
      }
      return Errors.message(stderr, "compare either trainers or objectives: "
          + files.stream().filter(ObjectiveTraining::isObjective).findFirst().orElseThrow() + " is an objective, "
          + files.stream().filter(f -> !ObjectiveTraining.isObjective(f)).findFirst().orElseThrow() + " is not");
    }
    if (steps != null) {
      return Errors.message(stderr, "--steps applies to objectives; give trainers --epochs N");
    }
    List<TrainingRun> runs = new ArrayList<>();
    try {
      Long common = seed;
      for (Path file : files) {
        CompiledSpec spec = SpecCompilation.compileTrainer(file, SpecOverrides.NONE).allowDataOutside(allowDataOutside);
        spec.use(spec.settings().with(RunSettings.aliases(sets, epochs, common)));
        common = spec.seed();
        runs.add(new TrainingRun(spec, data));
      }
    } catch (SpecCompilation.SpecFailure e) {
      return Errors.spec(stderr, e);
    } catch (RunSettings.BadSetting e) {
      return Errors.message(stderr, e.getMessage());
    } catch (DataException e) {
      return Errors.data(stderr, e);
    }
    String mismatch = data == null ? differentData(runs) : null;
    if (mismatch != null) {
      return Errors.message(stderr, mismatch + "; pass --data CSV to compare them on the same rows");
    }
    TrainingRun first = runs.get(0);
    stdout.printf(Locale.ROOT, "same data: %,d training rows%s; seed %d%n", first.trainRows(),
        first.evaluation == null ? "" : String.format(Locale.ROOT, ", %,d %s rows", first.evaluation.rows(),
            first.evaluation == first.data.test() ? "test" : "validation"),
        first.spec.seed());
    LivePage page = null;
    if (ui) {
      try {
        page = LivePages.start(uiPort, stdout);
      } catch (IOException e) {
        return Errors.message(stderr, e.getMessage());
      }
    }
    try {
      return compare(runs, page, stdout, stderr);
    } finally {
      if (page != null) {
        LivePages.finish(page, uiExit, stdout);
      }
    }
  }

  private int compare(List<TrainingRun> runs, LivePage page, PrintStream stdout, PrintStream stderr) {
    List<TrainingRun.Result> results = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      TrainingRun run = runs.get(i);
      stdout.printf(Locale.ROOT, "training %s (%s)...%n", run.trainer.name(), run.spec.file().getFileName());
      LiveListener live = page == null ? null : new LiveListener(page, label(runs, i), run);
      try {
        results.add(run.fit(live == null ? TrainingListener.NONE : live));
      } catch (DivergenceException e) {
        if (live != null) {
          live.end("diverged at " + e.getMessage());
        }
        return Errors.message(stderr, run.trainer.name() + " diverged at " + e.getMessage() + "; nothing was compared");
      }
      if (live != null) {
        live.end("finished");
      }
    }
    stdout.println();
    stdout.print(CompareTable.of(runs, results));
    if (plot != null) {
      List<CompareChart.Curve> curves = new ArrayList<>();
      for (int i = 0; i < runs.size(); i++) {
        curves.add(new CompareChart.Curve(label(runs, i), results.get(i).report().history(), runs.get(i).validationLabel));
      }
      try {
        Png.write(CompareChart.of(curves), plot);
      } catch (IOException e) {
        return Errors.message(stderr, plot + ": cannot write the plot: " + e);
      }
      stdout.println("wrote " + plot);
    }
    return 0;
  }

  /** The trainer's name, or the file name when two specs share a trainer name. */
  static String label(List<TrainingRun> runs, int i) {
    String name = runs.get(i).trainer.name();
    long same = runs.stream().filter(r -> r.trainer.name().equals(name)).count();
    return same > 1 ? runs.get(i).spec.file().getFileName().toString() : name;
  }

  /** A sentence naming two specs whose data files differ in content, or null when all read the same bytes. */
  private static String differentData(List<TrainingRun> runs) {
    Path firstFile = dataFile(runs.get(0));
    for (TrainingRun run : runs.subList(1, runs.size())) {
      Path other = dataFile(run);
      try {
        if (!firstFile.equals(other) && Files.mismatch(firstFile, other) != -1) {
          return runs.get(0).spec.file() + " trains on " + firstFile + " but " + run.spec.file() + " on " + other;
        }
      } catch (IOException e) {
        return "cannot compare " + firstFile + " with " + other + ": " + e.getMessage();
      }
    }
    return null;
  }

  private static Path dataFile(TrainingRun run) {
    String csv = run.spec.spec().data().source().string("file");
    return run.spec.file().toAbsolutePath().getParent().resolve(csv).normalize();
  }

  /** The first step at which a run's epoch loss came within 10% of the best loss any run reached; -1 if never. */
  static long stepsToNearBest(List<EpochSummary> history, double best) {
    double threshold = best + 0.1 * Math.abs(best);
    for (EpochSummary s : history) {
      if (s.trainLoss() <= threshold) {
        return s.step();
      }
    }
    return -1;
  }
}
