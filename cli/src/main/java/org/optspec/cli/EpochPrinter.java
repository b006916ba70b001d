package org.optspec.cli;

import java.io.PrintStream;
import java.util.Locale;
import org.optspec.runtime.TrainingListener;

/**
 * One line per epoch the {@link EpochCadence} picks (every epoch of a short run, about twenty lines of a long one):
 * loss, validation loss, learning rate and throughput at that epoch, and for a long run the best validation loss so
 * far. Every epoch is still in the report.
 */
final class EpochPrinter implements TrainingListener {
  private final PrintStream out;
  private final int samplesPerEpoch;
  private final String validationLabel;
  private final EpochCadence cadence;
  private double bestValidation = Double.POSITIVE_INFINITY;
  private int bestEpoch;

  EpochPrinter(PrintStream out, int samplesPerEpoch, String validationLabel, EpochCadence cadence) {
    this.out = out;
    this.samplesPerEpoch = samplesPerEpoch;
    this.validationLabel = validationLabel;
    this.cadence = cadence;
  }

  @Override
  public void onEpochEnd(EpochSummary s) {
    if (s.validationLoss() < bestValidation) {
      bestValidation = s.validationLoss();
      bestEpoch = s.epoch();
    }
    if (!cadence.prints(s.epoch())) {
      return;
    }
    int width = String.valueOf(s.epochs()).length();
    double samplesPerSecond = s.seconds() > 0 ? samplesPerEpoch / s.seconds() : 0;
    String validation = Double.isNaN(s.validationLoss())
        ? ""
        : "  " + validationLabel + " loss " + loss(s.validationLoss());
    String best = cadence.every() > 1 && bestEpoch > 0
        ? String.format(Locale.ROOT, "  (best %s loss %s at epoch %d)", validationLabel, loss(bestValidation), bestEpoch)
        : "";
    out.printf(Locale.ROOT, "epoch %" + width + "d/%d  train loss %s%s  lr %.3e  %,.0f samples/s%s%n",
        s.epoch(), s.epochs(), loss(s.trainLoss()), validation, s.lr(), samplesPerSecond, best);
  }

  /** Six decimals in the usual range, scientific notation for a loss that has vanished or blown up. */
  static String loss(double v) {
    double a = Math.abs(v);
    return a == 0 || (a >= 1e-4 && a < 1e7) ? String.format(Locale.ROOT, "%.6f", v) : String.format(Locale.ROOT, "%.4e", v);
  }
}
