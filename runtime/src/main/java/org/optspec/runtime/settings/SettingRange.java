package org.optspec.runtime.settings;

import java.math.BigDecimal;

/**
 * The interval a run-time setting must lie in: the catalogue's range of the spec parameter it comes from, written into
 * the generated {@code Settings} record, described and reported exactly as the compiler's checker does
 * ({@code adamw beta2 must be in [0, 1), got 1.2}). Infinite bounds mean "unbounded on that side".
 */
public record SettingRange(double low, boolean lowInclusive, double high, boolean highInclusive) {

  public static SettingRange above(double low) {
    return new SettingRange(low, false, Double.POSITIVE_INFINITY, false);
  }

  public static SettingRange atLeast(double low) {
    return new SettingRange(low, true, Double.POSITIVE_INFINITY, false);
  }

  public static SettingRange any() {
    return new SettingRange(Double.NEGATIVE_INFINITY, false, Double.POSITIVE_INFINITY, false);
  }

  public boolean contains(double x) {
    boolean aboveLow = lowInclusive ? x >= low : x > low;
    boolean belowHigh = highInclusive ? x <= high : x < high;
    return aboveLow && belowHigh;
  }

  /** "in [0, 1)", "> 0", ">= 1", "<= 0", "a number": the checker's words. */
  public String describe() {
    boolean hasLow = !Double.isInfinite(low);
    boolean hasHigh = !Double.isInfinite(high);
    if (hasLow && hasHigh) {
      return "in " + (lowInclusive ? "[" : "(") + format(low) + ", " + format(high) + (highInclusive ? "]" : ")");
    }
    if (hasLow) {
      return (lowInclusive ? ">= " : "> ") + format(low);
    }
    if (hasHigh) {
      return (highInclusive ? "<= " : "< ") + format(high);
    }
    return "a number";
  }

  /**
   * {@code x} if it is a finite number in the range (a whole one when {@code integer}), else an
   * {@link IllegalArgumentException} with the checker's message for the parameter {@code label}.
   */
  public double check(String label, double x, boolean integer) {
    return check(label, x, integer, format(x));
  }

  /** {@link #check(String, double, boolean)} naming the value as it was {@code written} ({@code 1e-5}). */
  public double check(String label, double x, boolean integer, String written) {
    if (Double.isNaN(x) || Double.isInfinite(x)) {
      throw new IllegalArgumentException(label + " must be a finite number, got " + written);
    }
    if (integer && x != Math.rint(x)) {
      throw new IllegalArgumentException(label + " expects a whole number, got " + written);
    }
    if (!contains(x)) {
      throw new IllegalArgumentException(label + " must be " + describe() + ", got " + written);
    }
    return x;
  }

  /** A number the way a person writes it in a spec: {@code 0}, {@code 0.5}, {@code 1e-08}. */
  public static String format(double x) {
    if (Double.isNaN(x) || Double.isInfinite(x)) {
      return Double.toString(x);
    }
    if (x == Math.rint(x) && Math.abs(x) < 1e15) {
      return Long.toString((long) x);
    }
    double magnitude = Math.abs(x);
    if (magnitude >= 1e-4 && magnitude < 1e15) {
      return BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
    }
    return BigDecimal.valueOf(x).stripTrailingZeros().toString().replace("E", "e");
  }
}
