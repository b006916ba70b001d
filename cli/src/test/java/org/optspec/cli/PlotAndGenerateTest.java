package org.optspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code optspec plot schedule} and {@code optspec generate}. */
class PlotAndGenerateTest {

  @Test
  void plotsTheDigitsScheduleOverItsEpochs(@TempDir Path dir) throws IOException {
    Path png = dir.resolve("schedule.png");
    Cli.Run r = Cli.run("plot", "schedule", Cli.DIGITS.toString(), "-o", png.toString());
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("warmup(linear, steps: 100) then cosine(steps: 800, min_lr: 1e-5)"), r.out());
    assertTrue(r.out().contains("900 steps (45 per epoch); lr 0.001000 at step 0, max 0.003000"), r.out());
    PngAssertions.assertChart(png);
    assertTrue(PngAssertions.pixelsOf(png, ChartStyle.PALETTE[0]) > 500, "the schedule is drawn");
  }

  @Test
  void stepsLimitsThePlotAndEpochDurationsUseTheData(@TempDir Path dir) throws IOException {
    Path png = dir.resolve("s.png");
    Cli.Run r = Cli.run("plot", "schedule", Cli.DIABETES.toString(), "--steps", "300", "-o", png.toString());
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("300 steps (6 per epoch); lr 0.01000 at step 0, max 0.01000, min 0.005000, 0.005000 at step 299"), r.out());
    PngAssertions.assertChart(png);
  }

  @Test
  void severalSpecsObjectivesIncludedShareOneScheduleChart(@TempDir Path dir) throws IOException {
    Path png = dir.resolve("schedules.png");
    Cli.Run r = Cli.run("plot", "schedule", Cli.DIGITS.toString(), Cli.DIABETES.toString(),
        "../docs/examples/rosenbrock_lion.optspec", "-o", png.toString());
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("DigitsClassifier: warmup(linear, steps: 100)"), r.out());
    assertTrue(r.out().contains("RosenbrockLion: cosine(steps: 2000)"), r.out());
    assertTrue(r.out().contains("2,000 steps; lr 0.005000 at step 0"), r.out());
    PngAssertions.assertChart(png);
    for (int c = 0; c < 3; c++) {
      assertTrue(PngAssertions.pixelsOf(png, ChartStyle.PALETTE[c]) > 300, "spec " + c + " drawn in its colour");
    }
  }

  @Test
  void anObjectivesScheduleIsPlottedInSteps(@TempDir Path dir) throws IOException {
    Path png = dir.resolve("lion.png");
    Cli.Run r = Cli.run("plot", "schedule", "../docs/examples/rosenbrock_lion.optspec", "-o", png.toString());
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("2,000 steps; lr 0.005000 at step 0, max 0.005000, min "), r.out());
    PngAssertions.assertChart(png);
  }

  @Test
  void plotScheduleRefusesBadInput(@TempDir Path dir) {
    Path png = dir.resolve("s.png");
    assertEquals(2, Cli.run("plot", "schedule", Cli.DIGITS.toString()).status(), "-o is required");
    Cli.Run missing = Cli.run("plot", "schedule", dir.resolve("none.optspec").toString(), "-o", png.toString());
    assertEquals(1, missing.status());
    assertTrue(missing.err().contains("none.optspec:1:1: error: no such file"), missing.err());
    Cli.Run zero = Cli.run("plot", "schedule", Cli.DIGITS.toString(), "--steps", "0", "-o", png.toString());
    assertEquals(1, zero.status());
    assertFalse(Files.exists(png));
  }

  @Test
  void generateWritesTheTrainerSource(@TempDir Path dir) throws IOException {
    Cli.Run r = Cli.run("generate", Cli.DIGITS.toString(), "-d", dir.toString(), "--package", "com.example.digits");
    assertEquals(0, r.status(), r.err());
    Path file = dir.resolve("com/example/digits/DigitsClassifierTrainer.java");
    assertTrue(r.out().contains("wrote " + file), r.out());
    String source = Files.readString(file);
    assertTrue(source.startsWith("package com.example.digits;"), source.substring(0, 80));
    assertTrue(source.contains("public final class DigitsClassifierTrainer implements DataParallelTrainer"), "a dense trainer without batchnorm, natural_gradient or accumulation implements the data-parallel hook (which extends Trainer)");
    assertTrue(source.contains("public void save(Path path)") && source.contains("private void checkFinite(double loss)"));
    // and the inference model beside it, which the trainer's model() returns
    Path model = dir.resolve("com/example/digits/DigitsClassifierModel.java");
    assertTrue(r.out().contains("wrote " + model), r.out());
    assertTrue(Files.readString(model).contains("public final class DigitsClassifierModel implements Model"));
  }

  @Test
  void generateRefusesABadPackageOrSpec(@TempDir Path dir) throws IOException {
    Cli.Run pkg = Cli.run("generate", Cli.DIGITS.toString(), "-d", dir.toString(), "--package", "com.1bad");
    assertEquals(1, pkg.status());
    assertTrue(pkg.err().contains("not a Java package name"), pkg.err());
    Path bad = dir.resolve("bad.optspec");
    Files.writeString(bad, Files.readString(Cli.DIGITS).replace("relu", "relux"));
    Cli.Run spec = Cli.run("generate", bad.toString(), "-d", dir.resolve("out").toString());
    assertEquals(1, spec.status());
    assertTrue(spec.err().contains("bad.optspec:") && spec.err().contains("error:"), spec.err());
    assertFalse(Files.exists(dir.resolve("out")));
  }

  @Test
  void everyCommandAndSubcommandHasHelpWithAnExample() {
    String[][] commands = {{"check"}, {"train"}, {"trace"}, {"compare"}, {"plot"}, {"plot", "schedule"}, {"generate"}};
    for (String[] command : commands) {
      String[] args = java.util.Arrays.copyOf(command, command.length + 1);
      args[command.length] = "--help";
      Cli.Run r = Cli.run(args);
      assertEquals(0, r.status(), String.join(" ", command));
      assertTrue(r.out().contains("Usage: optspec " + String.join(" ", command)), r.out());
      assertTrue((r.out().contains("Example:") || r.out().contains("Examples:")) && r.out().contains("  optspec " + command[0]), r.out());
    }
    Cli.Run top = Cli.run("--help");
    assertEquals(0, top.status());
    for (String c : new String[] {"check", "train", "trace", "compare", "plot", "generate"}) {
      assertTrue(top.out().contains("  " + c + " "), top.out());
    }
  }
}
