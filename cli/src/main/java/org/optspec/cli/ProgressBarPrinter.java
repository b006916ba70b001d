package org.optspec.cli;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressState;
import org.optspec.runtime.TrainingListener;

/**
 * A live progress bar per epoch: steps done of the epoch, ETA, running mean loss, learning rate and samples per
 * second, laid out by {@link ProgressLine} for the terminal's width (at 80 columns and below the bar keeps its
 * cells and the least useful numbers go first). An epoch the {@link EpochCadence} picks leaves its bar behind as
 * one line with the validation loss; the others are cleared when they end, so a long run leaves a bounded number
 * of lines.
 *
 * <p>{@link #onStep} runs on the training thread between steps: it only adds to primitive fields and
 * reads the clock, and hands the bar a new position and a fresh snapshot at most every 100 ms, so steps stay
 * allocation-free. The bar itself redraws on its own thread.
 */
final class ProgressBarPrinter implements TrainingListener {
  private static final long REFRESH_NANOS = 100_000_000L;
  static final int WIDTH_WITHOUT_TERMINAL = 120;

  private final PrintStream out;
  private final int epochs;
  private final int rows;
  private final String validationLabel;
  private final EpochCadence cadence;
  /** The width to lay out for; 0 asks the terminal each time (it may be resized). */
  private final int width;

  private ProgressBar bar;
  private EpochLineConsumer line;
  private String task;
  private int stepsInEpoch;
  private int stepsDone;
  private double lossSum;
  private double lr;
  private long epochStart;
  private long nextRefresh;
  /** What the bar's thread renders; replaced whole, at most every 100 ms. */
  private volatile Snapshot snapshot;

  private record Snapshot(double loss, String validation, double lr, double samplesPerSecond) {}

  ProgressBarPrinter(PrintStream out, int epochs, int rows, String validationLabel, boolean terminal) {
    this(out, epochs, rows, validationLabel, EpochCadence.auto(epochs), terminal ? 0 : WIDTH_WITHOUT_TERMINAL);
  }

  ProgressBarPrinter(PrintStream out, int epochs, int rows, String validationLabel, EpochCadence cadence, int width) {
    this.out = out;
    this.epochs = epochs;
    this.rows = rows;
    this.validationLabel = validationLabel;
    this.cadence = cadence;
    this.width = width;
  }

  @Override
  public void onEpochStart(int epoch, int steps) {
    stepsInEpoch = steps;
    stepsDone = 0;
    lossSum = 0;
    epochStart = System.nanoTime();
    nextRefresh = epochStart + REFRESH_NANOS;
    snapshot = new Snapshot(Double.NaN, "", lr, 0);
    int digits = String.valueOf(epochs).length();
    task = String.format(Locale.ROOT, "epoch %" + digits + "d/%d", epoch, epochs);
    ProgressBarBuilder builder = new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(steps)
        .setUpdateIntervalMillis(100)
        .setRenderer(this::render)
        .setConsumer(line = new EpochLineConsumer(out, width, cadence.prints(epoch)));
    bar = builder.build();
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
      snapshot = new Snapshot(lossSum / stepsDone, "", lr, samplesPerSecond(now));
    }
  }

  @Override
  public void onEpochEnd(EpochSummary s) {
    String validation = Double.isNaN(s.validationLoss()) ? "" : validationLabel + " " + ProgressLine.loss(s.validationLoss());
    snapshot = new Snapshot(s.trainLoss(), validation, lr, samplesPerSecond(System.nanoTime()));
    bar.stepTo(stepsInEpoch);
    bar.close();
    line.end();
    bar = null;
  }

  /** Ends a bar an interrupted epoch left open (training threw), keeping the line it reached. */
  void finish() {
    if (bar != null) {
      bar.close();
      line.keep();
      bar = null;
    }
  }

  private double samplesPerSecond(long now) {
    double seconds = (now - epochStart) / 1e9;
    double samples = stepsInEpoch == 0 ? 0 : (double) rows * stepsDone / stepsInEpoch;
    return seconds > 0 ? samples / seconds : 0;
  }

  /** Runs on the bar's thread. */
  private String render(ProgressState state, int maxLength) {
    Snapshot s = snapshot;
    double elapsed = state.getElapsedAfterStart().toNanos() / 1e9;
    long done = state.getCurrent();
    long total = state.getMax();
    double eta = done > 0 && done < total ? elapsed * (total - done) / done : Double.NaN;
    return new ProgressLine(state.getTaskName(), done, total, elapsed, eta, s.loss(), s.validation(), s.lr(), s.samplesPerSecond())
        .render(maxLength);
  }
}
