package org.optspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code optspec train}: options, outputs, summary, and every way bad data stops it before it writes anything. */
class TrainCommandTest {

  @Test
  void epochsOverrideTheSpecAndOutWritesReportAndPlot(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("run");
    Cli.Run r = Cli.run("train", Cli.DIGITS.toString(), "--epochs", "3", "--out", out.toString());

    assertEquals(0, r.status(), r.err());
    assertEquals(3, r.out().lines().filter(l -> l.startsWith("epoch ")).count(), r.out());
    assertTrue(r.out().contains("3 epochs of 45 steps"), r.out());
    for (String row : new String[] {"epochs", "steps", "time", "samples/s", "final train loss", "test loss", "test accuracy"}) {
      assertTrue(r.out().lines().anyMatch(l -> l.startsWith(row + " ")), row + " in the summary:\n" + r.out());
    }
    assertTrue(r.out().lines().anyMatch(l -> l.matches("steps +135")), r.out());
    assertTrue(r.out().lines().anyMatch(l -> l.matches("stopped +completed 3 epochs")), r.out());
    String json = Files.readString(out.resolve("report.json"));
    assertTrue(json.contains("\"epochs\": 3"), json);
    assertTrue(json.contains("\"accuracy\""), json);
    PngAssertions.assertChart(out.resolve("loss.png"));
    assertTrue(PngAssertions.pixelsOf(out.resolve("loss.png"), ChartStyle.PALETTE[0]) > 200, "train loss drawn");
    // digits has no validation split, and the test split is not looked at while training: no held-out curve
    assertEquals(0, PngAssertions.pixelsOf(out.resolve("loss.png"), ChartStyle.PALETTE[1]), "no test loss drawn");
    assertTrue(PngAssertions.pixelsOf(out.resolve("loss.png"), ChartStyle.PALETTE[2]) > 200, "learning rate drawn");
  }

  @Test
  void dataReplacesTheSpecsCsv(@TempDir Path dir) throws IOException {
    List<String> rows = Files.readAllLines(Cli.DIABETES_CSV);
    Path half = dir.resolve("half.csv");
    Files.write(half, rows.subList(0, 1 + (rows.size() - 1) / 2));

    Cli.Run r = Cli.run("train", Cli.DIABETES.toString(), "--data", half.toString(), "--epochs", "2");

    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("177 training rows, 44 test rows"), "221 rows split 0.2:\n" + r.out());
  }

  @Test
  void aMissingDataFileIsNamed(@TempDir Path dir) {
    Path out = dir.resolve("run");
    Cli.Run r = Cli.run("train", Cli.DIABETES.toString(), "--data", dir.resolve("none.csv").toString(), "--out", out.toString());
    assertEquals(1, r.status());
    assertTrue(r.err().contains("none.csv: error: file not found"), r.err());
    assertFalse(Files.exists(out));
  }

  @Test
  void wrongColumnCountNamesRowAndColumn(@TempDir Path dir) throws IOException {
    assertBadData(dir, rows -> {
      rows.set(9, rows.get(9).substring(0, rows.get(9).lastIndexOf(',')));
      return rows;
    }, "digits.csv:10:65: error: expected 65 columns, found 64");
  }

  @Test
  void nonNumericCellNamesRowAndColumn(@TempDir Path dir) throws IOException {
    assertBadData(dir, rows -> {
      rows.set(99, "abc" + rows.get(99).substring(rows.get(99).indexOf(',')));
      return rows;
    }, "digits.csv:100:1: error: 'abc' is not a number");
  }

  @Test
  void labelOutOfRangeNamesRowAndColumn(@TempDir Path dir) throws IOException {
    assertBadData(dir, rows -> {
      rows.set(4, rows.get(4).substring(0, rows.get(4).lastIndexOf(',') + 1) + "10");
      return rows;
    }, "digits.csv:5:65: error: label 10 is out of range 0..9");
  }

  @Test
  void emptyFileIsRefused(@TempDir Path dir) throws IOException {
    assertBadData(dir, rows -> new ArrayList<>(), "digits.csv: error: file is empty");
  }

  @Test
  void missingSpecDataFileIsRefused(@TempDir Path dir) throws IOException {
    Files.copy(Cli.DIGITS, dir.resolve("digits.optspec"));
    Path out = dir.resolve("run");
    Cli.Run r = Cli.run("train", dir.resolve("digits.optspec").toString(), "--out", out.toString());
    assertEquals(1, r.status());
    assertTrue(r.err().contains("digits.csv: error: file not found (looked in " + dir.toAbsolutePath().resolve("digits.csv")), r.err());
    assertFalse(Files.exists(out));
  }

  @Test
  void aSpecErrorPrintsDiagnostics(@TempDir Path dir) throws IOException {
    Path spec = dir.resolve("bad.optspec");
    Files.writeString(spec, Files.readString(Cli.DIGITS).replace("dense(10,", "dense(11,"));
    Cli.Run r = Cli.run("train", spec.toString());
    assertEquals(1, r.status());
    assertTrue(r.err().contains("bad.optspec:"), r.err());
    assertTrue(r.err().contains("error:"), r.err());
  }

  @Test
  void badOptionValuesAreRefused() {
    Cli.Run zero = Cli.run("train", Cli.DIGITS.toString(), "--epochs", "0");
    assertEquals(1, zero.status());
    assertTrue(zero.err().contains("--epochs must be at least 1"), zero.err());
    Cli.Run mode = Cli.run("train", Cli.DIGITS.toString(), "--progress", "fancy");
    assertEquals(1, mode.status());
    assertTrue(mode.err().contains("--progress must be auto, bar or lines"), mode.err());
  }

  @Test
  void progressBarShowsStepsLossLrAndThroughput() {
    Cli.Run r = Cli.run("train", Cli.DIABETES.toString(), "--epochs", "2", "--progress", "bar");
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("epoch 1/2"), r.out());
    assertTrue(r.out().contains("6/6"), "steps of the epoch:\n" + r.out());
    assertTrue(r.out().contains("samples/s"), r.out());
    assertTrue(r.out().contains(" lr 1.00e-02 "), r.out());
    assertTrue(r.out().lines().filter(l -> l.contains("samples/s")).noneMatch(l -> l.contains(" test ")),
        "no test loss during training (diabetes has no validation split):\n" + r.out());
  }

  /** Copies digits beside a broken CSV, trains with --out and --report, and expects the error and no files. */
  private static void assertBadData(Path dir, UnaryOperator<List<String>> edit, String expected) throws IOException {
    Files.copy(Cli.DIGITS, dir.resolve("digits.optspec"));
    Files.write(dir.resolve("digits.csv"), edit.apply(new ArrayList<>(Files.readAllLines(Cli.DIGITS_CSV))));
    Path out = dir.resolve("run");
    Path report = dir.resolve("report.json");
    Cli.Run r = Cli.run("train", dir.resolve("digits.optspec").toString(), "--out", out.toString(), "--report", report.toString());
    assertEquals(1, r.status(), r.out());
    assertTrue(r.err().contains(expected), r.err());
    assertFalse(Files.exists(out), "nothing written to --out");
    assertFalse(Files.exists(report), "no report");
  }
}
