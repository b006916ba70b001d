package org.optspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line through its entry point, as a user runs it: exit status, stdout, stderr, files. */
class CommandLineTest {

  static final Path SAMPLES = Cli.SAMPLES;
  static final Path DIGITS = Cli.DIGITS;
  static final Path DIABETES = Cli.DIABETES;

  static Cli.Run run(String... args) {
    return Cli.run(args);
  }

  @Test
  void checkPassesTheSamples() {
    Cli.Run r = run("check", DIGITS.toString(), DIABETES.toString());
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("digits.optspec: ok"), r.out());
    assertTrue(r.out().contains("diabetes.optspec: ok"), r.out());
  }

  @Test
  void checkReportsATypoWithPositionCaretAndSuggestionAndExits1(@TempDir Path dir) throws IOException {
    String spec = Files.readString(DIGITS).replace("optimizer adamw(", "optimizer adamww(");
    Path bad = dir.resolve("typo.optspec");
    Files.writeString(bad, spec);
    int line = lineOf(spec, "adamww");
    int column = spec.lines().toList().get(line - 1).indexOf("adamww") + 1;

    Cli.Run r = run("check", bad.toString());

    assertEquals(1, r.status());
    assertTrue(r.err().contains(bad + ":" + line + ":" + column + ": error: "), r.err());
    assertTrue(r.err().contains("did you mean 'adamw'?"), r.err());
    assertTrue(r.err().contains("\n" + " ".repeat(column - 1) + "^"), "caret under the column:\n" + r.err());
  }

  @Test
  void checkOfAMissingFileIsAnError() {
    Cli.Run r = run("check", "no/such/file.optspec");
    assertEquals(1, r.status());
    assertTrue(r.err().contains("no/such/file.optspec"), r.err());
    assertTrue(r.err().contains("no such file"), r.err());
  }

  @Test
  void trainDiabetesPrintsEpochsAndWritesARegressionReport(@TempDir Path dir) throws IOException {
    Path report = dir.resolve("out/report.json");
    Cli.Run r = run("train", DIABETES.toString(), "--report", report.toString());

    assertEquals(0, r.status(), r.err());
    // 100 epochs print a bounded summary (epoch 1, every 5th, the last); the report keeps all of them
    assertEquals(21, r.out().lines().filter(l -> l.startsWith("epoch ")).count(), r.out());
    String json = Files.readString(report);
    for (String key : new String[] {"\"seconds\"", "\"samples_per_second\"", "\"steps\"", "\"mse\"", "\"rmse\"", "\"r2\""}) {
      assertTrue(json.contains(key), key + " in " + json);
    }
    assertTrue(number(test(json), "r2") > 0.3, json);
    assertEquals(100 * 6, (long) number(json, "steps"), "100 epochs of ceil(354/64) = 6 steps");
  }

  @Test
  void trainDigitsReachesTheAccuracyOfTheAnnotatedSample(@TempDir Path dir) throws IOException {
    Path report = dir.resolve("digits.json");
    Cli.Run r = run("train", DIGITS.toString(), "--report", report.toString());

    assertEquals(0, r.status(), r.err());
    String json = Files.readString(report);
    assertTrue(number(test(json), "accuracy") >= 0.96, json);
    assertTrue(json.contains("\"loss\""), json);
  }

  @Test
  void trainWithABadCsvRowNamesFileRowAndColumnAndWritesNoReport(@TempDir Path dir) throws IOException {
    Files.copy(DIABETES, dir.resolve("diabetes.optspec"));
    var lines = new java.util.ArrayList<>(Files.readAllLines(SAMPLES.resolve("diabetes/diabetes.csv")));
    String[] cells = lines.get(5).split(",");
    cells[2] = "abc";
    lines.set(5, String.join(",", cells));
    Files.write(dir.resolve("diabetes.csv"), lines);
    Path report = dir.resolve("report.json");

    Cli.Run r = run("train", dir.resolve("diabetes.optspec").toString(), "--report", report.toString());

    assertEquals(1, r.status());
    assertTrue(r.err().contains("diabetes.csv:6:3"), r.err());
    assertTrue(r.err().contains("abc"), r.err());
    assertFalse(Files.exists(report));
  }

  @Test
  void everyCommandHasHelpWithAnExample() {
    for (String command : new String[] {"check", "train", "compare", "plot", "generate"}) {
      Cli.Run r = run(command, "--help");
      assertEquals(0, r.status());
      assertTrue(r.out().contains("Example"), r.out());
    }
  }

  private static int lineOf(String text, String needle) {
    var lines = text.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(needle)) {
        return i + 1;
      }
    }
    throw new AssertionError(needle + " not found");
  }

  /** The report's "test" object (the history before it has per-epoch metrics of the same names). */
  private static String test(String json) {
    int at = json.indexOf("\"test\":");
    assertTrue(at >= 0, json);
    return json.substring(at);
  }

  private static double number(String json, String key) {
    Matcher m = Pattern.compile("\"" + key + "\": (-?[0-9.eE+-]+)").matcher(json);
    assertTrue(m.find(), key + " in " + json);
    return Double.parseDouble(m.group(1));
  }
}
