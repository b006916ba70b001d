package org.optspec.cli;

import java.io.PrintStream;
import org.optspec.runtime.TrainingListener;

/** How training shows its progress. */
enum ProgressMode {
  /** A live bar when standard output is a terminal, plain lines otherwise. */
  AUTO,
  /** A live bar per epoch (steps, ETA, loss, lr, samples/s). */
  BAR,
  /** One line per epoch (every N-th epoch of a long run), for logs and pipes. */
  LINES,
  /** Nothing per epoch (compare prints its own table). */
  NONE;

  /**
   * The listener that shows {@code epochs} epochs of {@code rows} training rows this way, leaving a line for the
   * epochs {@code cadence} picks.
   */
  TrainingListener listener(PrintStream out, int epochs, int rows, String validationLabel, EpochCadence cadence) {
    ProgressMode mode = this == AUTO ? (System.console() != null ? BAR : LINES) : this;
    return switch (mode) {
      case BAR -> new ProgressBarPrinter(out, epochs, rows, validationLabel, cadence,
          System.console() != null ? 0 : ProgressBarPrinter.WIDTH_WITHOUT_TERMINAL);
      case LINES -> new EpochPrinter(out, rows, validationLabel, cadence);
      default -> TrainingListener.NONE;
    };
  }
}
