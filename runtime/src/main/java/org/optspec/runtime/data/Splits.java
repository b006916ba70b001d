package org.optspec.runtime.data;

import java.util.Objects;
import org.optspec.runtime.Dataset;
import org.optspec.runtime.Preprocessing;

/**
 * The datasets a pipeline produced; {@code validation} and {@code test} are null when the split has none.
 * {@code preprocessing} is what was applied to all of them, fitted on the training rows.
 */
public record Splits(Dataset train, Dataset validation, Dataset test, Preprocessing preprocessing) {
  public Splits {
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(preprocessing, "preprocessing");
  }

  /** Splits of rows that went through no preprocessing. */
  public Splits(Dataset train, Dataset validation, Dataset test) {
    this(train, validation, test, Preprocessing.none(train.inputs(), 0));
  }
}
