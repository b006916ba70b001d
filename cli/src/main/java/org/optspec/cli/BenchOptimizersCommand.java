package org.optspec.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.optspec.runtime.Dataset;
import org.optspec.runtime.TrainingListener;
import org.optspec.runtime.TrainingListener.EpochSummary;
import org.optspec.runtime.data.DataException;
import org.optspec.runtime.data.Splits;
import org.optspec.runtime.progress.DivergenceException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code optspec bench-optimizers SPEC --optimizers sgd,adam,... --sizes 100,400,...}: the spec's model trained with
 * each optimizer (catalogue defaults, {@link OptimizerChoice}) at each problem size, a size being the number of
 * training rows (the first N rows of the spec's training split; validation and test splits stay whole). Every run has
 * the spec's seed, schedule, batch and epochs, so two optimizers of one size see the same rows in the same order from
 * the same initial weights. Runs go on a thread pool ({@code --threads}); each has its own trainer and the trainers
 * share nothing, so the figures are those of a sequential run (only the wall times differ).
 */
@Command(
    name = "bench-optimizers",
    mixinStandardHelpOptions = true,
    description = {"Trains the spec's model with each optimizer at each size (training rows) and compares them:",
        "final loss, test loss, wall time, steps to come within 10% of the size's best loss; a table and a chart per size."},
    footer = {"", "Example:", "  optspec bench-optimizers samples/src/main/resources/org/optspec/samples/diabetes/diabetes.optspec "
        + "--optimizers sgd,sgd:momentum=0.9,adam,nadam,adafactor --sizes 100,353 --epochs 20 --plot runs/bench"})
final class BenchOptimizersCommand implements Callable<Integer> {

  @Parameters(paramLabel = "SPEC", description = "The trainer spec whose model and data every run uses.")
  Path file;

  @Option(names = "--optimizers", required = true, split = ",", paramLabel = "NAME[:OPTION=VALUE...]",
      description = "Optimizers from the catalogue, with its defaults unless options follow (sgd:momentum=0.9, adam:lr=0.01).")
  List<String> optimizers;

  @Option(names = "--sizes", split = ",", paramLabel = "ROWS",
      description = "Training rows per problem size: the first ROWS rows of the training split (default: all of it).")
  List<Integer> sizes;

  @Option(names = "--epochs", paramLabel = "N", description = "Train every run for N epochs (default: the spec's).")
  Integer epochs;

  @Option(names = "--data", paramLabel = "CSV", description = "Load this CSV instead of the spec's data file.")
  Path data;

  @Option(names = "--threads", paramLabel = "N",
      description = "Runs at once (default: the available processors). The figures do not depend on it.")
  Integer threads;

  @Option(names = "--plot", paramLabel = "DIR", description = "Write one chart per size here: bench_<ROWS>.png.")
  Path plotDir;

  /** One run's outcome: its fit, or the sentence saying where it diverged. */
  record Outcome(OptimizerChoice optimizer, int rows, TrainingRun run, TrainingRun.Result result, String diverged) {}

  @Override
  public Integer call() {
    PrintStream out = System.out;
    PrintStream err = System.err;
    if (epochs != null && epochs < 1) {
      return Errors.message(err, "--epochs must be at least 1, got " + epochs);
    }
    if (threads != null && threads < 1) {
      return Errors.message(err, "--threads must be at least 1, got " + threads);
    }
    List<OptimizerChoice> choices = new ArrayList<>();
    try {
      for (String item : optimizers) {
        choices.add(OptimizerChoice.parse(item));
      }
    } catch (IllegalArgumentException e) {
      return Errors.message(err, "--optimizers: " + e.getMessage());
    }
    if (choices.stream().map(OptimizerChoice::label).distinct().count() < choices.size()) {
      return Errors.message(err, "--optimizers names an optimizer twice: " + optimizers);
    }
    if (ObjectiveTraining.isObjective(file)) {
      return Errors.message(err, file + " is an objective; bench-optimizers trains a trainer spec (compare objectives with `optspec compare`)");
    }
    // compile every optimizer's trainer first, in order (javac runs here, one at a time), then load the data once
    List<CompiledSpec> compiled = new ArrayList<>();
    Splits splits;
    try {
      for (OptimizerChoice choice : choices) {
        compiled.add(SpecCompilation.compileTrainer(file, new SpecOverrides(epochs, null, choice.call())));
      }
      splits = compiled.get(0).loadData(data);
    } catch (SpecCompilation.SpecFailure e) {
      return Errors.spec(err, e);
    } catch (DataException e) {
      return Errors.data(err, e);
    }
    int all = splits.train().rows();
    List<Integer> rows = sizes != null ? sizes : List.of(all);
    for (int n : rows) {
      if (n < 1 || n > all) {
        return Errors.message(err, "--sizes: " + n + " training rows asked for; the training split has " + all);
      }
    }
    out.printf(Locale.ROOT, "%s: %d optimizers x %d sizes (training rows of %,d), seed %d, %d epochs%n", compiled.get(0).name(),
        choices.size(), rows.size(), all, compiled.get(0).spec().seed(), compiled.get(0).spec().epochs());
    List<Outcome> outcomes;
    try {
      outcomes = runAll(choices, compiled, splits, rows);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Errors.message(err, "interrupted");
    }
    for (int s = 0; s < rows.size(); s++) {
      int n = rows.get(s);
      List<Outcome> size = outcomes.subList(s * choices.size(), (s + 1) * choices.size());
      out.println();
      out.printf(Locale.ROOT, "%,d training rows%n", n);
      out.print(table(size));
      if (plotDir != null) {
        Path png = plotDir.resolve("bench_" + n + ".png");
        List<CompareChart.Curve> curves = size.stream().filter(o -> o.result() != null)
            .map(o -> new CompareChart.Curve(o.optimizer().label(), o.result().report().history(), o.run().validationLabel)).toList();
        try {
          Files.createDirectories(plotDir);
          Png.write(CompareChart.of(String.format(Locale.ROOT, "%s, %,d training rows: loss per epoch", compiled.get(0).name(), n),
              curves), png);
        } catch (IOException e) {
          return Errors.message(err, png + ": cannot write the plot: " + e);
        }
        out.println("wrote " + png);
      }
    }
    return 0;
  }

  /** Every (size, optimizer) run, in that order, on the pool; each run its own trainer over its own rows. */
  private List<Outcome> runAll(List<OptimizerChoice> choices, List<CompiledSpec> compiled, Splits splits, List<Integer> rows)
      throws InterruptedException {
    int tasks = choices.size() * rows.size();
    int pool = Math.max(1, Math.min(tasks, threads != null ? threads : Runtime.getRuntime().availableProcessors()));
    ExecutorService executor = Executors.newFixedThreadPool(pool, r -> {
      Thread t = new Thread(r, "bench-optimizers");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<Outcome>> futures = new ArrayList<>();
      for (int n : rows) {
        Splits sized = firstRows(splits, n);
        for (int c = 0; c < choices.size(); c++) {
          OptimizerChoice choice = choices.get(c);
          CompiledSpec spec = compiled.get(c);
          futures.add(executor.submit(() -> {
            TrainingRun run = new TrainingRun(spec, sized);
            try {
              return new Outcome(choice, n, run, run.fit(TrainingListener.NONE), null);
            } catch (DivergenceException e) {
              return new Outcome(choice, n, run, null, e.getMessage());
            }
          }));
        }
      }
      List<Outcome> outcomes = new ArrayList<>();
      for (Future<Outcome> f : futures) {
        try {
          outcomes.add(f.get());
        } catch (ExecutionException e) {
          throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
      }
      return outcomes;
    } finally {
      executor.shutdownNow();
    }
  }

  /** The splits with only the first {@code n} training rows. */
  static Splits firstRows(Splits splits, int n) {
    Dataset train = splits.train();
    if (n == train.rows()) {
      return splits;
    }
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    return new Splits(train.select(order, 0, n), splits.validation(), splits.test(), splits.preprocessing());
  }

  /** One size's table: one row per optimizer. */
  static String table(List<Outcome> size) {
    double best = Double.POSITIVE_INFINITY;
    for (Outcome o : size) {
      if (o.result() != null) {
        for (EpochSummary s : o.result().report().history()) {
          best = Math.min(best, s.trainLoss());
        }
      }
    }
    TextTable table = new TextTable("optimizer", "final train loss", "test loss", "steps", "steps to ≤110% best", "time");
    for (Outcome o : size) {
      if (o.result() == null) {
        table.row(o.optimizer().label(), "diverged", "—", "—", o.diverged(), "—");
        continue;
      }
      TrainingRun.Result r = o.result();
      long near = CompareCommand.stepsToNearBest(r.report().history(), best);
      table.row(o.optimizer().label(), TrainSummary.number(r.finalTrainLoss()),
          r.test() == null ? "—" : TrainSummary.number(r.test().get("loss")),
          String.format(Locale.ROOT, "%,d", r.report().steps()),
          near < 0 ? "never" : String.format(Locale.ROOT, "%,d", near),
          String.format(Locale.ROOT, "%.2f s", r.report().seconds()));
    }
    return table.render() + String.format(Locale.ROOT,
        "best train loss %s; \"steps to ≤110%% best\": the first epoch end within 10%% of it%n", TrainSummary.number(best));
  }
}
