package org.optspec.grammar.check;

import java.math.BigDecimal;

/** Prints numbers the way a person writes them in a spec: {@code 0}, {@code 0.5}, {@code 1e-08}. */
final class Numbers {

  private Numbers() {}

  static String format(double x) {
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
