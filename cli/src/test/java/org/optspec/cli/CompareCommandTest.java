package org.optspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code optspec compare}: one table row per spec, a log-scale plot, and refusals before any training. */
class CompareCommandTest {

  /** digits.optspec with SGD instead of AdamW, beside a copy of digits, both next to digits.csv. */
  private static Path[] twoDigitsSpecs(Path dir) throws IOException {
    Files.copy(Cli.DIGITS_CSV, dir.resolve("digits.csv"));
    Path adamw = Files.copy(Cli.DIGITS, dir.resolve("adamw.optspec"));
    String sgd = Files.readString(Cli.DIGITS)
        .replace("trainer DigitsClassifier", "trainer DigitsSgd")
        .replaceAll("optimizer adamw\\(.*\\)", "optimizer sgd(lr: 0.05, momentum: 0.9)")
        .replace("group biases { weight_decay 0 }", "");
    Path sgdFile = dir.resolve("sgd.optspec");
    Files.writeString(sgdFile, sgd);
    return new Path[] {adamw, sgdFile};
  }

  @Test
  void comparesTwoOptimizersOnTheSameDataAndPlotsThem(@TempDir Path dir) throws IOException {
    Path[] specs = twoDigitsSpecs(dir);
    Path plot = dir.resolve("plots/compare.png");

    Cli.Run r = Cli.run("compare", specs[0].toString(), specs[1].toString(), "--epochs", "3", "--plot", plot.toString());

    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("same data: 1,438 training rows, 359 test rows; seed 42"), r.out());
    assertTrue(r.out().contains("spec") && r.out().contains("train loss") && r.out().contains("accuracy")
        && r.out().contains("steps to ≤110% best") && r.out().contains("samples/s"), r.out());
    assertTrue(r.out().lines().anyMatch(l -> l.startsWith("DigitsClassifier ")), r.out());
    assertTrue(r.out().lines().anyMatch(l -> l.startsWith("DigitsSgd ")), r.out());
    assertTrue(r.out().lines().anyMatch(l -> l.matches("Digits\\w+ +.* 135 +.*")), "the best run reaches its best at step 135:\n" + r.out());
    PngAssertions.assertChart(plot);
    assertTrue(PngAssertions.pixelsOf(plot, ChartStyle.PALETTE[0]) > 200, "first spec drawn");
    assertTrue(PngAssertions.pixelsOf(plot, ChartStyle.PALETTE[1]) > 200, "second spec drawn");
  }

  @Test
  void setChangesEverySpecsRunAndAKeyOneSpecLacksIsRefusedBeforeTraining(@TempDir Path dir) throws IOException {
    Path[] specs = twoDigitsSpecs(dir);
    Cli.Run plain = Cli.run("compare", specs[0].toString(), specs[1].toString(), "--epochs", "1");
    Cli.Run set = Cli.run("compare", specs[0].toString(), specs[1].toString(), "--epochs", "1", "--set", "optimizer.lr=0.0001",
        "--set", "seed=7");
    assertEquals(0, plain.status(), plain.err());
    assertEquals(0, set.status(), set.err());
    assertTrue(plain.out().contains("; seed 42"), plain.out());
    assertTrue(set.out().contains("; seed 7"), set.out());
    for (String name : new String[] {"DigitsClassifier", "DigitsSgd"}) {
      double before = trainLoss(plain.out(), name);
      double after = trainLoss(set.out(), name);
      // lr 0.0001 instead of 0.003 (adamw) and 0.05 (sgd): one epoch leaves the loss far higher
      assertTrue(after > before, name + ": " + after + " after --set, " + before + " before");
    }
    Cli.Run unknown = Cli.run("compare", specs[0].toString(), specs[1].toString(), "--set", "optimizer.l=0.01");
    assertEquals(1, unknown.status());
    assertEquals("error: --set optimizer.l: no such setting; did you mean 'optimizer.lr'? (optspec settings SPEC lists them)\n",
        unknown.err());
    Cli.Run betas = Cli.run("compare", specs[0].toString(), specs[1].toString(), "--set", "optimizer.betas=(0.8,0.99)");
    assertEquals(1, betas.status());
    assertTrue(betas.err().startsWith("error: --set optimizer.betas: no such setting"), betas.err());
    assertFalse(betas.out().contains("training"), "refused before any training:\n" + betas.out());
  }

  /** The train loss column of a spec's row of the comparison table. */
  private static double trainLoss(String out, String name) {
    String row = out.lines().filter(l -> l.startsWith(name + " ")).findFirst().orElseThrow(() -> new AssertionError(out));
    return Double.parseDouble(row.substring(name.length()).trim().split("\\s+")[0]);
  }

  static final Path EXAMPLES = Path.of("../docs/examples");

  @Test
  void comparesObjectivesStepByStepOnALogAxis(@TempDir Path dir) throws IOException {
    Path plot = dir.resolve("objectives.png");
    Cli.Run r = Cli.run("compare", EXAMPLES.resolve("rosenbrock_adam.optspec").toString(),
        EXAMPLES.resolve("rosenbrock_momentum.optspec").toString(), "--plot", plot.toString());
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("final loss") && r.out().contains("steps to ≤110% best"), r.out());
    assertTrue(r.out().lines().anyMatch(l -> l.matches("RosenbrockAdam +adam +[0-9.e-]+ +[0-9.e-]+ +2,000 .*")), r.out());
    assertTrue(r.out().lines().anyMatch(l -> l.matches("RosenbrockMomentum +sgd +.*")), r.out());
    PngAssertions.assertChart(plot);
    assertTrue(PngAssertions.pixelsOf(plot, ChartStyle.PALETTE[0]) > 200, "first objective drawn");
    assertTrue(PngAssertions.pixelsOf(plot, ChartStyle.PALETTE[1]) > 200, "second objective drawn");

    Cli.Run exact = Cli.run("compare", EXAMPLES.resolve("rosenbrock_adam.optspec").toString(),
        EXAMPLES.resolve("rosenbrock_lion.optspec").toString(), "--steps", "50");
    assertEquals(0, exact.status(), exact.err());
    assertTrue(exact.out().lines().filter(l -> l.matches("Rosenbrock\\w+ +\\w+ +.* 50 +.*")).count() == 2, exact.out());
  }

  @Test
  void theObjectiveLossChartHasATrueLogAxis() {
    var chart = LossCurvesChart.of("t", java.util.List.of(LossCurvesChart.Curve.ofSteps("a", new double[] {12.5, 3, 0.2, 0.01, 3e-5})));
    LogAxisTest.assertLogAxisTruthful(chart);
  }

  @Test
  void trainersAndObjectivesAreNotComparedTogether() {
    Cli.Run r = Cli.run("compare", Cli.DIGITS.toString(), EXAMPLES.resolve("rosenbrock_adam.optspec").toString());
    assertEquals(1, r.status());
    assertTrue(r.err().contains("compare either trainers or objectives") && r.err().contains("rosenbrock_adam.optspec is an objective"),
        r.err());
    Cli.Run epochs = Cli.run("compare", EXAMPLES.resolve("rosenbrock_adam.optspec").toString(), "--epochs", "3");
    assertEquals(1, epochs.status());
    assertTrue(epochs.err().contains("use --steps N"), epochs.err());
  }

  @Test
  void specsOnDifferentDataAreRefusedUnlessDataIsGiven(@TempDir Path dir) throws IOException {
    Path[] specs = twoDigitsSpecs(dir);
    Path other = Files.createDirectory(dir.resolve("other"));
    var rows = Files.readAllLines(Cli.DIGITS_CSV);
    Files.write(other.resolve("digits.csv"), rows.subList(0, 900));
    Path moved = Files.copy(specs[1], other.resolve("sgd.optspec"));
    Path plot = dir.resolve("compare.png");

    Cli.Run refused = Cli.run("compare", specs[0].toString(), moved.toString(), "--plot", plot.toString());
    assertEquals(1, refused.status());
    assertTrue(refused.err().contains("trains on") && refused.err().contains("pass --data CSV"), refused.err());
    assertFalse(Files.exists(plot));

    Cli.Run given = Cli.run("compare", specs[0].toString(), moved.toString(), "--data", other.resolve("digits.csv").toString(),
        "--epochs", "1");
    assertEquals(0, given.status(), given.err());
    assertTrue(given.out().contains("720 training rows"), given.out());
  }

  @Test
  void aDivergingSpecStopsTheComparisonWithItsName(@TempDir Path dir) throws IOException {
    Path[] specs = twoDigitsSpecs(dir);
    Files.writeString(specs[1], Files.readString(specs[1]).replace("sgd(lr: 0.05,", "sgd(lr: 1e30,"));
    Path plot = dir.resolve("compare.png");
    Cli.Run r = Cli.run("compare", specs[0].toString(), specs[1].toString(), "--epochs", "1", "--plot", plot.toString());
    assertEquals(1, r.status());
    assertTrue(r.err().contains("error: DigitsSgd diverged at step "), r.err());
    assertFalse(Files.exists(plot));
  }

  @Test
  void theReadmesComparisonSpecChecksAndReadsTheDigitsData() {
    Cli.Run r = Cli.run("check", "../docs/examples/digits_sgd.optspec");
    assertEquals(0, r.status(), r.err());
  }

  @Test
  void aSpecErrorStopsTheComparisonBeforeTraining(@TempDir Path dir) throws IOException {
    Path[] specs = twoDigitsSpecs(dir);
    Path bad = dir.resolve("bad.optspec");
    Files.writeString(bad, Files.readString(specs[1]).replace("sgd(", "sgdd("));
    Cli.Run r = Cli.run("compare", specs[0].toString(), bad.toString());
    assertEquals(1, r.status());
    assertTrue(r.err().contains("bad.optspec:") && r.err().contains("did you mean 'sgd'?"), r.err());
    assertFalse(r.out().contains("training "), r.out());
  }
}
