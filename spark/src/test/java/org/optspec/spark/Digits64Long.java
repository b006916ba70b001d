package org.optspec.spark;

import org.optspec.runtime.TrainingSpec;

/** Generates {@code Digits64LongTrainer} from {@code digits64_long.optspec}: the averaging test's longer run. */
@TrainingSpec("digits64_long.optspec")
final class Digits64Long {
  private Digits64Long() {}
}
