package org.optspec.cli;

import java.util.HashMap;
import java.util.Map;
import org.optspec.runtime.Dataset;
import org.optspec.runtime.Metrics;
import org.optspec.runtime.Trainer;
import org.optspec.runtime.TrainingListener;

/**
 * The metrics of every epoch for the report: on the training rows and on the validation rows, in evaluation mode with
 * the parameters at the epoch's end (one extra forward pass over each set per epoch). Never the test rows.
 */
final class EpochMetrics implements TrainingListener {
  private final Trainer trainer;
  private final Dataset train;
  private final Dataset validation;
  private final Map<Integer, Metrics> trainMetrics = new HashMap<>();
  private final Map<Integer, Metrics> validationMetrics = new HashMap<>();

  EpochMetrics(Trainer trainer, Dataset train, Dataset validation) {
    this.trainer = trainer;
    this.train = train;
    this.validation = validation;
  }

  @Override
  public void onEpochEnd(EpochSummary summary) {
    trainMetrics.put(summary.epoch(), trainer.evaluate(train));
    if (validation != null) {
      validationMetrics.put(summary.epoch(), trainer.evaluate(validation));
    }
  }

  /** The training rows' metrics after {@code epoch}, or null. */
  Metrics train(int epoch) {
    return trainMetrics.get(epoch);
  }

  /** The validation rows' metrics after {@code epoch}, or null. */
  Metrics validation(int epoch) {
    return validationMetrics.get(epoch);
  }
}
