package org.optspec.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.optspec.runtime.Objective;

/**
 * The reference harness: every case of {@code reference/index.csv} (trajectories written by PyTorch 1.13 or the NumPy
 * references of {@code tools/reference}) compiled in memory from its spec and run; every row's lr, loss and every
 * parameter element must equal the CSV in float64 to {@code |a − b| ≤ 1e-9 · max(1, |b|)}; an expectation's
 * ({@code mean over N samples of ...}, written by {@code tools/reference/expectations.py} with the same draws) its
 * standard error too.
 * Every case is compared; none is skipped.
 */
class ReferenceTrajectoryTest {

  private static final Path DIR = Path.of("src/test/resources/reference");

  /**
   * One bound for every compared case, none looser. {@code tolerance.csv} measured each case's sensitivity to
   * ulp-sized noise and suggests 1e-11 to 1e-7 (lars, whose trust ratio amplifies rounding); those are upper bounds on
   * what a correct reimplementation may differ by, and every compared case meets 1e-9.
   */
  private static final double TOLERANCE = 1e-9;

  private static Map<String, Class<?>> compiled;

  static List<String> cases() {
    return lines(DIR.resolve("index.csv")).stream().skip(1).map(l -> l.split(",")[0]).toList();
  }

  static Stream<Arguments> comparedCases() {
    return cases().stream().map(Arguments::of);
  }

  /** Every compared case, compiled in one javac run the first time a test needs one. */
  private static synchronized Class<?> compiledCase(String name) {
    if (compiled == null) {
      Map<String, CompileResult> specs = new LinkedHashMap<>();
      comparedCases().forEach(a -> {
        String c = (String) a.get()[0];
        specs.put(c, LoadedObjectives.compileSpec(DIR.resolve(c + ".optspec")));
      });
      compiled = LoadedObjectives.load(specs);
    }
    return compiled.get(name);
  }

  @Test
  void theIndexHasEveryCaseOnce() {
    List<String> cases = cases();
    assertEquals(88, cases.size());
    assertEquals(cases.size(), new TreeSet<>(cases).size());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("comparedCases")
  void trajectoryMatchesTheReference(String name) {
    follows(LoadedObjectives.instance(compiledCase(name)), name, true);
  }

  /**
   * AdaBelief's primitive in a chain of the spec's own is the named optimizer: {@code chain(scale_by_belief(...),
   * scale(lr))} follows the adabelief cases' trajectories (its lr column is the chain's base lr of 1, not compared).
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"adabelief_plain|adabelief(lr: 0.05)|chain(scale_by_belief, scale(0.05))",
      "adabelief_options|adabelief(lr: 0.02, betas: (0.8, 0.99), eps: 1e-8, eps_root: 1e-12)"
          + "|chain(scale_by_belief(b1: 0.8, b2: 0.99, eps: 1e-8, eps_root: 1e-12), scale(0.02))"})
  void theChainOfScaleByBeliefFollowsAdabelief(String caseAndChain) throws IOException {
    String[] parts = caseAndChain.split("\\|");
    String text = Files.readString(DIR.resolve(parts[0] + ".optspec"));
    assertTrue(text.contains("optimizer " + parts[1] + "\n"), text);
    String chained = text.replace("optimizer " + parts[1] + "\n", "optimizer " + parts[2] + "\n");
    follows(LoadedObjectives.of(parts[0] + "_chain.optspec", chained), parts[0], false);
  }

  private static void follows(Objective objective, String name, boolean compareLr) {
    List<String> rows = lines(DIR.resolve(name + ".csv"));
    String[] header = TraceHeader.split(rows.get(0));
    String[] names = objective.parameterNames();
    // an expectation's CSV ends with the estimate's standard error
    boolean sampled = header[header.length - 1].equals("loss_stderr");
    assertEquals(sampled, objective.samples() > 0, "a loss_stderr column exactly for a sampled objective");
    assertEquals(header.length - 3 - (sampled ? 1 : 0), names.length, "parameter elements");
    for (int j = 0; j < names.length; j++) {
      assertEquals(header[3 + j], names[j], "column " + (3 + j));
    }
    long steps = Long.parseLong(rows.get(rows.size() - 1).split(",")[0]);
    assertEquals(steps, objective.steps(), "steps N");
    for (int k = 0; k < rows.size() - 1; k++) {
      String[] row = rows.get(k + 1).split(",", -1);
      assertEquals(k, Long.parseLong(row[0]));
      assertEquals(k, objective.stepCount());
      String where = name + " row " + k;
      if (compareLr) {
        close(Double.parseDouble(row[1]), objective.learningRate(k), where + " lr");
      }
      close(Double.parseDouble(row[2]), objective.loss(), where + " loss");
      if (sampled) {
        close(Double.parseDouble(row[row.length - 1]), objective.lossStandardError(), where + " loss_stderr");
      }
      double[] params = objective.parameters();
      for (int j = 0; j < names.length; j++) {
        close(Double.parseDouble(row[3 + j]), params[j], where + " " + names[j]);
      }
      if (k < steps) {
        objective.step();
      }
    }
  }

  @Test
  void theComparisonCatchesAOneStepSlip() {
    // the bound is tight enough that a trajectory one step late fails: row 1 against row 2 of adam_plain
    List<String> rows = lines(DIR.resolve("adam_plain.csv"));
    double x1 = Double.parseDouble(rows.get(2).split(",")[3]);
    double x2 = Double.parseDouble(rows.get(3).split(",")[3]);
    assertFalse(Math.abs(x1 - x2) <= TOLERANCE * Math.max(1, Math.abs(x2)));
    assertArrayEquals(new double[] {x1}, new double[] {Double.parseDouble(rows.get(2).split(",")[3])});
  }

  private static void close(double expected, double actual, String what) {
    double bound = TOLERANCE * Math.max(1, Math.abs(expected));
    if (!(Math.abs(actual - expected) <= bound)) {
      throw new AssertionError(what + ": expected " + expected + " but was " + actual + " (difference "
          + Math.abs(actual - expected) + " > " + bound + ")");
    }
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
