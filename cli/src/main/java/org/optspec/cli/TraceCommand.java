package org.optspec.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.optspec.grammar.Frontend;
import org.optspec.runtime.checkpoint.CheckpointException;
import org.optspec.runtime.data.DataException;
import org.optspec.runtime.io.AtomicFiles;
import org.optspec.runtime.progress.DivergenceException;
import org.optspec.spec.CheckResult;
import org.optspec.spec.ObjectiveSpec;
import org.optspec.spec.Spec;
import org.optspec.spec.TrainerSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code optspec trace FILE --steps N --out trace.csv}: runs an objective (or a trainer, full batch) for N steps and
 * writes {@code step,lr,loss,<parameter elements>}. Row k (k = 0..N) holds the parameters after k steps, the loss at
 * them and the learning rate step k+1 uses (torch's {@code get_last_lr()} after k scheduler steps); every number is
 * printed with {@code Double.toString}, so parsing it gives back the exact double.
 */
@Command(
    name = "trace",
    mixinStandardHelpOptions = true,
    description = "Runs an objective (or a trainer, full batch, unshuffled) step by step and writes its trajectory as CSV.",
    footer = {"", "Example:", "  optspec trace rosenbrock.optspec --steps 100 --out trace.csv"})
final class TraceCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "FILE", description = "The .optspec file.")
  Path file;

  @Option(names = "--steps", paramLabel = "N",
      description = "Optimizer steps to run (default: the objective's steps, or the trainer's epochs: one full-batch step each).")
  Long steps;

  @Option(names = DataPaths.ALLOW_FLAG,
      description = "Let a spec read a data file outside its own folder tree (refused by default: a spec may come from anyone).")
  boolean allowDataOutside;

  @Option(names = "--out", paramLabel = "CSV", description = "Write the trace here (default: standard output).")
  Path out;

  @Option(names = "--init-from", paramLabel = "WEIGHTS",
      description = "A trainer starts from these weights (safetensors; torch nn.Sequential names or ours), e.g. to compare with torch from the same start.")
  Path initFrom;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "A trainer: change a setting without recompiling (repeatable), as train --set.")
  List<String> sets = new ArrayList<>();

  @Override
  public Integer call() {
    CheckResult checked = Frontend.check(file);
    if (!checked.ok()) {
      return Errors.spec(System.err, new SpecCompilation.SpecFailure(checked.diagnostics()));
    }
    if (!sets.isEmpty() && checked.spec().get() instanceof ObjectiveSpec) {
      return Errors.message(System.err, "--set is for trainers; an objective's values are its spec's");
    }
    if (initFrom != null && checked.spec().get() instanceof ObjectiveSpec) {
      return Errors.message(System.err, "--init-from is for trainers; an objective starts from the values its spec declares");
    }
    TraceSubject subject;
    try {
      subject = subject(file, checked.spec().get(), initFrom, sets, allowDataOutside);
    } catch (SpecCompilation.SpecFailure e) {
      return Errors.spec(System.err, e);
    } catch (DataException e) {
      return Errors.data(System.err, e);
    } catch (CheckpointException e) {
      return Errors.message(System.err, e.getMessage());
    } catch (RunSettings.BadSetting e) {
      return Errors.message(System.err, e.getMessage());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("the generated class lacks a method the trace needs", e);
    }
    if (steps != null && steps < 0) {
      System.err.println("--steps must be >= 0, got " + steps);
      return 1;
    }
    long n = steps != null ? steps : subject.specSteps();
    PrintWriter stdout = new PrintWriter(System.out, false);
    try {
      if (out == null) {
        write(subject, n, stdout);
        stdout.flush();
      } else {
        StringWriter text = new StringWriter();
        write(subject, n, text);
        AtomicFiles.write(out, text.toString());
        System.err.println("trace: " + out + " (" + n + " steps)");
      }
    } catch (DivergenceException e) {
      // the step stopped before its update: the rows so far are the run's, up to the parameters of the last finite loss
      stdout.flush();
      System.err.println(file + ": error: the run diverged at " + e.getMessage() + "; "
          + (out == null ? "the rows above are the steps before it" : "no trace written to " + out));
      return 1;
    } catch (IOException e) {
      System.err.println(out + ": cannot write trace: " + e.getMessage());
      return 1;
    }
    return 0;
  }

  /** What {@code trace} (and {@code plot loss}) steps: the objective itself, or the trainer on its whole training split. */
  static TraceSubject subject(Path file, Spec spec, Path initFrom, List<String> sets, boolean allowDataOutside)
      throws ReflectiveOperationException {
    if (spec instanceof ObjectiveSpec) {
      return new ObjectiveTraceSubject(ObjectiveTraining.newObjective(CheckedSpecCompiler.compileAndLoad(spec)));
    }
    return FullBatchTrainerSubject.load(file, initFrom, sets, allowDataOutside);
  }

  /**
   * The header, then rows 0..n: row k before step k+1; RFC 4180, so {@code "dense0.weight[0,1]"} is quoted. A sampled
   * objective's rows end with the estimate's standard error ({@code loss_stderr}).
   */
  static void write(TraceSubject subject, long n, Writer w) throws IOException {
    CsvOutput csv = new CsvOutput(w);
    List<String> fields = new ArrayList<>(List.of("step", "lr", "loss"));
    fields.addAll(List.of(subject.parameterNames()));
    boolean sampled = subject.sampled();
    if (sampled) {
      fields.add("loss_stderr");
    }
    csv.record(fields);
    for (long k = 0; k <= n; k++) {
      fields.clear();
      fields.add(Long.toString(k));
      fields.add(Double.toString(subject.learningRate(k)));
      fields.add(Double.toString(subject.loss()));
      for (double p : subject.parameters()) {
        fields.add(Double.toString(p));
      }
      if (sampled) {
        fields.add(Double.toString(subject.lossStandardError()));
      }
      csv.record(fields);
      if (k < n) {
        subject.step();
      }
    }
    csv.close();
  }
}
