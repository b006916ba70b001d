package org.optspec.bench;

/**
 * How many operations one trainer runs in a benchmark before a fresh one replaces it: the peer's unit of work
 * ({@code torch_bench.py} builds a new model and optimizer for each timed {@code run(n)}). Trained on and on, a
 * model's losses and gradients shrink towards float's subnormal range, where this machine's arithmetic is many times
 * slower (W2: 2.5 ms an epoch at epoch 20, 6 ms after 1,500 epochs, with its loss at 1e-10); the peers time a fresh
 * model's first {@code n} operations, so the benchmarks do too. A benchmark asks {@link #due()} in an untimed
 * {@code @Setup(Level.Invocation)} and makes its fresh trainer (and, for the epoch benchmarks, a fresh shuffle) there.
 */
final class PeerRun {
  private final int operations;
  private int done;

  /** @param operations the peer's {@code run(n)}: steps (W3, W5) or epochs (W2, W4) */
  PeerRun(int operations) {
    this.operations = operations;
  }

  /** Counts one operation about to run; true when it is the first of a new run (not the very first: setUp's trainer). */
  boolean due() {
    if (++done > operations) {
      done = 1;
      return true;
    }
    return false;
  }
}
