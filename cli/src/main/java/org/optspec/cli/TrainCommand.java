package org.optspec.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.optspec.runtime.TrainingListener;
import org.optspec.runtime.checkpoint.CheckpointException;
import org.optspec.runtime.io.AtomicFiles;
import org.optspec.runtime.data.DataException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code optspec train FILE}: compiles the spec in process, loads its data (or {@code --data}), trains
 * with a progress bar or one line per epoch, prints a summary and writes what {@code --out} and
 * {@code --report} ask for. A spec, data or checkpoint error stops it before anything is written.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {"Compiles a spec, trains it on the data it names and reports test metrics.",
        "With --out DIR: DIR/checkpoint.safetensors (rewritten atomically after every epoch), DIR/report.json, DIR/loss.png."},
    footer = {"", "Example:",
        "  optspec train samples/src/main/resources/org/optspec/samples/digits/digits.optspec --epochs 5 --out runs/digits"})
final class TrainCommand implements Callable<Integer> {
  static final String CHECKPOINT = "checkpoint.safetensors";

  @Parameters(index = "0", paramLabel = "FILE", description = "The .optspec file.")
  Path file;

  @Option(names = "--data", paramLabel = "CSV", description = "Train on this CSV instead of the spec's (same columns, preprocessing and split).")
  Path data;

  @Option(names = DataPaths.ALLOW_FLAG,
      description = "Let the spec read a data file outside its own folder tree (refused by default: a spec may come from anyone).")
  boolean allowDataOutside;

  @Option(names = "--epochs", paramLabel = "N", description = "Train for N epochs instead of the spec's count (--set epochs=N).")
  Integer epochs;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Change a setting without recompiling (repeatable): optimizer.lr=0.01, optimizer.betas=(0.9,0.99), "
          + "group.biases.weight_decay=0, schedule.cosine.min_lr=1e-5, epochs=5, seed=1. optspec settings FILE lists them.")
  List<String> sets = new ArrayList<>();

  @Option(names = "--out", paramLabel = "DIR", description = "Write checkpoint.safetensors, report.json and loss.png here.")
  Path out;

  @Option(names = "--resume", paramLabel = "CKPT",
      description = "Continue from this checkpoint (written by --out): parameters, optimizer state, step, epoch, shuffle order and RNG state.")
  Path resume;

  @Option(names = "--init-from", paramLabel = "WEIGHTS",
      description = {"Start from these weights (a safetensors file: torch nn.Sequential names 0.weight, 0.bias, 2.weight, ...,",
          "or ours, dense0.weight, e.g. another run's checkpoint) instead of the spec's init; optimizer state starts fresh."})
  Path initFrom;

  @Option(names = "--report", paramLabel = "JSON", description = "Write the JSON report here too.")
  Path report;

  @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
      description = "auto (a bar on a terminal, lines otherwise), bar or lines. Default: ${DEFAULT-VALUE}.")
  String progress;

  @Option(names = "--print-every", paramLabel = "N",
      description = "Leave a progress line every N epochs (and the first and last). Default: about 20 lines per run; report.json has every epoch.")
  Integer printEvery;

  @Option(names = "--spark", paramLabel = "URL",
      description = "Train data-parallel on Apache Spark: local[*] in this process, spark://HOST:PORT on a standalone cluster; needs optspec-spark and Spark on the class path (docs/SPARK.md).")
  String spark;

  @Option(names = "--strategy", paramLabel = "S", defaultValue = "sync",
      description = "With --spark: sync (every step's batch split over the partitions: one machine's trajectory) or average:K (each partition trains K steps, then parameters and optimizer state are averaged).")
  String strategy;

  @Option(names = "--checkpoint-every", paramLabel = "N",
      description = "With --spark and --out: save the checkpoint every N steps too (it is saved every epoch).")
  Long checkpointEvery;
  @Option(names = "--ui", description = "Serve a live page of the run on 127.0.0.1 (loss, validation metrics, lr, gradient norm, "
      + "update/weight ratios, settings; needs the optspec-ui module); it stays up after training until Ctrl-C.")
  boolean ui;

  @Option(names = "--ui-port", paramLabel = "PORT", description = "The live page's port (default: an ephemeral one, printed).")
  Integer uiPort;

  @Option(names = "--ui-exit", description = "Stop the live page when training ends instead of serving on until Ctrl-C.")
  boolean uiExit;

  @Override
  public Integer call() {
    PhaseTimes.mark("command line (picocli)");
    if (ObjectiveTraining.isObjective(file)) {
      if (!sets.isEmpty()) {
        return Errors.message(System.err, "--set is for trainers; an objective's values are its spec's");
      }
      return ObjectiveTraining.train(file, System.out, System.err);
    }
    try {
      return train();
    } finally {
      if (outputLock != null) {
        outputLock.close();
      }
    }
  }

  /** {@code --out}'s lock, taken once the spec, the data and the checkpoint are good, held until the run ends. */
  private OutputLock outputLock;

  private int train() {
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    if (epochs != null && epochs < 1) {
      return Errors.message(stderr, "--epochs must be at least 1, got " + epochs);
    }
    if (printEvery != null && printEvery < 1) {
      return Errors.message(stderr, "--print-every must be at least 1, got " + printEvery);
    }
    if (spark == null && (checkpointEvery != null || !strategy.equals("sync"))) {
      return Errors.message(stderr, "--strategy and --checkpoint-every are for --spark runs");
    }
    if (checkpointEvery != null && (checkpointEvery < 1 || out == null)) {
      return Errors.message(stderr, "--checkpoint-every needs N >= 1 and --out DIR, got " + checkpointEvery
          + (out == null ? " without --out" : ""));
    }
    DataParallelBackend backend = null;
    if (spark != null) {
      try {
        backend = DataParallelBackend.find();
      } catch (IllegalStateException e) {
        return Errors.message(stderr, e.getMessage());
      }
    }
    ProgressMode mode;
    try {
      mode = ProgressMode.valueOf(progress.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return Errors.message(stderr, "--progress must be auto, bar or lines, got " + progress);
    }
    TrainingRun run;
    try {
      CompiledSpec spec = SpecCompilation.compileTrainer(file, SpecOverrides.NONE).allowDataOutside(allowDataOutside);
      run = new TrainingRun(spec.use(spec.settings().with(RunSettings.aliases(sets, epochs, null))), data);
    } catch (SpecCompilation.SpecFailure e) {
      return Errors.spec(stderr, e);
    } catch (RunSettings.BadSetting e) {
      return Errors.message(stderr, e.getMessage());
    } catch (DataException e) {
      return Errors.data(stderr, e);
    }
    int epochCount = run.spec.epochs();
    if (resume != null && initFrom != null) {
      return Errors.message(stderr, "--resume and --init-from exclude each other: --resume continues a run, --init-from starts one");
    }
    if (initFrom != null) {
      try {
        run.trainer.initFrom(initFrom);
      } catch (CheckpointException e) {
        return Errors.message(stderr, e.getMessage());
      }
      stdout.println("initial weights from " + initFrom);
    }
    if (resume != null) {
      try {
        run.trainer.load(resume);
      } catch (CheckpointException e) {
        return Errors.message(stderr, e.getMessage());
      }
      if (run.trainer.epochsCompleted() >= epochCount) {
        return Errors.message(stderr, "nothing to train: " + resume + " has completed " + run.trainer.epochsCompleted() + " of "
            + epochCount + " epochs; give --epochs N with N > " + run.trainer.epochsCompleted());
      }
      stdout.printf(Locale.ROOT, "resuming from %s: epoch %d, step %,d%n", resume, run.trainer.epochsCompleted(),
          run.trainer.stepCount());
    }
    stdout.printf(Locale.ROOT, "%s: %,d parameters, %,d training rows%s, %d epochs of %,d steps%n", run.trainer.name(),
        run.trainer.parameterCount(), run.trainRows(),
        run.evaluation == null ? "" : String.format(Locale.ROOT, ", %,d %s rows", run.evaluation.rows(),
            run.evaluation == run.data.test() ? "test" : "validation"),
        epochCount, run.stepsPerEpoch());
    EpochCadence cadence = printEvery != null ? new EpochCadence(printEvery, epochCount) : EpochCadence.auto(epochCount);
    TrainingListener progressListener = mode.listener(stdout, epochCount, run.trainRows(), run.validationLabel, cadence);
    if (out != null) {
      try {
        outputLock = OutputLock.acquire(out, stdout);
      } catch (OutputLock.Busy e) {
        return Errors.message(stderr, e.getMessage());
      }
    }
    EpochCheckpointer checkpointer = out == null ? null : new EpochCheckpointer(run.trainer, out.resolve(CHECKPOINT));
    TrainingListener listener = TrainingListener.all(progressListener,
        checkpointer == null ? new FiniteParameters(run.trainer) : checkpointer);
    if (!ui) {
      return fit(run, backend, listener, progressListener, checkpointer, stdout, stderr);
    }
    LivePage page;
    try {
      page = LivePages.start(uiPort, stdout);
    } catch (java.io.IOException e) {
      return Errors.message(stderr, e.getMessage());
    }
    LiveListener live = new LiveListener(page, run.trainer.name(), run);
    int status = 1;
    try {
      status = fit(run, backend, TrainingListener.all(listener, live), progressListener, checkpointer, stdout, stderr);
    } finally {
      live.end(status == 0 ? "finished" : "failed (see the terminal)");
      LivePages.finish(page, uiExit, stdout);
    }
    return status;
  }

  private int fit(TrainingRun run, DataParallelBackend backend, TrainingListener listener, TrainingListener progressListener, EpochCheckpointer checkpointer,
      PrintStream stdout, PrintStream stderr) {
    long firstStep = run.trainer.stepCount();
    TrainingRun.Result result;
    try {
      result = backend == null ? run.fitKeepingDivergence(listener)
          : run.fitOn(backend, spark, strategy, out == null ? null : out.resolve(CHECKPOINT),
              checkpointEvery == null ? 0 : checkpointEvery, resume, listener);
    } catch (CheckpointException | IllegalStateException | IllegalArgumentException e) {
      // IllegalArgumentException: resumed on rows whose preprocessing statistics differ from the checkpoint's
      finishProgress(progressListener);
      return Errors.message(stderr, e.getMessage());
    }
    if (result.divergence() != null) {
      finishProgress(progressListener);
      stderr.println("error: training diverged at " + result.divergence().where());
      stderr.println(checkpointer == null ? "no checkpoint: train with --out DIR to keep one per epoch" : checkpointer.describe());
      try {
        writeReports(ReportJson.of(run, result), stdout);
      } catch (IOException e) {
        return Errors.message(stderr, "cannot write the report: " + e);
      }
      return 1;
    }
    stdout.println();
    stdout.print(TrainSummary.of(run, result));
    try {
      writeOutputs(run, result, firstStep, stdout);
    } catch (IOException e) {
      return Errors.message(stderr, "cannot write the results: " + e);
    }
    return 0;
  }

  private static void finishProgress(TrainingListener listener) {
    if (listener instanceof ProgressBarPrinter bar) {
      bar.finish();
    }
  }

  private void writeOutputs(TrainingRun run, TrainingRun.Result result, long firstStep, PrintStream stdout) throws IOException {
    String json = ReportJson.of(run, result);
    if (out != null) {
      AtomicFiles.write(out.resolve("report.json"), json);
      if (result.report().history().isEmpty()) {
        // resumed at the epoch it stops after: no epoch to plot, the checkpoint and loss.png are the earlier run's
        stdout.println("wrote " + out.resolve("report.json") + " (no epoch ran: " + out.resolve(CHECKPOINT) + " and "
            + out.resolve("loss.png") + " are left as they were)");
      } else {
        Png.write(LossChart.of(run.trainer.name(), result.report().history(), run.validationLabel,
            step -> run.spec.learningRate(run.trainer, step), run.stepsPerEpoch(), firstStep), out.resolve("loss.png"));
        stdout.println("wrote " + out.resolve(CHECKPOINT) + ", " + out.resolve("report.json") + ", " + out.resolve("loss.png"));
      }
    }
    if (report != null) {
      AtomicFiles.write(report, json);
      stdout.println("wrote " + report);
    }
  }

  /** A diverged run's report.json in {@code --out} and at {@code --report}: stop_reason diverged, the good epochs. */
  private void writeReports(String json, PrintStream stdout) throws IOException {
    for (Path file : out == null ? new Path[] {report} : new Path[] {out.resolve("report.json"), report}) {
      if (file != null) {
        AtomicFiles.write(file, json);
        stdout.println("wrote " + file + " (stop_reason diverged)");
      }
    }
  }
}
