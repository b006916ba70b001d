package org.optspec.runtime;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Prints one line per epoch: {@code epoch  3/20  train loss 0.412345  validation loss 0.398765  lr 2.780e-03}
 * (without the validation loss when there is no validation data: the test split is only for the figure at the end).
 * For a live progress bar, use the command line.
 */
public final class ConsoleListener implements TrainingListener {
  private final PrintStream out;

  public ConsoleListener(PrintStream out) {
    this.out = out;
  }

  @Override
  public void onEpochEnd(EpochSummary s) {
    if (Double.isNaN(s.validationLoss())) {
      out.printf(Locale.ROOT, "epoch %3d/%d  train loss %.6f  lr %.3e%n", s.epoch(), s.epochs(), s.trainLoss(), s.lr());
    } else {
      out.printf(Locale.ROOT, "epoch %3d/%d  train loss %.6f  validation loss %.6f  lr %.3e%n",
          s.epoch(), s.epochs(), s.trainLoss(), s.validationLoss(), s.lr());
    }
  }
}
