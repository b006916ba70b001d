package org.optspec.runtime.callbacks;

import org.optspec.runtime.Dataset;
import org.optspec.runtime.Metrics;
import org.optspec.runtime.Trainer;
import org.optspec.runtime.TrainingListener.EpochSummary;

/** {@link EpochMetric#evaluated}: one of {@code trainer.evaluate(data)}'s metrics, evaluated once per epoch. */
final class EvaluatedMetric implements EpochMetric {
  private final String name;
  private final Trainer trainer;
  private final Dataset data;
  private final String metric;
  private long evaluatedAt = -1;
  private Metrics last;

  EvaluatedMetric(String name, Trainer trainer, Dataset data, String metric) {
    this.name = EpochMetric.checkName(name);
    this.trainer = trainer;
    this.data = data;
    this.metric = metric;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public double valueAt(EpochSummary summary) {
    // the step count names the parameters the metrics were computed with
    if (last == null || evaluatedAt != summary.step()) {
      last = trainer.evaluate(data);
      evaluatedAt = summary.step();
    }
    return last.get(metric);
  }

  @Override
  public String toString() {
    return name;
  }
}
