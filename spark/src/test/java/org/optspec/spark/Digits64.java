package org.optspec.spark;

import java.nio.file.Path;
import org.optspec.runtime.TrainingSpec;
import org.optspec.runtime.data.Splits;

/** Generates {@code Digits64Trainer} from {@code digits64.optspec} for the tests; the rows are the samples' digits. */
@TrainingSpec("digits64.optspec")
final class Digits64 {
  /** The samples module's digits.csv (1797 rows), read in place. */
  static final Path DATA = Path.of("..", "samples", "src", "main", "resources", "org", "optspec", "samples", "digits");

  private Digits64() {}

  static Splits load() {
    return Digits64Trainer.data().load(DATA);
  }
}
