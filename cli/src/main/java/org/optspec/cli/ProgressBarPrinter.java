package org.optspec.cli;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.optspec.runtime.TrainingListener;

/**
 * A live progress bar per epoch: steps done of the epoch, elapsed and ETA, running mean loss, learning
 * rate and samples per second; each finished epoch leaves its bar as one line with the validation loss.
 *
 * <p>{@link #onStep} runs on the training thread between steps: it only adds to primitive fields and
 * reads the clock, and hands the bar a new position and message at most every 100 ms, so steps stay
 * allocation-free. The bar itself redraws on its own thread.
 */
final class ProgressBarPrinter implements TrainingListener {
  private static final long REFRESH_NANOS = 100_000_000L;
  private static final int WIDTH_WITHOUT_TERMINAL = 120;

  private final PrintStream out;
  private final int epochs;
  private final int rows;
  private final String validationLabel;
  private final boolean terminal;

  private ProgressBar bar;
  private int stepsInEpoch;
  private int stepsDone;
  private double lossSum;
  private double lr;
  private long epochStart;
  private long nextRefresh;

  ProgressBarPrinter(PrintStream out, int epochs, int rows, String validationLabel, boolean terminal) {
    this.out = out;
    this.epochs = epochs;
    this.rows = rows;
    this.validationLabel = validationLabel;
    this.terminal = terminal;
  }

  @Override
  public void onEpochStart(int epoch, int steps) {
    stepsInEpoch = steps;
    stepsDone = 0;
    lossSum = 0;
    epochStart = System.nanoTime();
    nextRefresh = epochStart + REFRESH_NANOS;
    int width = String.valueOf(epochs).length();
    bar = new ProgressBarBuilder()
        .setTaskName(String.format(Locale.ROOT, "epoch %" + width + "d/%d", epoch, epochs))
        .setInitialMax(steps)
        .setStyle(terminal ? ProgressBarStyle.COLORFUL_UNICODE_BLOCK : ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(100)
        .setConsumer(terminal ? new ConsoleProgressBarConsumer(out) : new ConsoleProgressBarConsumer(out, WIDTH_WITHOUT_TERMINAL))
        .build();
  }

  @Override
  public void onStep(int epoch, long step, double loss, double lr) {
    stepsDone++;
    lossSum += loss;
    this.lr = lr;
    long now = System.nanoTime();
    if (now >= nextRefresh) {
      nextRefresh = now + REFRESH_NANOS;
      bar.stepTo(stepsDone);
      bar.setExtraMessage(message(now, lossSum / stepsDone, ""));
    }
  }

  @Override
  public void onEpochEnd(EpochSummary s) {
    String validation = Double.isNaN(s.validationLoss())
        ? ""
        : String.format(Locale.ROOT, " %s %.4f", validationLabel, s.validationLoss());
    bar.stepTo(stepsInEpoch);
    bar.setExtraMessage(message(System.nanoTime(), s.trainLoss(), validation));
    bar.close();
    bar = null;
  }

  /** Ends a bar an interrupted epoch left open (training threw), keeping the line it reached. */
  void finish() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }

  private String message(long now, double loss, String validation) {
    double seconds = (now - epochStart) / 1e9;
    double samples = stepsInEpoch == 0 ? 0 : (double) rows * stepsDone / stepsInEpoch;
    return String.format(Locale.ROOT, "loss %.4f%s lr %.2e %,.0f samples/s",
        loss, validation, lr, seconds > 0 ? samples / seconds : 0);
  }
}
