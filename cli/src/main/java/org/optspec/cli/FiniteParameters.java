package org.optspec.cli;

import org.optspec.runtime.Trainer;
import org.optspec.runtime.TrainingListener;
import org.optspec.runtime.progress.DivergenceException;

/**
 * The divergence check on the updated parameters: a generated step stops at a non-finite loss or gradient, but a
 * finite gradient times a huge learning rate can still overflow a parameter. Checked after every epoch (one pass over
 * a copy of the parameters, cheap next to an epoch) and before every checkpoint is written, so the last good
 * checkpoint never holds a NaN or an infinity.
 */
final class FiniteParameters implements TrainingListener {
  private final Trainer trainer;

  FiniteParameters(Trainer trainer) {
    this.trainer = trainer;
  }

  @Override
  public void onEpochEnd(EpochSummary summary) {
    require(trainer, summary.step());
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
