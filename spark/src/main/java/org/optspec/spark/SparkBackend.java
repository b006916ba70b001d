package org.optspec.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.optspec.cli.DataParallelBackend;
import org.optspec.runtime.DataParallelTrainer;
import org.optspec.runtime.Trainer;
import org.optspec.runtime.TrainingReport;

/**
 * {@code optspec train --spark URL}: the session for the URL ({@link SparkSessions}), the command line's generated
 * classes in a jar the executors load (a cluster's executors have only Spark and optspec-spark), and
 * {@link SparkTrainer} on the command line's trainer. {@code optspec sweep --spark URL}: the same session and jar,
 * and {@link SparkSweep}'s one task per trial.
 */
public final class SparkBackend implements DataParallelBackend {

  @Override
  public TrainingReport fit(Request request) {
    Trainer trainer = request.trainer();
    if (!(trainer instanceof DataParallelTrainer dataParallel)) {
      throw new IllegalArgumentException(trainer.name() + " cannot train data-parallel: its spec has batchnorm, "
          + "natural_gradient or gradient accumulation, whose batch gradient is not a sum over rows (docs/SPARK.md)");
    }
    Strategy strategy = Strategy.parse(request.strategy());
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    // in local mode the executors are threads of this JVM whose loader's parent is this thread's loader now
    thread.setContextClassLoader(trainer.getClass().getClassLoader());
    SparkSession spark = null;
    try {
      spark = SparkSessions.connect(request.master(), "optspec " + trainer.name());
      if (!request.classes().isEmpty() && !request.master().startsWith("local")) {
        spark.sparkContext().addJar(jar(request.classes()).toUri().toString());
      }
      SparkTrainer run = SparkTrainer.of(dataParallel).strategy(strategy).listener(request.listener());
      if (request.checkpoint() != null) {
        run.checkpoint(request.checkpoint(), request.checkpointEvery());
      }
      if (request.resumedFrom() != null) {
        run.resumeFrom(request.resumedFrom());
      }
      return run.fit(spark, request.train(), request.validation()).report();
    } finally {
      if (spark != null) {
        spark.stop();
      }
      thread.setContextClassLoader(previous);
    }
  }

  @Override
  public List<Trial> sweep(SweepRequest request) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(request.trainerClass().getClassLoader());
    SparkSession spark = null;
    try {
      spark = SparkSessions.connect(request.master(), "optspec sweep " + request.trainerClass().getSimpleName());
      if (!request.classes().isEmpty() && !request.master().startsWith("local")) {
        spark.sparkContext().addJar(jar(request.classes()).toUri().toString());
      }
      List<SparkSweep.Outcome> outcomes = SparkSweep.run(JavaSparkContext.fromSparkContext(spark.sparkContext()),
          request.trainerClass().getName(), request.settings(), request.train(), request.validation(),
          request.evaluation());
      return outcomes.stream().map(o -> new Trial(o.report(), o.metrics())).toList();
    } finally {
      if (spark != null) {
        spark.stop();
      }
      thread.setContextClassLoader(previous);
    }
  }

  /** The class files in a temporary jar (deleted when this JVM ends). */
  static Path jar(Map<String, byte[]> classes) {
    try {
      Path jar = Files.createTempFile("optspec-trainer-", ".jar");
      jar.toFile().deleteOnExit();
      try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
        for (Map.Entry<String, byte[]> c : classes.entrySet()) {
          out.putNextEntry(new JarEntry(c.getKey().replace('.', '/') + ".class"));
          out.write(c.getValue());
          out.closeEntry();
        }
      }
      return jar;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the trainer's jar for the executors", e);
    }
  }
}
