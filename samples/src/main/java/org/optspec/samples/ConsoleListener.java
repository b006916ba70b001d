package org.optspec.samples;

import java.io.PrintStream;
import java.util.Locale;
import org.optspec.runtime.TrainingListener;

/** Prints one line per epoch, the way the samples show progress. */
public final class ConsoleListener implements TrainingListener {
  private final PrintStream out;

  public ConsoleListener(PrintStream out) {
    this.out = out;
  }

  @Override
  public void onEpochEnd(EpochSummary s) {
    // the validation split's loss when there is one; the test split is only for the figure at the end
    String validation = Double.isNaN(s.validationLoss()) ? ""
        : String.format(Locale.ROOT, "  validation loss %.6f", s.validationLoss());
    out.printf(Locale.ROOT, "epoch %3d/%d  train loss %.6f%s  lr %.3e%n", s.epoch(), s.epochs(), s.trainLoss(), validation,
        s.lr());
  }
}
