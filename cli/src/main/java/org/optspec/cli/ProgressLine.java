package org.optspec.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One line of the live progress display, laid out for a given width. The task ("epoch 3/20"), the percentage, the
 * bar and the loss always show; the rest is added in order of use — learning rate, validation loss, ETA, steps done,
 * throughput, elapsed time — only while the bar keeps at least {@link #MIN_BAR} cells. Below that even with nothing
 * optional the bar goes, and the line is cut to the width as a last resort: nothing is ever cut in the middle of a
 * number at 40 columns and above.
 */
record ProgressLine(String task, long done, long total, double elapsedSeconds, double etaSeconds, double loss,
    String validation, double lr, double samplesPerSecond) {

  static final int MIN_BAR = 10;
  private static final String[] EIGHTHS = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};

  /** {@code validation} is "" when there is none; {@code etaSeconds} NaN when unknown. */
  String render(int width) {
    String head = task + " " + String.format(Locale.ROOT, "%3d%%", total == 0 ? 100 : (int) (100 * done / total));
    String lossPart = "loss " + ProgressLine.loss(loss);
    List<String> optional = new ArrayList<>();
    optional.add(String.format(Locale.ROOT, "lr %.2e", lr));
    if (!validation.isEmpty()) {
      optional.add(validation);
    }
    if (!Double.isNaN(etaSeconds)) {
      optional.add("eta " + clock(etaSeconds));
    }
    optional.add(done + "/" + total);
    optional.add(String.format(Locale.ROOT, "%,.0f samples/s", samplesPerSecond));
    optional.add(clock(elapsedSeconds));
    for (int k = optional.size(); k >= 0; k--) {
      String tail = lossPart + (k == 0 ? "" : " " + String.join(" ", optional.subList(0, k)));
      int barWidth = width - head.length() - tail.length() - 4; // " │" + "│ "
      if (barWidth >= MIN_BAR) {
        return head + " │" + bar(barWidth) + "│ " + tail;
      }
    }
    for (int k = optional.size(); k >= 0; k--) {
      String line = head + " " + lossPart + (k == 0 ? "" : " " + String.join(" ", optional.subList(0, k)));
      if (line.length() <= width) {
        return line;
      }
    }
    String line = head + " " + lossPart;
    return line.substring(0, Math.max(0, Math.min(line.length(), width)));
  }

  private String bar(int width) {
    double fraction = total == 0 ? 1 : Math.min(1, (double) done / total);
    int eighths = (int) Math.round(fraction * width * 8);
    StringBuilder b = new StringBuilder("█".repeat(eighths / 8)).append(EIGHTHS[eighths % 8]);
    return b.append(" ".repeat(width - b.codePointCount(0, b.length()))).toString();
  }

  static String clock(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }

  static String loss(double v) {
    if (Double.isNaN(v)) {
      return "…";
    }
    double a = Math.abs(v);
    return a == 0 || (a >= 1e-3 && a < 1e5) ? String.format(Locale.ROOT, "%.4f", v) : String.format(Locale.ROOT, "%.3e", v);
  }
}
