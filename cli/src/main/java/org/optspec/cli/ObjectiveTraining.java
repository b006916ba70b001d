package org.optspec.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import org.optspec.grammar.Frontend;
import org.optspec.runtime.Objective;
import org.optspec.runtime.ObjectiveReport;
import org.optspec.runtime.TrainingListener;
import org.optspec.runtime.progress.DivergenceException;
import org.optspec.spec.ObjectiveSpec;
import org.optspec.spec.StopRule;

/**
 * {@code optspec train} on an {@code objective}: there is no data to load and nothing to evaluate, so it compiles the
 * spec, minimizes (honouring {@code steps N} and {@code stop when loss < x}), prints progress about ten times, then
 * the final loss and every parameter element.
 */
final class ObjectiveTraining {

  private ObjectiveTraining() {}

  /** Whether {@code file} checks as an objective (a spec with errors is the trainer path's to report). */
  static boolean isObjective(Path file) {
    return Frontend.check(file).spec().filter(ObjectiveSpec.class::isInstance).isPresent();
  }

  /** An instance of a generated objective class. */
  static Objective newObjective(Class<?> generated) {
    try {
      return (Objective) generated.getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot instantiate " + generated.getName(), e);
    }
  }

  /** {@code  ± 0.012} after an estimate's loss (the last step's standard error); nothing for an exact loss. */
  static String standardError(Objective objective) {
    return objective.samples() > 0 ? " ± " + objective.lossStandardError() : "";
  }

  static int train(Path file, PrintStream out, PrintStream err) {
    Objective objective;
    ObjectiveSpec spec;
    try {
      spec = (ObjectiveSpec) Frontend.check(file).spec().orElseThrow();
      objective = newObjective(CheckedSpecCompiler.compileAndLoad(spec));
    } catch (SpecCompilation.SpecFailure e) {
      return Errors.spec(err, e);
    }
    String[] names = objective.parameterNames();
    out.printf(Locale.ROOT, "%s: %d parameter elements, up to %d steps, loss %s%n", objective.name(), names.length,
        objective.steps(), objective.loss());
    long every = Math.max(1, objective.steps() / 10);
    long started = System.nanoTime();
    ObjectiveReport report;
    try {
      report = objective.minimize(new TrainingListener() {
        @Override
        public void onStep(int epoch, long step, double loss, double lr) {
          if (!Double.isFinite(loss)) {
            throw new DivergenceException(step, "the loss", loss);
          }
          if (step % every == 0) {
            out.printf(Locale.ROOT, "step %d  loss %s%s  lr %s%n", step, loss, standardError(objective), lr);
          }
        }
      });
      for (double v : objective.parameters()) {
        if (!Double.isFinite(v)) {
          throw new DivergenceException(objective.stepCount(), "a parameter after the last update", v);
        }
      }
    } catch (DivergenceException e) {
      err.println(file + ": error: the objective diverged at " + e.getMessage());
      return 1;
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    out.printf(Locale.ROOT, "%s after %d steps in %.3f s: loss %s%s%n",
        report.stopped() ? "stopped (stop rule)" : "finished", report.steps(), seconds, report.loss(),
        objective.samples() > 0 ? String.format(Locale.ROOT, " ± %s (standard error over %d samples)",
            report.standardError(), objective.samples()) : "");
    // A stop rule that never fired is worth saying: the loss the user asked for was not reached.
    spec.stop().filter(rule -> !report.stopped() && rule.kind() == StopRule.Kind.BELOW).ifPresent(rule ->
        out.printf(Locale.ROOT, "%s: the stop rule (loss < %s) was not met in %d steps%n", rule.pos(), rule.threshold(),
            report.steps()));
    double[] values = objective.parameters();
    for (int i = 0; i < names.length; i++) {
      out.println("  " + names[i] + " = " + values[i]);
    }
    return 0;
  }
}
