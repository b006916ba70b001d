package org.optspec.runtime.callbacks;

import java.util.Objects;
import java.util.function.ToDoubleFunction;
import org.optspec.runtime.Dataset;
import org.optspec.runtime.Trainer;
import org.optspec.runtime.TrainingListener.EpochSummary;

/**
 * A number known at the end of every epoch, by name, for the callbacks to monitor or log: the figures of the
 * {@link EpochSummary} ({@link #TRAIN_LOSS}, {@link #VALIDATION_LOSS}, {@link #LR}, {@link #SECONDS}), or any of
 * {@link Trainer#evaluate}'s metrics on a dataset ({@link #evaluated}: {@code validation_accuracy},
 * {@code validation_r2}, ...). NaN means not available (the validation loss without validation data).
 */
public interface EpochMetric {

  /** The mean training loss over the epoch's steps (as the steps computed it, in training mode). */
  EpochMetric TRAIN_LOSS = of("train_loss", EpochSummary::trainLoss);
  /** The validation rows' loss after the epoch, in evaluation mode; NaN without validation data. */
  EpochMetric VALIDATION_LOSS = of("validation_loss", EpochSummary::validationLoss);
  /** The learning rate of the epoch's last step. */
  EpochMetric LR = of("lr", EpochSummary::lr);
  /** The epoch's wall-clock seconds. */
  EpochMetric SECONDS = of("seconds", EpochSummary::seconds);

  /** The name a log's column and a stop reason use: {@code validation_loss}, {@code validation_accuracy}. */
  String name();

  /** The value at the end of the epoch {@code summary} describes. */
  double valueAt(EpochSummary summary);

  /** A metric computed from the summary. {@code name} must not hold a line break. */
  static EpochMetric of(String name, ToDoubleFunction<EpochSummary> value) {
    return new SummaryMetric(name, value);
  }

  /** {@code train_loss}, {@code validation_loss}, {@code lr} or {@code seconds}. */
  static EpochMetric named(String name) {
    for (EpochMetric m : new EpochMetric[] {TRAIN_LOSS, VALIDATION_LOSS, LR, SECONDS}) {
      if (m.name().equals(name)) {
        return m;
      }
    }
    throw new IllegalArgumentException("no epoch metric '" + name + "' (have train_loss, validation_loss, lr, seconds;"
        + " EpochMetric.evaluated gives trainer.evaluate's metrics on a dataset)");
  }

  /**
   * {@code trainer.evaluate(data).get(metric)} after every epoch, named {@code name}: e.g.
   * {@code evaluated("validation_accuracy", trainer, validation, "accuracy")}. One evaluation per epoch however many
   * callbacks share this instance.
   */
  static EpochMetric evaluated(String name, Trainer trainer, Dataset data, String metric) {
    return new EvaluatedMetric(name, Objects.requireNonNull(trainer, "trainer"), Objects.requireNonNull(data, "data"),
        Objects.requireNonNull(metric, "metric"));
  }

  /** Refuses a name a CSV header or a message could not carry. */
  static String checkName(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty() || name.indexOf('\n') >= 0 || name.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("a metric name must be non-empty and on one line: \"" + name + "\"");
    }
    return name;
  }
}
