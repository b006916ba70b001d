package org.optspec.cli;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarConsumer;

/**
 * Draws one epoch's bar in place ({@code \r}, then the line padded over the previous one) and, when the epoch ends
 * ({@link #end}), either keeps it as a line ({@code keep}) or wipes it so the next epoch's bar draws over it: the
 * library's own consumer ends every bar with a newline, which made a 2,000-epoch run print 2,000 lines.
 */
final class EpochLineConsumer implements ProgressBarConsumer {
  private final PrintStream out;
  private boolean keep;
  /** Asks the terminal for its width (it may be resized) when {@code width} is 0. */
  private final ConsoleProgressBarConsumer terminal;
  private final int width;
  private int drawn;
  private boolean ended;

  EpochLineConsumer(PrintStream out, int width, boolean keep) {
    this.out = out;
    this.width = width;
    this.keep = keep;
    this.terminal = width > 0 ? null : new ConsoleProgressBarConsumer(out);
  }

  @Override
  public int getMaxRenderedLength() {
    return width > 0 ? width : terminal.getMaxRenderedLength();
  }

  @Override
  public synchronized void accept(String line) {
    if (ended) {
      return;
    }
    int pad = Math.max(0, drawn - line.length());
    out.print("\r" + line + " ".repeat(pad));
    drawn = line.length();
    out.flush();
  }

  /** Ends the line keeping the last frame, whatever the cadence said (an interrupted epoch). */
  synchronized void keep() {
    keep = true;
    end();
  }

  /** Keeps the last frame as a line, or wipes it; frames the bar's thread renders after this are dropped. */
  synchronized void end() {
    if (ended) {
      return;
    }
    ended = true;
    if (keep) {
      out.println();
    } else {
      out.print("\r" + " ".repeat(drawn) + "\r");
    }
    out.flush();
  }

  /** The library calls this (when it does) as its bar closes; {@link #end} is what ends the line. */
  @Override
  public void close() {}
}
