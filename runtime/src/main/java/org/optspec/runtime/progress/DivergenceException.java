package org.optspec.runtime.progress;

import java.util.Locale;

/**
 * Training met a loss or a gradient that is NaN or infinite. Thrown by a generated trainer's step before
 * the update, so the parameters still hold the last finite values; {@link #step()} is the 1-based number
 * of the step that failed and {@link #what()} names the loss or the parameter group.
 */
public final class DivergenceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final long step;
  private final String what;
  private final double value;

  /**
   * @param step the 1-based number of the step that met the value
   * @param what {@code the loss}, or {@code the gradient of parameter group 'default' (dense0.weight, ...)}
   * @param value the offending value (the loss, or the group's sum of squared gradients)
   */
  public DivergenceException(long step, String what, double value) {
    super(String.format(Locale.ROOT, "step %d: %s is %s", step, what, describe(value)));
    this.step = step;
    this.what = what;
    this.value = value;
  }

  /**
   * A value that is finite but outside what it must be, {@code step 12: the scale of x is -0.01, but it must be
   * positive}.
   *
   * @param rule what the value must be, {@code positive}
   */
  public DivergenceException(long step, String what, double value, String rule) {
    super(String.format(Locale.ROOT, "step %d: %s is %s, but it must be %s", step, what,
        Double.isFinite(value) ? Double.toString(value) : describe(value), rule));
    this.step = step;
    this.what = what;
    this.value = value;
  }

  private static String describe(double value) {
    return Double.isNaN(value) ? "NaN" : value > 0 ? "infinite" : "-infinite";
  }

  public long step() {
    return step;
  }

  public String what() {
    return what;
  }

  public double value() {
    return value;
  }

  /**
   * The message without its step, {@code the loss is NaN}: for a caller that says more about where the step was.
   * Both constructors write the message as {@code step N: } and then this.
   */
  public String finding() {
    return getMessage().substring(("step " + step + ": ").length());
  }
}
