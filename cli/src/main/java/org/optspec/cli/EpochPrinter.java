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
        : String.format(Locale.ROOT, "  %s loss %.6f", validationLabel, s.validationLoss());
    out.printf(Locale.ROOT, "epoch %" + width + "d/%d  train loss %.6f%s  lr %.3e  %,.0f samples/s%n",
        s.epoch(), s.epochs(), s.trainLoss(), validation, s.lr(), samplesPerSecond);
  }
}
