package org.optspec.spark;

import org.optspec.runtime.TrainingSpec;

/** Generates {@code Digits64StopTrainer} from {@code digits64_stop.optspec}: the stop rule's test on Spark. */
@TrainingSpec("digits64_stop.optspec")
final class Digits64Stop {
  private Digits64Stop() {}
}
