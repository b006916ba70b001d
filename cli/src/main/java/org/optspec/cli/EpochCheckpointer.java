package org.optspec.cli;

import java.nio.file.Path;
import org.optspec.runtime.Trainer;
import org.optspec.runtime.TrainingListener;

/**
 * Saves the trainer after every epoch (atomically, over the previous checkpoint), so a run that stops —
 * diverges, is killed — leaves the last completed epoch behind, ready for {@code --resume}.
 */
final class EpochCheckpointer implements TrainingListener {
  private final Trainer trainer;
  private final Path file;
  private int savedEpoch = -1;
  private long savedStep = -1;

  EpochCheckpointer(Trainer trainer, Path file) {
    this.trainer = trainer;
    this.file = file;
  }

  @Override
  public void onEpochEnd(EpochSummary summary) {
    FiniteParameters.require(trainer, summary.step());
    FiniteParameters.requireFinite(summary);
    trainer.save(file);
    savedEpoch = summary.epoch();
    savedStep = summary.step();
  }

  /** What is on disk now: the last good state, or a sentence saying none was written by this run. */
  String describe() {
    return savedEpoch < 0
        ? "no checkpoint was written by this run (the first epoch did not finish)"
        : "the last good checkpoint is " + file + " (epoch " + savedEpoch + ", step " + savedStep + ")";
  }
}
