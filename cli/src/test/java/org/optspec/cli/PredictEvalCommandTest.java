package org.optspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.optspec.runtime.Dataset;
import org.optspec.runtime.Metrics;
import org.optspec.runtime.Model;
import org.optspec.runtime.Trainer;

/**
 * {@code optspec predict} and {@code optspec eval}, and the acceptance test of "preprocessing belongs to the model": a
 * spec that standardizes its features and its targets is trained by {@code optspec train}; raw rows predicted through
 * the inference model and through {@code optspec predict} agree (to 1e-5, in fact to the last digit) and are what
 * {@code evaluate} saw.
 */
class PredictEvalCommandTest {

  static final String HOUSES = """
      // House prices in thousands from size (m²), rooms and age (years): raw units of very different scales.
      trainer HousePrices {
        precision float64
        seed 4
        data {
          source csv("houses.csv", columns: (size, rooms, age, price))
          features 3
          targets 1
          scale features 0.5
          standardize features
          standardize targets
          split(test: 0.2, validation: 0.1, seed: 2)
        }
        model {
          dense(16)
          tanh
          dense(1)
        }
        loss mse
        optimizer adam(lr: 0.01)
        batch 32
        epochs 60
      }
      """;

  /** Writes the spec, its CSV ({@code n} rows with a header) and returns the spec's path. */
  static Path houses(Path dir, int n) throws IOException {
    Path spec = dir.resolve("houses.optspec");
    Files.writeString(spec, HOUSES);
    Files.writeString(dir.resolve("houses.csv"), houseRows(new Random(6), n, true));
    return spec;
  }

  static String houseRows(Random random, int n, boolean withPrice) {
    StringBuilder b = new StringBuilder(withPrice ? "size,rooms,age,price\n" : "size,rooms,age\n");
    for (int r = 0; r < n; r++) {
      double size = 40 + Math.round(1600 * random.nextDouble()) / 10.0;
      int rooms = 1 + random.nextInt(6);
      int age = random.nextInt(80);
      double price = 300 + 2.5 * size + 20 * rooms - 1.5 * age + 10 * random.nextGaussian();
      b.append(size).append(',').append(rooms).append(',').append(age);
      if (withPrice) {
        b.append(',').append(Math.round(price * 100) / 100.0);
      }
      b.append('\n');
    }
    return b.toString();
  }

  private static double[][] parse(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv);
    double[][] rows = new double[lines.size() - 1][];
    for (int i = 1; i < lines.size(); i++) {
      String[] cells = lines.get(i).split(",");
      rows[i - 1] = new double[cells.length];
      for (int c = 0; c < cells.length; c++) {
        rows[i - 1][c] = Double.parseDouble(cells[c]);
      }
    }
    return rows;
  }

  @Test
  void rawRowsThroughTheModelAndThroughPredictAgreeAndAreWhatEvaluateSaw(@TempDir Path dir) throws IOException {
    Path spec = houses(dir, 400);
    Path run = dir.resolve("run");
    Cli.Run trained = Cli.run("train", spec.toString(), "--out", run.toString());
    assertEquals(0, trained.status(), trained.err());
    Path checkpoint = run.resolve("checkpoint.safetensors");

    // new raw rows, features only, in the units of the CSV
    Path rows = dir.resolve("new.csv");
    Files.writeString(rows, houseRows(new Random(99), 50, false));
    Path predictions = dir.resolve("predictions.csv");
    Cli.Run predicted = Cli.run("predict", spec.toString(), "--model", checkpoint.toString(), "--data", rows.toString(),
        "--out", predictions.toString());
    assertEquals(0, predicted.status(), predicted.err());
    List<String> out = Files.readAllLines(predictions);
    assertEquals("price", out.get(0), "one column per target, named as in the spec");
    assertEquals(51, out.size());

    // the inference model, loaded from the same checkpoint
    CompiledSpec compiled = SpecCompilation.compileTrainer(spec, new SpecOverrides(null, null));
    Model model = compiled.loadModel(checkpoint);
    double[][] raw = parse(rows);
    double[] one = new double[1];
    Trainer trainer = compiled.newTrainer();
    trainer.load(checkpoint);
    double[] seen = new double[raw.length];
    trainer.predict(Dataset.features(raw), seen);
    for (int r = 0; r < raw.length; r++) {
      model.predict(raw[r], one);
      double viaCommand = Double.parseDouble(out.get(r + 1));
      assertEquals(one[0], viaCommand, 1e-5, "row " + r);
      assertEquals(one[0], viaCommand, 0, "row " + r + ": the CSV keeps every digit");
      assertEquals(seen[r], one[0], 0, "row " + r + ": what the trainer's predict gives");
      assertTrue(one[0] > 200 && one[0] < 1000, "a price in thousands, not a standardized value: " + one[0]);
    }

    // evaluate on the test split saw exactly these predictions: its mse (in thousands²) is theirs
    var splits = compiled.loadData(null);
    Dataset test = splits.test();
    double[] testPredictions = new double[test.rows()];
    trainer.predict(test, testPredictions);
    double[] prices = trainer.preprocessing().originalTargets(test);
    double[][] testRaw = parse(dir.resolve("houses.csv"));
    double sse = 0;
    int matched = 0;
    for (int r = 0; r < test.rows(); r++) {
      // find the test row among the raw rows by its price, and predict the raw features through the model
      for (double[] row : testRaw) {
        if (Math.abs(row[3] - prices[r]) < 1e-9) {
          model.predict(new double[] {row[0], row[1], row[2]}, one);
          assertEquals(testPredictions[r], one[0], 1e-9 * Math.abs(one[0]), "test row " + r);
          matched++;
          break;
        }
      }
      sse += (testPredictions[r] - prices[r]) * (testPredictions[r] - prices[r]);
    }
    assertTrue(matched >= test.rows() - 2, matched + " of " + test.rows() + " test rows found by price");
    Metrics metrics = trainer.evaluate(test);
    assertEquals(sse / test.rows(), metrics.get("mse"), 1e-9 * metrics.get("mse"));
    assertTrue(metrics.get("rmse") < 40, "rmse in thousands: " + metrics);
  }

  @Test
  void predictTakesTheSpecsFullRowsToo(@TempDir Path dir) throws IOException {
    Path spec = houses(dir, 200);
    Path run = dir.resolve("run");
    assertEquals(0, Cli.run("train", spec.toString(), "--epochs", "3", "--out", run.toString()).status());
    Path checkpoint = run.resolve("checkpoint.safetensors");
    Path full = dir.resolve("full.csv");
    Files.writeString(full, houseRows(new Random(5), 20, true));
    Path features = dir.resolve("features.csv");
    Files.writeString(features, houseRows(new Random(5), 20, false));
    Path a = dir.resolve("a.csv");
    Path b = dir.resolve("b.csv");
    assertEquals(0, Cli.run("predict", spec.toString(), "--model", checkpoint.toString(), "--data", full.toString(),
        "--out", a.toString()).status());
    assertEquals(0, Cli.run("predict", spec.toString(), "--model", checkpoint.toString(), "--data", features.toString(),
        "--out", b.toString()).status());
    assertEquals(Files.readAllLines(b), Files.readAllLines(a), "the targets of full rows are ignored");
  }

  @Test
  void anyOtherColumnCountIsALocatedError(@TempDir Path dir) throws IOException {
    Path spec = houses(dir, 200);
    Path run = dir.resolve("run");
    assertEquals(0, Cli.run("train", spec.toString(), "--epochs", "2", "--out", run.toString()).status());
    Path bad = dir.resolve("bad.csv");
    Files.writeString(bad, "size,rooms\n50,2\n60,3\n");
    Path out = dir.resolve("p.csv");
    Cli.Run r = Cli.run("predict", spec.toString(), "--model", run.resolve("checkpoint.safetensors").toString(),
        "--data", bad.toString(), "--out", out.toString());
    assertEquals(1, r.status());
    assertTrue(r.err().contains(bad + ":2:1: error: expected 3 columns (the features) or 4 (the spec's rows: features"
        + " and the target), found 2"), r.err());
    assertFalse(Files.exists(out));
    Cli.Run eval = Cli.run("eval", spec.toString(), "--model", run.resolve("checkpoint.safetensors").toString(),
        "--data", dir.resolve("nothing.csv").toString());
    assertEquals(1, eval.status());
    assertTrue(eval.err().contains("nothing.csv: error: file not found"), eval.err());
  }

  @Test
  void evalPrintsTheMetricsPerClassTheConfusionMatrixAndDrawsIt(@TempDir Path dir) throws IOException {
    Path run = dir.resolve("run");
    assertEquals(0, Cli.run("train", Cli.DIGITS.toString(), "--epochs", "3", "--out", run.toString()).status());
    Path report = dir.resolve("eval.json");
    Path plot = dir.resolve("confusion.png");
    Cli.Run r = Cli.run("eval", Cli.DIGITS.toString(), "--model", run.resolve("checkpoint.safetensors").toString(),
        "--data", Cli.DIGITS_CSV.toString(), "--report", report.toString(), "--plot", plot.toString());
    assertEquals(0, r.status(), r.err());
    for (String row : new String[] {"loss", "accuracy", "macro_f1", "class", "actual \\ predicted"}) {
      assertTrue(r.out().lines().anyMatch(l -> l.startsWith(row + " ")), row + ":\n" + r.out());
    }
    assertTrue(r.out().contains("1,797 rows"), r.out());
    String json = Files.readString(report);
    assertTrue(json.contains("\"confusion\"") && json.contains("\"precision\"") && json.contains("\"macro_f1\""), json);
    PngAssertions.assertChart(plot);
    assertTrue(PngAssertions.pixelsOf(plot, ChartStyle.PALETTE[2]) > 300, "the diagonal outlined");

    Path features = dir.resolve("features.csv");
    List<String> lines = new ArrayList<>();
    for (String l : Files.readAllLines(Cli.DIGITS_CSV)) {
      lines.add(l.substring(0, l.lastIndexOf(',')));
    }
    Files.write(features, lines);
    Cli.Run noTargets = Cli.run("eval", Cli.DIGITS.toString(), "--model", run.resolve("checkpoint.safetensors").toString(),
        "--data", features.toString());
    assertEquals(1, noTargets.status());
    assertTrue(noTargets.err().contains("eval needs the spec's full rows"), noTargets.err());
  }

  /** The digits file by String.split and Double.parseDouble, no header: 64 pixels, then the label. */
  private static double[][] digitsRows() throws IOException {
    List<String> lines = Files.readAllLines(Cli.DIGITS_CSV);
    double[][] rows = new double[lines.size()][];
    for (int r = 0; r < rows.length; r++) {
      String[] cells = lines.get(r).split(",");
      rows[r] = new double[cells.length];
      for (int c = 0; c < cells.length; c++) {
        rows[r][c] = Double.parseDouble(cells[c]);
      }
    }
    return rows;
  }

  @Test
  void predictAndEvalOnTheDigitsGiveWhatTheModelGivesOnTheFilesRows(@TempDir Path dir) throws IOException {
    // the rows now go straight into their arrays after a counting pass: what they predict and score is unchanged
    Path run = dir.resolve("run");
    assertEquals(0, Cli.run("train", Cli.DIGITS.toString(), "--epochs", "1", "--out", run.toString()).status());
    Path checkpoint = run.resolve("checkpoint.safetensors");
    CompiledSpec compiled = SpecCompilation.compileTrainer(Cli.DIGITS, new SpecOverrides(null, null));
    Model model = compiled.loadModel(checkpoint);
    Trainer trainer = compiled.newTrainer();
    trainer.load(checkpoint);
    double[][] rows = digitsRows();
    int n = rows.length;
    double[] x = new double[n * 64];
    double[] y = new double[n];
    for (int r = 0; r < n; r++) {
      System.arraycopy(rows[r], 0, x, r * 64, 64);
      y[r] = rows[r][64];
    }
    double[] p = new double[n * model.outputSize()];
    model.predict(x, n, p);
    String expected = PredictCommand.csv(model, compiled.pipeline().targetNames(), p, n);

    Path features = dir.resolve("features.csv");
    List<String> lines = new ArrayList<>();
    for (String l : Files.readAllLines(Cli.DIGITS_CSV)) {
      lines.add(l.substring(0, l.lastIndexOf(',')));
    }
    Files.write(features, lines);
    for (Path data : new Path[] {Cli.DIGITS_CSV, features}) {
      Path out = dir.resolve("p.csv");
      Cli.Run r = Cli.run("predict", Cli.DIGITS.toString(), "--model", checkpoint.toString(), "--data", data.toString(),
          "--out", out.toString());
      assertEquals(0, r.status(), r.err());
      assertEquals(expected, Files.readString(out), "predictions of " + data);
      assertEquals("", r.err(), "a small file: no progress lines");
    }

    Cli.Run eval = Cli.run("eval", Cli.DIGITS.toString(), "--model", checkpoint.toString(), "--data",
        Cli.DIGITS_CSV.toString());
    assertEquals(0, eval.status(), eval.err());
    String table = EvalCommand.table(trainer.evaluate(new Dataset(x, y, n, 64, 1)));
    assertTrue(eval.out().contains(table), table + "\nnot in\n" + eval.out());
    assertTrue(eval.out().contains("1,797 rows"), eval.out());
  }

  @Test
  void aBadCellOrLabelIsReportedAtItsRowAndColumnByTrainPredictAndEval(@TempDir Path dir) throws IOException {
    Path run = dir.resolve("run");
    assertEquals(0, Cli.run("train", Cli.DIGITS.toString(), "--epochs", "1", "--out", run.toString()).status());
    String checkpoint = run.resolve("checkpoint.safetensors").toString();
    List<String> lines = Files.readAllLines(Cli.DIGITS_CSV);
    Path bad = dir.resolve("bad.csv");

    List<String> cell = new ArrayList<>(lines);
    String[] row = cell.get(99).split(",");
    row[6] = "6x";
    cell.set(99, String.join(",", row));
    Files.write(bad, cell);
    String notANumber = bad + ":100:7: error: '6x' is not a number";
    assertLocated(notANumber, Cli.run("train", Cli.DIGITS.toString(), "--data", bad.toString(), "--epochs", "1"));
    assertLocated(notANumber, Cli.run("predict", Cli.DIGITS.toString(), "--model", checkpoint, "--data", bad.toString(),
        "--out", dir.resolve("p.csv").toString()));
    assertLocated(notANumber, Cli.run("eval", Cli.DIGITS.toString(), "--model", checkpoint, "--data", bad.toString()));

    List<String> label = new ArrayList<>(lines);
    label.set(4, label.get(4).substring(0, label.get(4).lastIndexOf(',')) + ",10");
    Files.write(bad, label);
    String outOfRange = bad + ":5:65: error: label 10 is out of range 0..9";
    assertLocated(outOfRange, Cli.run("train", Cli.DIGITS.toString(), "--data", bad.toString(), "--epochs", "1"));
    assertLocated(outOfRange, Cli.run("eval", Cli.DIGITS.toString(), "--model", checkpoint, "--data", bad.toString()));
    assertFalse(Files.exists(dir.resolve("p.csv")));
  }

  private static void assertLocated(String message, Cli.Run r) {
    assertEquals(1, r.status(), r.out() + r.err());
    assertTrue(r.err().contains(message), message + "\nnot in\n" + r.err());
  }
}
