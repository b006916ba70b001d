package org.optspec.processor.ir;

/**
 * A parameter initializer lowered to one of the three runtime draws, with its bounds or moments
 * computed at compile time (fans and gains folded in).
 *
 * @param a the lower bound (UNIFORM), the mean (NORMAL) or the value (CONSTANT)
 * @param b the upper bound (UNIFORM) or the standard deviation (NORMAL); unused for CONSTANT
 * @param explanation how the numbers were derived, for the generated comment
 */
public record Initializer(Kind kind, double a, double b, String explanation) {

  public enum Kind {
    UNIFORM,
    NORMAL,
    CONSTANT
  }

  public static Initializer uniform(double low, double high, String explanation) {
    return new Initializer(Kind.UNIFORM, low, high, explanation);
  }

  public static Initializer normal(double mean, double std, String explanation) {
    return new Initializer(Kind.NORMAL, mean, std, explanation);
  }

  public static Initializer constant(double value, String explanation) {
    return new Initializer(Kind.CONSTANT, value, 0, explanation);
  }
}
