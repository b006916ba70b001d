package org.optspec.cli;

import org.optspec.runtime.Trainer;
import org.optspec.runtime.TrainingListener;
import org.optspec.runtime.progress.DivergenceException;

/**
 * The divergence check on the updated parameters: a generated step stops at a non-finite loss or gradient, but a
 * finite gradient times a huge learning rate can still overflow a parameter. Checked after every epoch (one pass over
 * a copy of the parameters, cheap next to an epoch) and before every checkpoint is written, so the last good
 * checkpoint never holds a NaN or an infinity. The epoch's losses are checked too.
 */
final class FiniteParameters implements TrainingListener {
  private final Trainer trainer;

  FiniteParameters(Trainer trainer) {
    this.trainer = trainer;
  }

  @Override
  public void onEpochEnd(EpochSummary summary) {
    require(trainer, summary.step());
    requireFinite(summary);
  }

  /**
   * The epoch's losses: finite parameters can still overflow a prediction (a weight of 1e302 times a feature of 10),
   * and a run whose train or validation loss is infinite has diverged as surely (NaN validation loss means no data).
   */
  static void requireFinite(EpochSummary summary) {
    if (Double.isInfinite(summary.trainLoss())) {
      throw new DivergenceException(summary.step(), "the epoch's train loss", summary.trainLoss());
    }
    if (Double.isInfinite(summary.validationLoss())) {
      throw new DivergenceException(summary.step(), "the epoch's validation loss", summary.validationLoss());
    }
  }

  /** Throws a {@link DivergenceException} naming the first non-finite parameter element. */
  static void require(Trainer trainer, long step) {
    double[] p = trainer.parameters();
    for (int i = 0; i < p.length; i++) {
      if (!Double.isFinite(p[i])) {
        throw new DivergenceException(step, "parameter element " + i + " after the update", p[i]);
      }
    }
  }
}
