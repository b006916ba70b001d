package org.optspec.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import org.optspec.runtime.Trainer;
import org.optspec.runtime.TrainingListener;
import org.optspec.runtime.checkpoint.SafeTensors;

/**
 * Saves the trainer after every epoch (atomically, over the previous checkpoint), so a run that stops —
 * diverges, is killed — leaves the last completed epoch behind, ready for {@code --resume}. A Spark run with
 * {@code --checkpoint-every} saves to the same file between epochs too (never non-finite parameters); what
 * {@link #describe} says is what the file holds.
 */
final class EpochCheckpointer implements TrainingListener {
  private final Trainer trainer;
  private final Path file;
  private int savedEpoch = -1;
  private long savedStep = -1;
  private final FileTime before;

  EpochCheckpointer(Trainer trainer, Path file) {
    this.trainer = trainer;
    this.file = file;
    this.before = modified(file);
  }

  private static FileTime modified(Path file) {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      return null;
    }
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
    long epoch = savedEpoch;
    long step = savedStep;
    if (!Objects.equals(modified(file), before)) {
      // written by this run, perhaps since the last epoch (a Spark run's --checkpoint-every): its own epoch and step
      try {
        SafeTensors saved = SafeTensors.read(file);
        epoch = saved.metadataLong("optspec.epoch");
        step = saved.metadataLong("optspec.step");
      } catch (RuntimeException e) {
        // unreadable: what this listener saved last
      }
    }
    if (epoch < 0) {
      return "no checkpoint was written by this run (the first epoch did not finish)";
    }
    return "the last good checkpoint is " + file + (epoch == savedEpoch && step == savedStep
        ? " (epoch " + epoch + ", step " + step + ")"
        : " (step " + step + ", during epoch " + (epoch + 1) + ")");
  }
}
