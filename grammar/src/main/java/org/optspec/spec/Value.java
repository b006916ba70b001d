package org.optspec.spec;

import java.util.List;

/**
 * A checked argument value. The checker converts every argument to the type its catalogue entry
 * declares, so consumers never parse or coerce: a parameter declared as a number is a {@link Num},
 * a duration is a {@link Dur}, and so on.
 */
public sealed interface Value {

  /** A number; integers are numbers whose value is integral. */
  record Num(double value) implements Value {}

  record Bool(boolean value) implements Value {}

  record Str(String value) implements Value {}

  /** A bare name used as a value: {@code linear}, {@code weights}, {@code last}, {@code tanh}. */
  record Sym(String name) implements Value {}

  /** A duration with its unit, {@code 100 steps} or {@code 10 epochs}. */
  record Dur(double amount, Unit unit) implements Value {
    public enum Unit { STEPS, EPOCHS }

    /** The duration in optimizer steps, given how many steps one epoch has. */
    public long toSteps(long stepsPerEpoch) {
      return unit == Unit.STEPS ? Math.round(amount) : Math.round(amount * stepsPerEpoch);
    }
  }

  record Tuple(List<Value> items) implements Value {
    public Tuple {
      items = List.copyOf(items);
    }
  }

  /** A nested call, e.g. {@code init: normal(0, 0.1)}. */
  record CallValue(Call call) implements Value {}
}
