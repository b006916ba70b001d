package org.optspec.cli;

import com.sun.source.util.JavacTask;
import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Starts javac on a second thread while the spec is being generated, so that the first run of a spec
 * waits less for the real compile. A cold javac spends most of its time on itself, not on the source:
 * loading and initializing its classes, reading the platform's and the class path's packages, running
 * in the interpreter until the JIT has compiled it (a small class takes ~60% of the time the digits
 * trainer takes). Compiling {@link #SOURCE}, a small class that names the runtime types generated code
 * uses, pays those costs ahead, and its file manager, which keeps the class path's archive open and
 * indexed, is handed to the real compile.
 *
 * <p>Only the command line does this, and only when javac will run: after the spec index missed (a
 * warm run never starts it) and cancelled when the classes turn out to be cached after all. It
 * changes no class file (the test compares the bytes). It pays only together with the launcher's JIT
 * directives ({@code cli/src/main/jit/compile-time-code.json}), which keep C2 off compile-time code:
 * without them, warming javac and generating the spec compete for the C2 thread and the first run is
 * no faster (bench/RESULTS.md has both measurements).
 */
final class JavacWarmUp {
  static final String CLASS_NAME = "optspec.warmup.JavacWarmUp";

  /** A class shaped like generated code: the runtime types it names, arrays, loops, a record, the annotation. */
  static final String SOURCE = """
      package optspec.warmup;

      import java.nio.file.Path;
      import java.util.ArrayList;
      import java.util.List;
      import javax.annotation.processing.Generated;
      import org.optspec.runtime.DataParallelTrainer;
      import org.optspec.runtime.Dataset;
      import org.optspec.runtime.Init;
      import org.optspec.runtime.Metrics;
      import org.optspec.runtime.Model;
      import org.optspec.runtime.Preprocessing;
      import org.optspec.runtime.Rng;
      import org.optspec.runtime.StopReason;
      import org.optspec.runtime.TrainingListener;
      import org.optspec.runtime.TrainingReport;
      import org.optspec.runtime.checkpoint.DType;
      import org.optspec.runtime.checkpoint.SafeTensors;
      import org.optspec.runtime.data.DataPipeline;
      import org.optspec.runtime.kernels.Gemm;
      import org.optspec.runtime.kernels.Vectors;
      import org.optspec.runtime.progress.DivergenceException;
      import org.optspec.runtime.settings.RecordedSettings;
      import org.optspec.runtime.settings.SettingKey;

      @Generated("org.optspec.cli.JavacWarmUp")
      final class JavacWarmUp {
        static final int SIZE = 16;
        private final float[] params = new float[SIZE];
        private final float[] grads = new float[SIZE];
        private final List<String> names = new ArrayList<>();
        private DataParallelTrainer trainer;
        private Dataset data;
        private Init init;
        private Metrics metrics;
        private Model model;
        private Preprocessing preprocessing;
        private Rng rng;
        private StopReason stop;
        private TrainingListener listener;
        private TrainingReport report;
        private DType dtype;
        private SafeTensors tensors;
        private DataPipeline pipeline;
        private Gemm gemm;
        private DivergenceException divergence;
        private RecordedSettings recorded;
        private SettingKey key;
        private Path path;

        record Settings(int batch, double lr) {
          Settings {
            if (batch < 1) {
              throw new IllegalArgumentException("batch must be >= 1, got " + batch);
            }
          }
        }

        double update(double lr, long step) {
          float rate = (float) (lr / (1 - Math.pow(0.9, step + 1)));
          double sum = 0;
          for (int i = 0; i < SIZE; i++) {
            params[i] -= rate * grads[i] / ((float) Math.sqrt(grads[i] * grads[i]) + 1e-8f);
            sum += (double) params[i] * params[i];
          }
          return Vectors.allFinite(params, 0, SIZE) ? sum : Double.NaN;
        }
      }
      """;

  /** {@code -Doptspec.javac.warmup=false} turns the warm-up off (to measure it, or should it ever get in the way). */
  static final String PROPERTY = "optspec.javac.warmup";

  private static CompletableFuture<StandardJavaFileManager> warming;
  private static volatile boolean cancelled;

  private JavacWarmUp() {}

  /** Starts the warm-up on a daemon thread, once per process. */
  static synchronized void start() {
    if (warming == null && !"false".equals(System.getProperty(PROPERTY))) {
      cancelled = false;
      warming = CompletableFuture.supplyAsync(JavacWarmUp::warm, task -> {
        Thread thread = new Thread(task, "optspec-javac-warm-up");
        thread.setDaemon(true);
        thread.start();
      });
    }
  }

  /**
   * The warm-up's file manager once it has finished (waiting for it), or null when none was started, it
   * was cancelled or failed, or it was taken already. The caller owns it from then on.
   */
  static StandardJavaFileManager take() {
    CompletableFuture<StandardJavaFileManager> pending;
    synchronized (JavacWarmUp.class) {
      pending = warming;
      if (pending != null) {
        warming = CompletableFuture.completedFuture(null);  // taken: later compiles make their own
      }
    }
    StandardJavaFileManager warmed = pending == null ? null : pending.join();
    return cancelled ? null : warmed;
  }

  /** javac will not run after all (the classes were cached): the warm-up stops at its next phase. */
  static void cancel() {
    cancelled = true;
  }

  /** Forgets a finished or cancelled warm-up, so that tests can start another. */
  static synchronized void reset() {
    cancelled = true;
    if (warming != null) {
      warming.join();
    }
    warming = null;
  }

  private static StandardJavaFileManager warm() {
    try {
      JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
      if (javac == null || cancelled) {
        return null;
      }
      StandardJavaFileManager standard = javac.getStandardFileManager(null, Locale.ROOT, null);
      TaskListener stopWhenCancelled = new TaskListener() {
        @Override
        public void started(TaskEvent e) {
          if (cancelled) {
            throw new Cancelled();
          }
        }
      };
      InMemoryJavaCompiler.compile(javac, standard, Map.of(CLASS_NAME, SOURCE),
          task -> ((JavacTask) task).addTaskListener(stopWhenCancelled));
      return cancelled ? null : standard;
    } catch (RuntimeException | LinkageError e) {
      // a warm-up that fails (cancelled, or a runtime type renamed without updating SOURCE: JavacWarmUpTest
      // catches that) only means the real compile starts cold, as without it
      return null;
    }
  }

  private static final class Cancelled extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Cancelled() {
      super("javac warm-up cancelled", null, false, false);
    }
  }
}
