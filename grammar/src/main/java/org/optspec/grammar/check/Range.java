package org.optspec.grammar.check;

/** An interval of allowed numbers; infinite bounds mean "unbounded on that side". */
public record Range(double low, boolean lowInclusive, double high, boolean highInclusive) {

  public static final Range ANY = new Range(Double.NEGATIVE_INFINITY, false, Double.POSITIVE_INFINITY, false);

  public static Range above(double low) {
    return new Range(low, false, Double.POSITIVE_INFINITY, false);
  }

  public static Range atLeast(double low) {
    return new Range(low, true, Double.POSITIVE_INFINITY, false);
  }

  public static Range atMost(double high) {
    return new Range(Double.NEGATIVE_INFINITY, false, high, true);
  }

  /** {@code [low, high)}: the usual range of a probability-like coefficient. */
  public static Range halfOpen(double low, double high) {
    return new Range(low, true, high, false);
  }

  public static Range closed(double low, double high) {
    return new Range(low, true, high, true);
  }

  public static Range open(double low, double high) {
    return new Range(low, false, high, false);
  }

  /** {@code (low, high]}. */
  public static Range openClosed(double low, double high) {
    return new Range(low, false, high, true);
  }

  /** This range with its upper end at most {@code cap} (inclusive). */
  public Range capped(double cap) {
    return high < cap || (high == cap && !highInclusive) ? this : new Range(low, lowInclusive, cap, true);
  }

  public boolean contains(double x) {
    boolean aboveLow = lowInclusive ? x >= low : x > low;
    boolean belowHigh = highInclusive ? x <= high : x < high;
    return aboveLow && belowHigh;
  }

  /** "in [0, 1)", "> 0", ">= 1", "<= 0". */
  public String describe() {
    boolean hasLow = !Double.isInfinite(low);
    boolean hasHigh = !Double.isInfinite(high);
    if (hasLow && hasHigh) {
      return "in " + (lowInclusive ? "[" : "(") + Numbers.format(low) + ", " + Numbers.format(high)
          + (highInclusive ? "]" : ")");
    }
    if (hasLow) {
      return (lowInclusive ? ">= " : "> ") + Numbers.format(low);
    }
    if (hasHigh) {
      return (highInclusive ? "<= " : "< ") + Numbers.format(high);
    }
    return "a number";
  }
}
