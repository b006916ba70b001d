package org.optspec.runtime.data;

import java.util.Objects;
import org.optspec.runtime.Dataset;

/** The datasets a pipeline produced; {@code validation} and {@code test} are null when the split has none. */
public record Splits(Dataset train, Dataset validation, Dataset test) {
  public Splits {
    Objects.requireNonNull(train, "train");
  }
}
