package org.optspec.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.optspec.grammar.Frontend;
import org.optspec.runtime.Objective;
import org.optspec.runtime.progress.DivergenceException;
import org.optspec.spec.CheckResult;
import org.optspec.spec.DiagnosticKey;
import org.optspec.spec.SourceText;

/**
 * {@link CompileFuzzTest}'s rule for the expectation syntax: mutants ({@link FuzzTest#mutate}) of the mc_* reference
 * specs never make the checker or compiler fail internally, and every mutant the checker accepts generates, compiles
 * with javac (-Werror) and takes a step (a {@link DivergenceException} is a step that ended as specified); no generated
 * source holds a Unicode escape. Seeded; CI tries {@value #CI_MUTANTS} mutants, {@code -Doptspec.fuzz.expectation.mutants=N}
 * tries N (the nightly-style run).
 */
class ExpectationFuzzTest {

  private static final long SEED = 0x5EED_E4L;
  static final int CI_MUTANTS = 400;
  /** Check-clean mutants javac compiles in one call: amortizes its start-up and bounds the memory of a long run. */
  static final int BATCH = 100;
  private static final List<String> CASES = List.of("mc_gaussian_sgd", "mc_gaussian_adam_log_scale",
      "mc_gaussian_fit_plain", "mc_gaussian_fit_natural", "mc_gaussian_fit_importance");

  @Test
  void everyCheckCleanMutantCompilesAndSteps() throws IOException {
    List<String> seeds = new ArrayList<>();
    for (String c : CASES) {
      seeds.add(Files.readString(Path.of("src/test/resources/reference", c + ".optspec")));
    }
    int mutants = Integer.getInteger("optspec.fuzz.expectation.mutants", CI_MUTANTS);
    Random random = new Random(SEED);
    int checkClean = 0;
    int refused = 0;
    int compiled = 0;
    int[] counts = new int[2];
    Map<String, CompileResult> clean = new LinkedHashMap<>();
    Map<String, String> texts = new LinkedHashMap<>();
    Set<String> classes = new HashSet<>();
    for (int i = 0; i < mutants; i++) {
      String text = seeds.get(random.nextInt(seeds.size())).replaceFirst("objective \\w+", "objective Mutant" + i);
      for (int m = 1 + random.nextInt(3); m > 0; m--) {
        text = FuzzTest.mutate(text, random.nextInt(10), random);
      }
      SourceText source = new SourceText("mutant" + i + ".optspec", text);
      CheckResult checked = Frontend.check(source);
      String what = "mutant " + i + ":\n" + text;
      assertFalse(checked.diagnostics().stream().anyMatch(d -> d.key().equals(DiagnosticKey.INTERNAL.key())),
          () -> what + "\n" + checked.diagnostics());
      if (!checked.ok()) {
        continue;
      }
      checkClean++;
      CompileResult result = OptSpecCompiler.compile(source, LoadedObjectives.PACKAGE);
      assertFalse(result.diagnostics().stream().anyMatch(d -> d.key().equals(DiagnosticKey.INTERNAL.key())),
          () -> what + "\n" + result.diagnostics());
      if (!result.ok()) {
        refused++;
        continue;
      }
      for (var f : result.javaFiles()) {
        assertEquals(-1, JavaLexicalScan.firstUnicodeEscape(f.toString()), () -> "a Unicode escape in the source of " + what);
      }
      if (classes.add(result.javaFile().get().typeSpec().name())) {
        clean.put("mutant" + i, result);
        texts.put("mutant" + i, what);
        compiled++;
      }
      if (clean.size() == BATCH) {
        stepAll(clean, texts, counts);
      }
    }
    stepAll(clean, texts, counts);
    assertTrue(compiled >= 20, "check-clean mutants: " + compiled);
    System.out.printf("ExpectationFuzzTest: %d mutants tried, %d check-clean, %d refused by lowering with a diagnostic, "
            + "%d distinct classes compiled by javac (-Werror), %d stepped, %d diverged (DivergenceException); "
            + "0 javac failures, 0 crashes, 0 Unicode escapes%n",
        mutants, checkClean, refused, compiled, counts[0], counts[1]);
  }

  /**
   * Compiles {@code clean} in one javac run, loads and steps each (counting steps in {@code counts[0]}, divergences in
   * {@code counts[1]}), then clears both maps: the run holds one batch at a time, whatever the count.
   */
  private static void stepAll(Map<String, CompileResult> clean, Map<String, String> texts, int[] counts) {
    if (clean.isEmpty()) {
      return;
    }
    Map<String, Class<?>> loaded = LoadedObjectives.load(clean);
    for (Map.Entry<String, Class<?>> e : loaded.entrySet()) {
      Objective objective = LoadedObjectives.instance(e.getValue());
      try {
        objective.step();
        counts[0]++;
      } catch (DivergenceException expected) {
        // a scale that is not positive, or a non-finite loss: stopped as specified
        counts[1]++;
      } catch (RuntimeException ex) {
        throw new AssertionError(texts.get(e.getKey()), ex);
      }
    }
    clean.clear();
    texts.clear();
  }
}
