package org.optspec.cli;

/**
 * Which epochs leave a line behind: every {@code every}-th, and the first and the last, so a 2,000-epoch run prints
 * about {@link #LINES} lines, not 2,000 (the report keeps every epoch). {@code every} is given by {@code --print-every}
 * or chosen from the epoch count.
 */
record EpochCadence(int every, int epochs) {
  static final int LINES = 20;

  /** About {@link #LINES} lines for {@code epochs} epochs; every epoch up to that many. */
  static EpochCadence auto(int epochs) {
    return new EpochCadence(Math.max(1, (epochs + LINES - 1) / LINES), epochs);
  }

  boolean prints(int epoch) {
    return epoch == 1 || epoch == epochs || epoch % every == 0;
  }
}
