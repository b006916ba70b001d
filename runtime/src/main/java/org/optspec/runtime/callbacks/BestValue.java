package org.optspec.runtime.callbacks;

/**
 * The best value of a metric so far, by the rule Keras' {@code EarlyStopping} and PyTorch Lightning's use: a value
 * improves on the best iff {@code value < best − minDelta} (MIN) or {@code value > best + minDelta} (MAX); the best
 * starts at +∞ (MIN) or −∞ (MAX), so the first finite value improves, and only an improvement moves it. NaN never
 * improves.
 */
final class BestValue {
  private final Mode mode;
  private final double minDelta;
  private double best;
  private int epoch;

  BestValue(Mode mode, double minDelta) {
    if (mode == null) {
      throw new NullPointerException("mode");
    }
    if (!(minDelta >= 0) || Double.isInfinite(minDelta)) {
      throw new IllegalArgumentException("min_delta must be finite and at least 0, got " + minDelta);
    }
    this.mode = mode;
    this.minDelta = minDelta;
    reset();
  }

  void reset() {
    best = mode == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    epoch = 0;
  }

  /** Whether {@code value} improves on the best; if so it becomes the best, seen at {@code epoch}. */
  boolean offer(int epoch, double value) {
    boolean better = mode == Mode.MIN ? value < best - minDelta : value > best + minDelta;
    if (better) {
      best = value;
      this.epoch = epoch;
    }
    return better;
  }

  /** Restores a best value kept from an earlier run. */
  void restore(int epoch, double value) {
    this.best = value;
    this.epoch = epoch;
  }

  double best() {
    return best;
  }

  /** The epoch of the best value, 0 before any. */
  int epoch() {
    return epoch;
  }

  Mode mode() {
    return mode;
  }

  double minDelta() {
    return minDelta;
  }
}
