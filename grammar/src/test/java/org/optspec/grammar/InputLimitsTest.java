package org.optspec.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.optspec.spec.CheckResult;
import org.optspec.spec.Diagnostic;
import org.optspec.spec.SourceText;

/**
 * Nesting, operator counts, name, string and number lengths and the file's size: each beyond its limit is one
 * located {@code optspec.err.limit} error that states the limit, never a StackOverflowError or an internal error,
 * and the checks are one pass over the tokens (the inputs here parse in well under a second on an idle machine).
 */
class InputLimitsTest {

  private static final String OBJECTIVE = """
      objective O {
        params {
          x = 1
        }
        minimize %s
        optimizer sgd(lr: 0.1)
        steps 1
      }
      """;

  private static Diagnostic onlyError(String text) {
    CheckResult result = Frontend.check(new SourceText("limits.optspec", text));
    assertFalse(result.ok());
    List<Diagnostic> errors = result.diagnostics().stream().filter(Diagnostic::isError).toList();
    assertTrue(errors.stream().noneMatch(d -> d.key().equals("optspec.err.internal")), errors.toString());
    assertEquals(1, errors.size(), errors.toString());
    return errors.get(0);
  }

  @Test
  void fiveHundredUnaryMinusesAreALocatedLimitError() {
    Diagnostic d = onlyError(OBJECTIVE.formatted("-".repeat(500) + "x^2"));
    assertEquals(InputLimits.KEY, d.key());
    assertEquals(5, d.pos().line());
    // the first minus follows 'minimize' and reads as binary; the other 499 nest from the objective's { } on
    assertEquals(12 + InputLimits.MAX_NESTING, d.pos().column(), d.format());
    assertTrue(d.message().contains("at most 64 levels"), d.message());
  }

  @Test
  void spacedUnaryMinusesAndCaretChainsCountToo() {
    assertEquals(InputLimits.KEY, onlyError(OBJECTIVE.formatted("- ".repeat(100) + "x")).key());
    assertEquals(InputLimits.KEY, onlyError(OBJECTIVE.formatted("x" + "^1".repeat(100))).key());
  }

  @Test
  void thousandsOfParenthesesAreALocatedLimitError() {
    for (int n : new int[] {3000, 10_000, 100_000}) {
      Diagnostic d = onlyError(OBJECTIVE.formatted("(".repeat(n) + "x^2" + ")".repeat(n)));
      assertEquals(InputLimits.KEY, d.key(), d.format());
      // the objective's { } is the first level, so the 64th parenthesis is the 65th
      assertEquals(12 + InputLimits.MAX_NESTING - 1, d.pos().column(), d.format());
    }
    // unbalanced, in a trainer's argument list
    assertEquals(InputLimits.KEY, onlyError("trainer T {\n  batch " + "[".repeat(5000) + "\n}\n").key());
  }

  @Test
  void nestingAtTheLimitIsFine() {
    // the objective's { }, 62 parentheses and the ^: 64 levels
    int n = InputLimits.MAX_NESTING - 2;
    CheckResult result = Frontend.check(new SourceText("ok.optspec", OBJECTIVE.formatted("(".repeat(n) + "x^2" + ")".repeat(n))));
    assertTrue(result.ok(), result.diagnostics().toString());
    CheckResult minus = Frontend.check(new SourceText("ok.optspec", OBJECTIVE.formatted("-(" + "-(".repeat(30) + "x" + ")".repeat(31) + " + 5")));
    assertTrue(minus.ok(), minus.diagnostics().toString());
  }

  @Test
  void aLongChainOfOperatorsIsALimitError() {
    Diagnostic d = onlyError(OBJECTIVE.formatted("x" + " + x".repeat(200_000)));
    assertEquals(InputLimits.KEY, d.key());
    assertTrue(d.message().contains("at most 1000 operators"), d.message());
    assertTrue(Frontend.check(new SourceText("ok.optspec", OBJECTIVE.formatted("x^2" + " + x".repeat(999)))).ok());
    // carets and minuses end at the next looser operator: 499 terms of -x^2 nest two levels each, not 998
    assertTrue(Frontend.check(new SourceText("ok.optspec", OBJECTIVE.formatted("-x^2" + " + -x^2".repeat(499)))).ok());
  }

  @Test
  void longNamesStringsAndNumbersAreLimitErrors() {
    Diagnostic name = onlyError(OBJECTIVE.formatted("x").replace("x = 1", "x".repeat(70_000) + " = 1"));
    assertEquals(InputLimits.KEY, name.key());
    assertTrue(name.message().contains("at most 128 characters, this one has 70000"), name.message());
    Diagnostic string = onlyError("trainer T {\n  data {\n    source csv(\"" + "a".repeat(70_000) + "\")\n  }\n}\n");
    assertTrue(string.message().contains("a string may have at most 4096 characters"), string.message());
    assertEquals(3, string.pos().line());
    Diagnostic number = onlyError(OBJECTIVE.formatted("x * " + "9".repeat(1000)));
    assertTrue(number.message().contains("a number may have at most 400 characters"), number.message());
  }

  @Test
  void aHugeFileIsRefusedBeforeLexing() {
    Diagnostic d = onlyError("// " + "x".repeat(InputLimits.MAX_CHARACTERS));
    assertEquals(InputLimits.KEY, d.key());
    assertEquals(1, d.pos().line());
  }
}
