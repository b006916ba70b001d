package org.optspec.cli;

import java.util.Locale;

/** Axis numbers as a person writes them: {@code 0}, {@code 0.25}, {@code 3e-3}, {@code 12,000}. */
final class TickLabels {

  private TickLabels() {}

  static String number(double v) {
    if (v == 0) {
      return "0";
    }
    double a = Math.abs(v);
    if (a >= 1e-2 && a < 1e5) {
      String s = String.format(Locale.ROOT, a >= 1000 ? "%,.0f" : "%.4f", v);
      return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
    String s = String.format(Locale.ROOT, "%.2e", v);
    String mantissa = s.substring(0, s.indexOf('e')).replaceAll("0+$", "").replaceAll("\\.$", "");
    int exponent = Integer.parseInt(s.substring(s.indexOf('e') + 1));
    return mantissa + "e" + exponent;
  }
}
