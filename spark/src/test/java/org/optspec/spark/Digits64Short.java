package org.optspec.spark;

import org.optspec.runtime.TrainingSpec;

/** Generates {@code Digits64ShortTrainer} from {@code digits64_short.optspec}: the standalone cluster's run. */
@TrainingSpec("digits64_short.optspec")
final class Digits64Short {
  private Digits64Short() {}
}
