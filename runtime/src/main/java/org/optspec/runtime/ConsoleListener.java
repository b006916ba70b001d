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
    out.printf(Locale.ROOT, "epoch %3d/%d  train loss %.6f  test loss %.6f  lr %.3e%n",
        s.epoch(), s.epochs(), s.trainLoss(), s.validationLoss(), s.lr());
  }
}
