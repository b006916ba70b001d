package org.optspec.processor.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.TypeName;
import org.optspec.spec.Value;

/** Schedule durations in steps or epochs: their constants and their value in steps at run time. */
final class Durations {

  private Durations() {}

  /** A duration constant: {@code WARMUP_LENGTH = 100L} (steps) or {@code STEP_EVERY_EPOCHS = 25.0}. */
  static FieldSpec constant(String name, Value.Dur d, String doc) {
    if (d.unit() == Value.Dur.Unit.STEPS) {
      return EmitContext.constant(TypeName.LONG, name, CodeBlock.of("$LL", Math.round(d.amount())), doc);
    }
    return EmitContext.constant(TypeName.DOUBLE, name + "_EPOCHS", CodeBlock.of("$L", d.amount()), doc);
  }

  /** The expression for a duration in steps, inside a method that knows {@code stepsPerEpoch}. */
  static CodeBlock steps(String name, Value.Dur d) {
    if (d.unit() == Value.Dur.Unit.STEPS) {
      return CodeBlock.of("$L", name);
    }
    return CodeBlock.of("$T.round($L_EPOCHS * stepsPerEpoch)", Math.class, name);
  }

  /**
   * The expression for a period in steps (a decay's or a pruning's {@code every}, a restart's first period): at least
   * one step. The checker refuses a period of 0 or less ({@code every: 0 steps}), but a fraction of an epoch, or of
   * a step ({@code every: 0.4 steps}), may still round to 0 steps, and a period of 0 would divide by zero or never end
   * a loop.
   */
  static CodeBlock period(String name, Value.Dur d) {
    return CodeBlock.of("$T.max(1, $L)", Math.class, steps(name, d));
  }
}
