package org.optspec.cli;

import java.io.PrintStream;
import java.util.Locale;
import org.optspec.runtime.TrainingListener;

/** One line per epoch: loss, validation loss, learning rate, throughput. */
final class EpochPrinter implements TrainingListener {
  private final PrintStream out;
  private final int samplesPerEpoch;
  private final String validationLabel;

  EpochPrinter(PrintStream out, int samplesPerEpoch, String validationLabel) {
    this.out = out;
    this.samplesPerEpoch = samplesPerEpoch;
    this.validationLabel = validationLabel;
  }

  @Override
  public void onEpochEnd(EpochSummary s) {
    int width = String.valueOf(s.epochs()).length();
    double samplesPerSecond = s.seconds() > 0 ? samplesPerEpoch / s.seconds() : 0;
    String validation = Double.isNaN(s.validationLoss())
        ? ""
        : "  " + validationLabel + " loss " + loss(s.validationLoss());
    out.printf(Locale.ROOT, "epoch %" + width + "d/%d  train loss %s%s  lr %.3e  %,.0f samples/s%n",
        s.epoch(), s.epochs(), loss(s.trainLoss()), validation, s.lr(), samplesPerSecond);
  }

  /** Six decimals in the usual range, scientific notation for a loss that has vanished or blown up. */
  static String loss(double v) {
    double a = Math.abs(v);
    return a == 0 || (a >= 1e-4 && a < 1e7) ? String.format(Locale.ROOT, "%.6f", v) : String.format(Locale.ROOT, "%.4e", v);
  }
}
