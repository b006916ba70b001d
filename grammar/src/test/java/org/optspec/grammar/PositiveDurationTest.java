package org.optspec.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.optspec.spec.CheckResult;
import org.optspec.spec.Diagnostic;
import org.optspec.spec.DiagnosticKey;
import org.optspec.spec.SourceText;

/**
 * A length or a period (a schedule's {@code every}, a phase's {@code steps:} / {@code epochs:} / {@code over:} /
 * {@code first:}, pruning's {@code every} and {@code to}, a stop rule's patience) of zero or less is refused by the
 * checker, located at the value, with {@code optspec.err.range} and the limit in the message; a point in training
 * ({@code from: 0 steps}, a milestone at 0) may still be 0. The golden texts are GoldenDiagnosticsTest's.
 */
class PositiveDurationTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "range_step_every_zero", "range_exponential_every_zero", "range_warmup_steps_zero",
      "range_cosine_epochs_negative", "range_one_cycle_over_zero", "range_cosine_restarts_first_zero",
      "range_prune_every_zero", "range_prune_to_zero", "range_objective_schedule_steps_zero",
      "range_stop_patience_zero"})
  void aZeroOrNegativeLengthIsOneRangeErrorAtTheValue(String name) throws IOException {
    Path spec = SpecResources.DIAGNOSTICS.resolve(name + ".optspec");
    String text = Files.readString(spec, StandardCharsets.UTF_8);
    CheckResult result = Frontend.check(new SourceText(spec.getFileName().toString(), text));
    assertEquals(1, result.diagnostics().size(), result.diagnostics().toString());
    Diagnostic d = result.diagnostics().get(0);
    assertEquals(DiagnosticKey.RANGE.key(), d.key(), d.format());
    String limit = name.contains("patience") ? "must be a whole number >= 1, got " : "must be > 0, got ";
    assertTrue(d.format().contains(limit), d.format());
    // located at the value: the caret's column is where the offending duration starts on its line
    String line = text.lines().toList().get(d.pos().line() - 1);
    String got = d.format().substring(d.format().indexOf(limit) + limit.length()).lines().findFirst().orElseThrow();
    assertEquals(line.indexOf(got) + 1, d.pos().column(), d.format());
  }

  @Test
  void pointsInTrainingMayBeZeroAndAnyPositiveLengthIsAccepted() {
    String spec = """
        trainer T {
          data {
            source csv("d.csv")
            features 4
            classes 3
          }
          model {
            dense(3)
          }
          loss softmax_cross_entropy
          optimizer sgd(lr: 0.1)
          schedule warmup(steps: 1) then step(every: 1e-3 epochs, steps: 2) then multistep(milestones: (0, 0 steps), steps: 1) \
        then exponential(gamma: 0.9, every: 1 steps)
          batch 16
          epochs 5
          prune magnitude(0.5, from: 0 steps, to: 1 steps, every: 1 steps)
        }
        """;
    CheckResult result = Frontend.check(new SourceText("t.optspec", spec));
    assertEquals(List.of(), result.diagnostics().stream().map(Diagnostic::format).toList());
  }
}
