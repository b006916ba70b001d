package org.optspec.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A checked call to a catalogue entry ({@code adamw(lr: 1e-3)}, {@code dense(128, init: he)},
 * {@code relu}). Positional arguments are bound to their parameter names and every parameter that
 * has a default is present, so {@code args} is complete; a parameter without a default that was not
 * given is absent ({@link #has} tells).
 */
public record Call(String name, Map<String, Value> args, SourcePos pos) {

  public Call {
    args = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(args));
  }

  public boolean has(String param) {
    return args.containsKey(param);
  }

  public Value get(String param) {
    Value v = args.get(param);
    if (v == null) {
      throw new IllegalArgumentException(name + " has no argument '" + param + "'");
    }
    return v;
  }

  public Optional<Value> find(String param) {
    return Optional.ofNullable(args.get(param));
  }

  public double number(String param) {
    return ((Value.Num) get(param)).value();
  }

  /**
   * A whole-number argument as an int. The checker bounds every int-sized parameter (a width by
   * {@code Limits.MAX_WIDTH}, plateau's patience by {@code Limits.MAX_INT_COUNT}, ...), so a value an int cannot hold
   * is a checker bug, thrown here rather than capped silently at {@link Integer#MAX_VALUE} by {@code (int)}.
   */
  public int integer(String param) {
    double x = number(param);
    if (x != Math.rint(x) || x < Integer.MIN_VALUE || x > Integer.MAX_VALUE) {
      throw new IllegalStateException(name + " " + param + " is not an int: " + x);
    }
    return (int) x;
  }

  public boolean flag(String param) {
    return ((Value.Bool) get(param)).value();
  }

  public String string(String param) {
    return ((Value.Str) get(param)).value();
  }

  public String symbol(String param) {
    return ((Value.Sym) get(param)).name();
  }

  public Value.Dur duration(String param) {
    return (Value.Dur) get(param);
  }

  public Call call(String param) {
    return ((Value.CallValue) get(param)).call();
  }

  public List<Value> tuple(String param) {
    return ((Value.Tuple) get(param)).items();
  }

  /** A tuple of numbers, e.g. {@code betas: (0.9, 0.999)}. */
  public double[] numbers(String param) {
    return tuple(param).stream().mapToDouble(v -> ((Value.Num) v).value()).toArray();
  }
}
