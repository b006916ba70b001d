package org.optspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.optspec.runtime.Dataset;
import org.optspec.runtime.Trainer;
import org.optspec.runtime.TrainingListener;
import org.optspec.runtime.checkpoint.SafeTensors;
import org.optspec.runtime.checkpoint.SafeTensorsWriter;
import org.optspec.spec.TrainerSpec;

/**
 * {@code optspec export}: the ONNX model, run by ONNX Runtime on raw CSV rows, predicts what the trainer's own
 * {@code predict} and the inference model ({@code <Name>Model.load}) do on the same raw rows, to 1e-5 (relative to
 * max(1, |value|): the graph runs in float32); with standardized targets also what {@code optspec predict} writes.
 * One spec per layer kind and output head.
 */
class ExportCommandTest {

  private static final Path SAMPLES = Cli.SAMPLES;
  private static final int ROWS = 300;

  /** The first {@code ROWS} data rows of a CSV: every cell, header skipped. */
  private static List<double[]> csv(Path file) throws IOException {
    List<double[]> rows = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      String[] cells = line.split(",");
      try {
        double[] row = new double[cells.length];
        for (int j = 0; j < cells.length; j++) {
          row[j] = Double.parseDouble(cells[j].strip());
        }
        rows.add(row);
      } catch (NumberFormatException header) {
        continue;
      }
      if (rows.size() == ROWS) {
        break;
      }
    }
    return rows;
  }

  /** What one spec's export must show. */
  private record Case(Path spec, Path csv, int epochs) {}

  /** What {@link #exportAndCompare} saw: the raw rows, ONNX Runtime's outputs and the checkpoint. */
  private record Compared(double[] raw, int rows, float[][] onnx, Path checkpoint, double worst) {}

  /**
   * Trains {@code c.spec} briefly, saves its checkpoint (parameters, evaluation state and the fitted preprocessing),
   * exports it with {@code optspec export}, and compares ONNX Runtime on the raw CSV rows with the trainer's
   * {@code predict} and with the inference model {@code <Name>Model.load(checkpoint)} on the same raw rows.
   */
  private static Compared exportAndCompare(Case c, Path dir) throws IOException, OrtException {
    CompiledSpec compiled = SpecCompilation.compileTrainer(c.spec(), new SpecOverrides(c.epochs(), null));
    TrainerSpec spec = compiled.spec();
    Trainer trainer = compiled.newTrainer();
    trainer.fit(compiled.loadData(c.csv()).train(), null, TrainingListener.NONE);
    Path checkpoint = dir.resolve("checkpoint.safetensors");
    trainer.save(checkpoint);

    List<double[]> rows = csv(c.csv());
    int n = rows.size();
    int inputs = trainer.inputSize();
    double[] raw = new double[n * inputs];
    for (int r = 0; r < n; r++) {
      System.arraycopy(rows.get(r), 0, raw, r * inputs, inputs);
    }

    Path onnx = dir.resolve("model.onnx");
    Cli.Run run = Cli.run("export", c.spec().toString(), "--model", checkpoint.toString(), "--onnx", onnx.toString());
    assertEquals(0, run.status(), run.err());
    assertTrue(run.out().startsWith("wrote " + onnx + ": " + spec.name() + ", input features [N, " + inputs + "]"), run.out());

    int outputs = trainer.outputSize();
    double[] predicted = new double[n * outputs];
    int targetColumns = spec.data().isClassification() ? 1 : outputs;
    trainer.predict(new Dataset(raw, new double[n * targetColumns], n, inputs, targetColumns, false), predicted);
    double[] modelled = new double[n * outputs];
    compiled.loadModel(checkpoint).predict(raw, n, modelled);
    float[][] got = run(onnx, raw, n, inputs);
    double worst = 0;
    for (int r = 0; r < n; r++) {
      assertEquals(outputs, got[r].length);
      for (int j = 0; j < outputs; j++) {
        double want = predicted[r * outputs + j];
        assertTrue(Double.isFinite(want), "row " + r);
        worst = Math.max(worst, Math.abs(got[r][j] - want) / Math.max(1, Math.abs(want)));
        worst = Math.max(worst, Math.abs(got[r][j] - modelled[r * outputs + j]) / Math.max(1, Math.abs(want)));
      }
    }
    assertTrue(worst <= 1e-5, spec.name() + ": ONNX Runtime and predict differ by " + worst);
    return new Compared(raw, n, got, checkpoint, worst);
  }

  private static void copyAll(SafeTensors from, SafeTensorsWriter to, java.util.function.Predicate<String> keep) {
    from.metadata().forEach(to::metadata);
    for (var t : from.tensors().values()) {
      if (!keep.test(t.name())) {
        continue;
      }
      switch (t.dtype()) {
        case F32 -> {
          float[] v = new float[(int) t.elements()];
          from.copy(t.name(), v, 0);
          to.add(t.name(), v, 0, v.length, t.shape());
        }
        case F64 -> {
          double[] v = new double[(int) t.elements()];
          from.copy(t.name(), v, 0);
          to.add(t.name(), v, 0, v.length, t.shape());
        }
        case I64 -> {
          int[] v = from.ints(t.name());
          to.add(t.name(), v, 0, v.length, t.shape());
        }
      }
    }
  }

  static float[][] run(Path onnx, double[] raw, int n, int inputs) throws OrtException {
    float[] input = new float[raw.length];
    for (int i = 0; i < raw.length; i++) {
      input[i] = (float) raw[i];
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession session = env.createSession(onnx.toString(), new OrtSession.SessionOptions());
        OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {n, inputs});
        OrtSession.Result result = session.run(Map.of("features", tensor))) {
      return (float[][]) result.get(0).getValue();
    }
  }

  @Test
  void digitsClassifierScaleDenseReluDropoutSoftmax(@TempDir Path dir) throws Exception {
    exportAndCompare(new Case(Cli.DIGITS, Cli.DIGITS_CSV, 2), dir);
  }

  @Test
  void diabetesRegressionWithStandardizedFeatures(@TempDir Path dir) throws Exception {
    exportAndCompare(new Case(Cli.DIABETES, Cli.DIABETES_CSV, 5), dir);
  }

  @Test
  void breastCancerBinaryCrossEntropyGivesBothClassProbabilities(@TempDir Path dir) throws Exception {
    exportAndCompare(new Case(SAMPLES.resolve("cancer/breast_cancer.optspec"), SAMPLES.resolve("cancer/breast_cancer.csv"), 3), dir);
  }

  @Test
  void batchnormLeakyReluTanhSigmoidAndASoftmaxLayer(@TempDir Path dir) throws Exception {
    Path spec = dir.resolve("layers.optspec");
    Files.writeString(spec, """
        trainer EveryLayer {
          precision float32
          seed 5
          data {
            source csv("digits.csv", target: last)
            features 64
            classes 10
            scale features 1/16
            standardize features
            split(test: 0.2, seed: 7)
          }
          model {
            dense(32)
            batchnorm(momentum: 0.2, eps: 1e-3)
            leaky_relu(0.05)
            dense(24, bias: false)
            tanh
            dropout(0.3)
            dense(16)
            sigmoid
            dense(10)
            softmax
          }
          loss softmax_cross_entropy
          optimizer adam(lr: 1e-2)
          batch 64
          epochs 2
        }
        """);
    exportAndCompare(new Case(spec, Cli.DIGITS_CSV, 2), dir);
  }

  @Test
  void rnnOverASequence(@TempDir Path dir) throws Exception {
    exportAndCompare(new Case(SAMPLES.resolve("sine/sine_rnn.optspec"), SAMPLES.resolve("sine/sine.csv"), 1), dir);
  }

  @Test
  void reluRnnInFloat64(@TempDir Path dir) throws Exception {
    Path spec = dir.resolve("relu_rnn.optspec");
    Files.writeString(spec, """
        trainer ReluRnn {
          precision float64
          seed 2
          data {
            source csv("sine.csv", target: last)
            sequence(length: 10, features: 5)
            targets 1
            split(test: 0.2, seed: 1)
          }
          model {
            rnn(8, activation: relu)
            dense(1)
          }
          loss mse
          optimizer sgd(lr: 1e-2)
          batch 32
          epochs 1
        }
        """);
    exportAndCompare(new Case(spec, SAMPLES.resolve("sine/sine.csv"), 1), dir);
  }

  @Test
  void factorizeWithBiasesGathersFromItsTables(@TempDir Path dir) throws Exception {
    exportAndCompare(new Case(SAMPLES.resolve("recommender/recommender.optspec"), SAMPLES.resolve("recommender/ratings.csv"), 1), dir);
  }

  @Test
  void standardizedTargetsComeBackInTheirOwnUnits(@TempDir Path dir) throws Exception {
    Path spec = dir.resolve("targets.optspec");
    Files.writeString(spec, """
        trainer StandardizedTargets {
          precision float64
          seed 1
          data {
            source csv("diabetes.csv", target: last)
            features 10
            targets 1
            standardize features
            standardize targets
            split(test: 0.2, seed: 3)
          }
          model {
            dense(8)
            relu
            dense(1)
          }
          loss huber
          optimizer adam(lr: 1e-2)
          batch 64
          epochs 3
        }
        """);
    Compared c = exportAndCompare(new Case(spec, Cli.DIABETES_CSV, 3), dir);
    // the third way to the same numbers: optspec predict on the CSV (its full row layout, the target ignored)
    Path out = dir.resolve("predicted.csv");
    Cli.Run r = Cli.run("predict", spec.toString(), "--model", c.checkpoint().toString(), "--data", Cli.DIABETES_CSV.toString(),
        "--out", out.toString());
    assertEquals(0, r.status(), r.err());
    List<String> lines = Files.readAllLines(out);
    double worst = 0;
    for (int row = 0; row < c.rows(); row++) {
      double value = Double.parseDouble(lines.get(1 + row));
      worst = Math.max(worst, Math.abs(c.onnx()[row][0] - value) / Math.max(1, Math.abs(value)));
    }
    assertTrue(worst <= 1e-5, "ONNX Runtime and optspec predict differ by " + worst);
    // the values are in the target's own units (diabetes progression, 25 to 346), not standardized ones
    double mean = 0;
    for (int row = 0; row < c.rows(); row++) {
      mean += c.onnx()[row][0] / c.rows();
    }
    assertTrue(mean > 50 && mean < 300, "mean prediction " + mean);
  }

  @Test
  void aCheckpointOfAnotherSpecIsRefused(@TempDir Path dir) {
    CompiledSpec digits = SpecCompilation.compileTrainer(Cli.DIGITS, SpecOverrides.NONE);
    Path checkpoint = dir.resolve("digits.safetensors");
    digits.newTrainer().save(checkpoint);
    Path onnx = dir.resolve("out.onnx");
    Cli.Run r = Cli.run("export", Cli.DIABETES.toString(), "--model", checkpoint.toString(), "--onnx", onnx.toString());
    assertEquals(1, r.status());
    assertTrue(r.err().startsWith("error: " + checkpoint + ": a checkpoint of spec DigitsClassifier"), r.err());
    assertFalse(Files.exists(onnx));
  }

  @Test
  void standardizeWithoutItsStatisticsInTheCheckpointIsALocatedError(@TempDir Path dir) {
    CompiledSpec diabetes = SpecCompilation.compileTrainer(Cli.DIABETES, SpecOverrides.NONE);
    Trainer trainer = diabetes.newTrainer();
    trainer.fit(diabetes.loadData(null).train(), null, TrainingListener.NONE);
    Path checkpoint = dir.resolve("diabetes.safetensors");
    trainer.save(checkpoint);
    // the kind of file written before the statistics were saved with the model: everything but preprocess.*
    SafeTensors saved = SafeTensors.read(checkpoint);
    SafeTensorsWriter old = SafeTensors.writer();
    copyAll(saved, old, name -> !name.startsWith("preprocess."));
    old.write(checkpoint);
    Cli.Run r = Cli.run("export", Cli.DIABETES.toString(), "--model", checkpoint.toString(), "--onnx", dir.resolve("o.onnx").toString());
    assertEquals(1, r.status());
    assertTrue(r.err().startsWith("error: " + Cli.DIABETES + ":10:5: standardize features needs the tensor \"preprocess.features.mean\""),
        r.err());
    assertFalse(Files.exists(dir.resolve("o.onnx")));
  }

}
