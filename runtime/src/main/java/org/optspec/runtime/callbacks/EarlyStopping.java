package org.optspec.runtime.callbacks;

import java.util.Objects;
import org.optspec.runtime.StopReason;
import org.optspec.runtime.TrainingListener;

/**
 * Stops {@code fit} when a metric stops improving, with the semantics of Keras' {@code EarlyStopping} and PyTorch
 * Lightning's ({@code monitor}, {@code mode}, {@code patience}, {@code min_delta}):
 *
 * <ul>
 *   <li>an epoch <em>improves</em> iff its value is below {@code best − minDelta} (MIN) or above {@code best + minDelta}
 *       (MAX), where best is the best value of an earlier improving epoch (+∞ / −∞ before the first, so the first
 *       finite value improves); an improving epoch becomes the best and resets the count;
 *   <li>every other epoch adds one to the count of epochs without improvement, and when the count reaches
 *       {@code patience}, {@code fit} stops after that epoch ({@link StopReason.Kind#EARLY_STOPPED}). With patience
 *       {@code p} the run ends at epoch {@code bestEpoch + p} unless an improvement comes first; patience 0 stops at
 *       the first epoch that does not improve;
 *   <li>a value that turns NaN or infinite after finite ones stops the run as {@link StopReason.Kind#DIVERGED}
 *       (Lightning's {@code check_finite}); a metric that is NaN from the first epoch has nothing to monitor (the
 *       validation loss without validation data) and is an {@code IllegalStateException}.
 * </ul>
 *
 * <p>The parameters stand as the last epoch left them (the spec's {@code stop when ... stalls} restores its best
 * epoch; here, save the best with {@link Checkpoint#onBest} and load it). The count lives in this object: a run
 * resumed from a checkpoint counts afresh. A fit that starts again at an epoch already seen resets it.
 */
public final class EarlyStopping implements TrainingListener {
  private final EpochMetric metric;
  private final int patience;
  private final BestValue best;
  private int wait;
  private int lastEpoch;
  private int stoppedEpoch;
  private StopReason request;

  /**
   * @param metric what to watch ({@link EpochMetric#VALIDATION_LOSS}, or any other)
   * @param mode whether lower or higher is better
   * @param patience epochs without improvement before stopping (0 or more)
   * @param minDelta the smallest change that counts as an improvement (finite, 0 or more)
   */
  public EarlyStopping(EpochMetric metric, Mode mode, int patience, double minDelta) {
    this.metric = Objects.requireNonNull(metric, "metric");
    if (patience < 0) {
      throw new IllegalArgumentException("patience must be at least 0, got " + patience);
    }
    this.patience = patience;
    this.best = new BestValue(mode, minDelta);
  }

  /** {@code new EarlyStopping(metric, MIN, patience, 0)}: stop after {@code patience} epochs without a lower value. */
  public static EarlyStopping minimizing(EpochMetric metric, int patience) {
    return new EarlyStopping(metric, Mode.MIN, patience, 0);
  }

  /** {@code new EarlyStopping(metric, MAX, patience, 0)}. */
  public static EarlyStopping maximizing(EpochMetric metric, int patience) {
    return new EarlyStopping(metric, Mode.MAX, patience, 0);
  }

  @Override
  public void onEpochEnd(EpochSummary summary) {
    int epoch = summary.epoch();
    if (epoch <= lastEpoch) {
      best.reset();
      wait = 0;
      stoppedEpoch = 0;
      request = null;
    }
    lastEpoch = epoch;
    double value = metric.valueAt(summary);
    if (!Double.isFinite(value)) {
      if (best.epoch() == 0 && Double.isNaN(value)) {
        throw new IllegalStateException("early stopping monitors " + metric.name() + ", which is NaN at epoch " + epoch
            + ": nothing to monitor" + (metric == EpochMetric.VALIDATION_LOSS ? " (fit was given no validation data)" : ""));
      }
      stoppedEpoch = epoch;
      request = StopReason.diverged(metric.name() + " is " + value + " at epoch " + epoch);
      return;
    }
    if (best.offer(epoch, value)) {
      wait = 0;
      return;
    }
    wait++;
    if (wait >= patience) {
      stoppedEpoch = epoch;
      request = StopReason.earlyStopped(metric.name(), "no improvement on " + best.best() + " (epoch " + best.epoch() + ")"
          + (best.minDelta() > 0 ? " by more than " + best.minDelta() : "") + " for " + wait + (wait == 1 ? " epoch" : " epochs"));
    }
  }

  @Override
  public StopReason stopRequest() {
    return request;
  }

  /** The epoch of the best value so far (0 before any). */
  public int bestEpoch() {
    return best.epoch();
  }

  /** The best value so far (±∞ before any). */
  public double bestValue() {
    return best.best();
  }

  /** The epoch after which it asked to stop, 0 while it has not. */
  public int stoppedEpoch() {
    return stoppedEpoch;
  }
}
