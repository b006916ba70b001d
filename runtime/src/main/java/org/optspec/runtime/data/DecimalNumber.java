package org.optspec.runtime.data;

/**
 * The numbers a data cell may hold, scanned by hand (no regular expression, no string per cell): plain decimals
 * {@code [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?}, so {@code NaN}, {@code Infinity}, {@code 1f},
 * {@code 0x1p3} and {@code 1_000} are not numbers. The value is exactly what {@link Double#parseDouble} gives: a mantissa of
 * at most 15 significant digits with a decimal exponent within ±22 is one correctly rounded multiplication or division
 * of two exact doubles (Clinger's fast path); anything else goes to {@code Double.parseDouble}.
 */
final class DecimalNumber {
  private static final double[] POWERS = {
      1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
      1e21, 1e22};
  private static final long EXACT = 1L << 53;

  private DecimalNumber() {}

  /** The value of {@code s[from, to)}, or NaN when it is not a plain decimal number (NaN is never a cell's value). */
  static double parse(char[] s, int from, int to) {
    int i = from;
    if (i == to) {
      return Double.NaN;
    }
    boolean negative = false;
    if (s[i] == '+' || s[i] == '-') {
      negative = s[i] == '-';
      i++;
    }
    long mantissa = 0;
    int significant = 0;
    int exponent = 0;
    boolean slow = false;
    int digits = 0;
    for (; i < to && isDigit(s[i]); i++, digits++) {
      if (significant < 15) {
        mantissa = mantissa * 10 + (s[i] - '0');
        if (mantissa != 0) {
          significant++;
        }
      } else {
        slow = true;
      }
    }
    if (i < to && s[i] == '.') {
      i++;
      for (; i < to && isDigit(s[i]); i++, digits++) {
        if (significant < 15) {
          mantissa = mantissa * 10 + (s[i] - '0');
          exponent--;
          if (mantissa != 0) {
            significant++;
          }
        } else {
          slow = true;
        }
      }
    }
    if (digits == 0) {
      return Double.NaN;
    }
    if (i < to && (s[i] == 'e' || s[i] == 'E')) {
      i++;
      boolean negativeExponent = false;
      if (i < to && (s[i] == '+' || s[i] == '-')) {
        negativeExponent = s[i] == '-';
        i++;
      }
      int e = 0;
      int exponentDigits = 0;
      for (; i < to && isDigit(s[i]); i++, exponentDigits++) {
        if (e < 100_000) {
          e = e * 10 + (s[i] - '0');
        }
      }
      if (exponentDigits == 0) {
        return Double.NaN;
      }
      exponent += negativeExponent ? -e : e;
    }
    if (i != to) {
      return Double.NaN;
    }
    if (!slow && mantissa == 0) {
      return negative ? -0.0 : 0.0;
    }
    if (!slow && mantissa < EXACT && exponent >= -22 && exponent <= 22) {
      double v = exponent >= 0 ? mantissa * POWERS[exponent] : mantissa / POWERS[-exponent];
      return negative ? -v : v;
    }
    return Double.parseDouble(new String(s, from, to - from));
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
