package org.optspec.runtime.callbacks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.optspec.runtime.Trainer;
import org.optspec.runtime.TrainingListener;
import org.optspec.runtime.io.AtomicFiles;

/**
 * Saves the trainer ({@link Trainer#save}: a resumable safetensors checkpoint, written to a temporary file and renamed
 * over the target, so a killed run leaves the previous checkpoint whole) at the end of an epoch:
 *
 * <ul>
 *   <li>{@link #every}: every {@code n}-th epoch (epochs n, 2n, ...). A {@code {epoch}} in the file name is replaced by
 *       the epoch ({@code ckpt-{epoch}.safetensors} keeps one file per save), else the file is overwritten;
 *   <li>{@link #onBest}: each epoch whose metric improves on the best so far, by {@link EarlyStopping}'s rule
 *       ({@code value < best − minDelta} for MIN), and no other. Beside the checkpoint, {@code FILE.best} records the
 *       metric, its best value and epoch; a fit resumed from a checkpoint (its first epoch above 1) starts from that
 *       best, so it does not overwrite a better checkpoint of the run's earlier part. A fit from epoch 1 starts afresh.
 * </ul>
 */
public final class Checkpoint implements TrainingListener {
  private final Trainer trainer;
  private final Path file;
  private final int every;
  private final EpochMetric metric;
  private final BestValue best;
  private int lastEpoch;
  private int savedEpoch;
  private Path savedFile;

  private Checkpoint(Trainer trainer, Path file, int every, EpochMetric metric, BestValue best) {
    this.trainer = Objects.requireNonNull(trainer, "trainer");
    this.file = Objects.requireNonNull(file, "file");
    this.every = every;
    this.metric = metric;
    this.best = best;
  }

  /** Saves after every {@code epochs}-th epoch. */
  public static Checkpoint every(Trainer trainer, Path file, int epochs) {
    if (epochs < 1) {
      throw new IllegalArgumentException("a checkpoint every N epochs needs N >= 1, got " + epochs);
    }
    return new Checkpoint(trainer, file, epochs, null, null);
  }

  /** Saves after each epoch whose {@code metric} is the best so far (lower for MIN, higher for MAX). */
  public static Checkpoint onBest(Trainer trainer, Path file, EpochMetric metric, Mode mode) {
    return onBest(trainer, file, metric, mode, 0);
  }

  /** As {@link #onBest(Trainer, Path, EpochMetric, Mode)}, counting only improvements by more than {@code minDelta}. */
  public static Checkpoint onBest(Trainer trainer, Path file, EpochMetric metric, Mode mode, double minDelta) {
    return new Checkpoint(trainer, file, 0, Objects.requireNonNull(metric, "metric"), new BestValue(mode, minDelta));
  }

  @Override
  public void onEpochEnd(EpochSummary summary) {
    int epoch = summary.epoch();
    boolean first = epoch <= lastEpoch || lastEpoch == 0;
    lastEpoch = epoch;
    if (best == null) {
      if (epoch % every == 0) {
        save(target(epoch), epoch);
      }
      return;
    }
    if (first) {
      best.reset();
      if (epoch > 1) {
        restoreBest();
      }
    }
    double value = metric.valueAt(summary);
    if (Double.isNaN(value) && best.epoch() == 0) {
      throw new IllegalStateException("the best-checkpoint callback monitors " + metric.name() + ", which is NaN at epoch "
          + epoch + ": nothing to compare" + (metric == EpochMetric.VALIDATION_LOSS ? " (fit was given no validation data)" : ""));
    }
    if (Double.isFinite(value) && best.offer(epoch, value)) {
      save(file, epoch);
      try {
        AtomicFiles.write(bestFile(), metric.name() + " " + Double.toString(value) + " " + epoch + "\n");
      } catch (IOException e) {
        throw new UncheckedIOException(bestFile() + ": cannot write: " + e.getMessage(), e);
      }
    }
  }

  private void save(Path target, int epoch) {
    trainer.save(target);
    savedEpoch = epoch;
    savedFile = target;
  }

  private Path target(int epoch) {
    String name = file.getFileName().toString();
    return name.contains("{epoch}") ? file.resolveSibling(name.replace("{epoch}", Integer.toString(epoch))) : file;
  }

  /** {@code FILE.best}: {@code metric value epoch}. */
  private Path bestFile() {
    return file.resolveSibling(file.getFileName() + ".best");
  }

  private void restoreBest() {
    Path f = bestFile();
    if (!Files.isRegularFile(f)) {
      return;
    }
    String text;
    try {
      text = Files.readString(f, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(f + ": cannot read: " + e.getMessage(), e);
    }
    String[] parts = text.split(" ");
    try {
      if (parts.length != 3 || !parts[0].equals(metric.name())) {
        throw new IllegalStateException(f + ": expected \"" + metric.name() + " VALUE EPOCH\", found \"" + text + "\"");
      }
      best.restore(Integer.parseInt(parts[2]), Double.parseDouble(parts[1]));
    } catch (NumberFormatException e) {
      throw new IllegalStateException(f + ": expected \"" + metric.name() + " VALUE EPOCH\", found \"" + text + "\"", e);
    }
  }

  /** The epoch of the last save, 0 before any. */
  public int savedEpoch() {
    return savedEpoch;
  }

  /** The file of the last save, null before any. */
  public Path savedFile() {
    return savedFile;
  }

  /** The best value so far of the monitored metric (NaN for {@link #every}). */
  public double bestValue() {
    return best == null ? Double.NaN : best.best();
  }
}
