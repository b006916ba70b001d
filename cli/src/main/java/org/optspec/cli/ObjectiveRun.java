package org.optspec.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.optspec.grammar.Frontend;
import org.optspec.runtime.Objective;
import org.optspec.runtime.TrainingListener;
import org.optspec.spec.CheckResult;
import org.optspec.spec.ObjectiveSpec;

/**
 * An objective spec compiled and loaded in this process, and what one run of it did: the loss after every step and,
 * when asked, the parameters after every step (its path). {@code compare}, {@code plot loss}, {@code plot path} and
 * {@code bench-optimizers} all run objectives through here.
 */
final class ObjectiveRun {
  final Path file;
  final ObjectiveSpec spec;
  private final Class<?> type;

  private ObjectiveRun(Path file, ObjectiveSpec spec, Class<?> type) {
    this.file = file;
    this.spec = spec;
    this.type = type;
  }

  /** Checks and compiles {@code file}, which {@link #isObjective} has said is an objective; throws {@code SpecFailure}. */
  static ObjectiveRun compile(Path file) {
    CheckResult checked = Frontend.check(file);
    if (!checked.ok()) {
      throw new SpecCompilation.SpecFailure(checked.diagnostics());
    }
    ObjectiveSpec spec = (ObjectiveSpec) checked.spec().orElseThrow();
    return new ObjectiveRun(file, spec, CheckedSpecCompiler.compileAndLoad(spec));
  }

  /** Whether every file checks as an objective (a file with errors counts as a trainer, whose path reports them). */
  static boolean allObjectives(List<Path> files) {
    return files.stream().allMatch(ObjectiveTraining::isObjective);
  }

  static boolean anyObjective(List<Path> files) {
    return files.stream().anyMatch(ObjectiveTraining::isObjective);
  }

  Objective newObjective() {
    return ObjectiveTraining.newObjective(type);
  }

  String name() {
    return spec.name();
  }

  /**
   * Runs a fresh instance: with {@code steps} null the spec's own run ({@code steps N}, ending early at its
   * {@code stop when loss < x}, exactly as {@code train} does), otherwise exactly {@code steps} steps.
   */
  Result run(Long steps, boolean keepPath) {
    Objective o = newObjective();
    List<Double> losses = new ArrayList<>();
    List<double[]> path = new ArrayList<>();
    if (keepPath) {
      path.add(o.parameters());
    }
    long started = System.nanoTime();
    boolean stopped = false;
    if (steps == null) {
      stopped = o.minimize(new TrainingListener() {
        @Override
        public void onStep(int epoch, long step, double loss, double lr) {
          losses.add(loss);
          if (keepPath) {
            path.add(o.parameters());
          }
        }
      }).stopped();
    } else {
      for (long k = 0; k < steps; k++) {
        losses.add(o.step());
        if (keepPath) {
          path.add(o.parameters());
        }
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    losses.add(o.loss());
    return new Result(losses.stream().mapToDouble(Double::doubleValue).toArray(), path, stopped, seconds, o.parameterNames());
  }

  /**
   * @param losses {@code losses[k]}: the loss at the parameters after k steps, k = 0..steps
   * @param path the parameters (declaration order) after k steps, k = 0..steps; empty unless asked for
   */
  record Result(double[] losses, List<double[]> path, boolean stopped, double seconds, String[] parameterNames) {

    long steps() {
      return losses.length - 1;
    }

    double finalLoss() {
      return losses[losses.length - 1];
    }

    double bestLoss() {
      double best = Double.POSITIVE_INFINITY;
      for (double l : losses) {
        best = Math.min(best, l);
      }
      return best;
    }

    /** The first step after which the loss is within 10% of {@code best}; -1 if never. */
    long stepsToNear(double best) {
      double threshold = best + 0.1 * Math.abs(best);
      for (int k = 0; k < losses.length; k++) {
        if (losses[k] <= threshold) {
          return k;
        }
      }
      return -1;
    }
  }
}
