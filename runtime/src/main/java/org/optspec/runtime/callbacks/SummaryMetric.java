package org.optspec.runtime.callbacks;

import java.util.Objects;
import java.util.function.ToDoubleFunction;
import org.optspec.runtime.TrainingListener.EpochSummary;

/** {@link EpochMetric#of}: a figure of the epoch's summary. */
record SummaryMetric(String name, ToDoubleFunction<EpochSummary> value) implements EpochMetric {
  SummaryMetric {
    EpochMetric.checkName(name);
    Objects.requireNonNull(value, "value");
  }

  @Override
  public double valueAt(EpochSummary summary) {
    return value.applyAsDouble(summary);
  }

  @Override
  public String toString() {
    return name;
  }
}
