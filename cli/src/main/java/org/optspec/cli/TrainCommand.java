package org.optspec.cli;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.optspec.runtime.Dataset;
import org.optspec.runtime.Metrics;
import org.optspec.runtime.Trainer;
import org.optspec.runtime.TrainingListener.EpochSummary;
import org.optspec.runtime.TrainingReport;
import org.optspec.runtime.data.DataException;
import org.optspec.runtime.data.DataPipeline;
import org.optspec.runtime.data.Splits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code optspec train FILE}: compiles the spec in process, loads the data it names (paths relative to
 * the spec file), trains, evaluates on the test split and optionally writes a JSON report.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = "Compiles a spec, trains it on the data it names and reports test metrics.",
    footer = {"", "Example:", "  optspec train samples/src/main/resources/org/optspec/samples/digits/digits.optspec --report digits.json"})
final class TrainCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "FILE", description = "The .optspec file.")
  Path file;

  @Option(names = "--report", paramLabel = "JSON", description = "Write a JSON report here.")
  Path report;

  @Override
  public Integer call() {
    if (ObjectiveTraining.isObjective(file)) {
      return ObjectiveTraining.train(file, System.out, System.err);
    }
    Class<?> trainerClass;
    try {
      trainerClass = SpecCompilation.compileTrainerClass(file);
    } catch (SpecCompilation.SpecFailure e) {
      e.diagnostics.forEach(d -> System.err.println(d.format()));
      return 1;
    }
    Splits splits;
    try {
      DataPipeline pipeline = (DataPipeline) trainerClass.getMethod("data").invoke(null);
      Path baseDir = file.toAbsolutePath().getParent();
      splits = pipeline.load(baseDir);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("generated trainer has no data() method", e);
    } catch (DataException e) {
      System.err.println(e.getMessage());
      return 1;
    }
    Trainer trainer = SpecCompilation.newTrainer(trainerClass);
    Dataset evaluation = splits.test() != null ? splits.test() : splits.validation();
    Dataset validation = splits.validation() != null ? splits.validation() : splits.test();
    String validationLabel = splits.validation() != null ? "val" : "test";
    System.out.printf(Locale.ROOT, "%s: %,d parameters, %,d training rows%s%n", trainer.name(), trainer.parameterCount(),
        splits.train().rows(), evaluation == null ? "" : String.format(Locale.ROOT, ", %,d test rows", evaluation.rows()));
    TrainingReport result = trainer.fit(splits.train(), validation, new EpochPrinter(System.out, splits.train().rows(), validationLabel));
    Metrics test = evaluation == null ? null : trainer.evaluate(evaluation);
    System.out.printf(Locale.ROOT, "trained %d epochs, %,d steps in %.2f s (%,.0f samples/s)%n",
        result.epochs(), result.steps(), result.seconds(), result.samplesPerSecond());
    if (test != null) {
      System.out.println("test: " + test);
    }
    if (report != null) {
      try {
        writeAtomically(report, Json.write(reportJson(trainer, result, test)));
      } catch (IOException e) {
        System.err.println(report + ": cannot write report: " + e.getMessage());
        return 1;
      }
      System.out.println("report: " + report);
    }
    return 0;
  }

  private Map<String, Object> reportJson(Trainer trainer, TrainingReport result, Metrics test) {
    Map<String, Object> train = new LinkedHashMap<>();
    train.put("seconds", result.seconds());
    train.put("samples_per_second", result.samplesPerSecond());
    train.put("steps", result.steps());
    train.put("epochs", result.epochs());
    train.put("samples", result.samples());
    List<Map<String, Object>> history = result.history().stream().map(TrainCommand::epochJson).toList();
    train.put("history", history);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("spec", file.toString());
    json.put("trainer", trainer.name());
    json.put("parameters", trainer.parameterCount());
    json.put("train", train);
    json.put("test", test == null ? Map.of() : new LinkedHashMap<String, Object>(test.values()));
    return json;
  }

  private static Map<String, Object> epochJson(EpochSummary s) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("epoch", s.epoch());
    e.put("step", s.step());
    e.put("train_loss", s.trainLoss());
    e.put("validation_loss", s.validationLoss());
    e.put("lr", s.lr());
    e.put("seconds", s.seconds());
    return e;
  }

  /** Write to a temporary file beside the target, then rename, so a reader never sees half a report. */
  static void writeAtomically(Path target, String text) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, target.getFileName().toString(), ".tmp");
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
