package org.optspec.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.optspec.grammar.Frontend;
import org.optspec.runtime.Trainer;
import org.optspec.runtime.TrainingListener;
import org.optspec.spec.CheckResult;
import org.optspec.spec.Diagnostic;
import org.optspec.spec.DiagnosticKey;
import org.optspec.spec.SourceText;

/**
 * A schedule's period ({@code step} and {@code exponential}'s {@code every}, {@code cosine_restarts}' first period) is
 * at least one step at run time. The checker refuses a period of 0 or less ({@code every: 0 steps}: grammar's
 * PositiveDurationTest, and {@link #theCheckerRefusesAPeriodOfZero} here), but a fraction of an epoch or of a step may
 * still round to 0 steps. CompileFuzzTest's nightly-style run found mutant 4646, the diabetes spec with {@code
 * step(every: 1e-3 epochs, gamma: 0.5)}: {@code / by zero} in the generated {@code scheduled} at its first step. A
 * first period of {@code cosine_restarts} that rounds to 0 steps, or one that a huge {@code t_mul} wraps past {@code
 * Long.MAX_VALUE}, never ended its loop; a {@code one_cycle} of 0 steps, or whose rise is 0 steps long, had a NaN rate.
 */
class ZeroPeriodScheduleTest {

  private static String spec(String schedule) {
    return """
        trainer P {
          precision float64
          seed 1
          data {
            source csv("p.csv", target: last)
            features 64
            classes 10
          }
          model {
            dense(10)
          }
          loss softmax_cross_entropy
          optimizer sgd(lr: 0.1)
          schedule %s
          batch 16
          epochs 2
        }
        """.formatted(schedule);
  }

  private static Trainer trainer(String schedule) throws ReflectiveOperationException {
    Class<?> type = LoadedTrainer.compile(SpecText.trainer(spec(schedule)));
    Trainer trainer = (Trainer) type.getConstructor().newInstance();
    trainer.setStepsPerEpoch(6);
    return trainer;
  }

  @Test
  void theCheckerRefusesAPeriodOfZero() {
    for (String schedule : new String[] {"step(every: 0 steps, gamma: 0.5)", "step(every: 0 epochs)",
        "exponential(gamma: 0.9, every: 0 steps)", "cosine_restarts(first: 0 steps)",
        "one_cycle(max_lr: 0.1, over: 0 steps)"}) {
      CheckResult checked = Frontend.check(new SourceText("p.optspec", spec(schedule)));
      assertFalse(checked.ok(), schedule);
      Diagnostic d = checked.diagnostics().get(0);
      assertEquals(List.of(DiagnosticKey.RANGE.key()), checked.diagnostics().stream().map(Diagnostic::key).toList(),
          schedule);
      assertTrue(d.message().endsWith(" must be > 0, got 0 steps") || d.message().endsWith(" must be > 0, got 0 epochs"),
          d.format());
      assertEquals(14, d.pos().line(), d.format());
    }
  }

  @Test
  void aStepDecayEveryFractionOfAnEpochOrOfAStepDecaysEveryStep() throws ReflectiveOperationException {
    for (String every : new String[] {"1e-3 epochs", "0.4 steps"}) {
      Trainer t = trainer("step(every: " + every + ", gamma: 0.5)");
      for (int k = 0; k < 5; k++) {
        assertEquals(0.1 * Math.pow(0.5, k), t.learningRate(k), 0, every + ", step " + k);
      }
      // the mutant's training: fit runs its steps instead of dividing by zero
      t.fit(CheckpointResumeTest.digitsLike(96, 1), null, TrainingListener.NONE);
      assertEquals(12, t.stepCount());
    }
  }

  @Test
  void anExponentialEveryFractionOfAnEpochDecaysEveryStep() throws ReflectiveOperationException {
    Trainer t = trainer("exponential(gamma: 0.9, every: 1e-3 epochs)");
    for (int k = 0; k < 5; k++) {
      assertEquals(0.1 * Math.pow(0.9, k), t.learningRate(k), 1e-17, "step " + k);
    }
  }

  @Test
  void cosineRestartsOfAPeriodRoundingToZeroOrOverflowingEnd() throws ReflectiveOperationException {
    Trainer zero = trainer("cosine_restarts(first: 0.4 steps)");
    // the largest t_mul check accepts (Limits.MAX_T_MUL, 2^53): 2 · 2^53 steps, then a product past Long.MAX_VALUE
    Trainer huge = trainer("cosine_restarts(first: 2 steps, t_mul: 9007199254740992)");
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      for (int k = 0; k < 50; k++) {
        // a period of one step: every step restarts at the base rate
        assertEquals(0.1, zero.learningRate(k), 0, "step " + k);
        double lr = huge.learningRate(k);
        assertTrue(lr > 0 && lr <= 0.1, "step " + k + ": " + lr);
      }
      // past 2 + 2^54 steps the third period, 2^54 · 2^53, saturates instead of wrapping negative
      for (long k : new long[] {2 + (1L << 54), Long.MAX_VALUE - 1, Long.MAX_VALUE}) {
        double lr = huge.learningRate(k);
        assertTrue(lr > 0 && lr <= 0.1, "step " + k + ": " + lr);
      }
    });
    // the first period of 2 steps, then one that never ends: cos(pi * t / 2^54), the base rate to 1e-15
    assertEquals(0.05, huge.learningRate(1), 1e-15);
    assertEquals(0.1, huge.learningRate(2), 1e-15);
  }

  @Test
  void aOneCycleRoundingToZeroStepsOrWithARiseOfZeroStepsHasNoNaN() throws ReflectiveOperationException {
    // over 10 steps with pct_start 0.1 the rise ends at step 0 (pct_start · total - 1 = 0): 0 / 0 was the rate there
    Trainer rise = trainer("one_cycle(max_lr: 0.1, over: 10 steps, pct_start: 0.1)");
    assertEquals(0.1, rise.learningRate(0), 0, "step 0 is the peak");
    Trainer none = trainer("one_cycle(max_lr: 0.1, over: 1e-3 epochs)");
    for (int k = 0; k < 12; k++) {
      assertTrue(Double.isFinite(rise.learningRate(k)) && rise.learningRate(k) > 0, "step " + k + ": " + rise.learningRate(k));
      assertTrue(Double.isFinite(none.learningRate(k)) && none.learningRate(k) > 0, "step " + k + ": " + none.learningRate(k));
    }
    // the descent from the peak at step 0 to max_lr / div_factor / final_div_factor at step 9, cosine-shaped
    assertEquals(0.1 / 25 / 1e4, rise.learningRate(9), 1e-15);
    assertEquals(0.1 / 25 / 1e4, none.learningRate(0), 1e-15, "a cycle of one step is at its end");
  }
}
