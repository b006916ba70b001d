package org.optspec.spark;

import org.optspec.runtime.TrainingSpec;

/** Generates {@code Digits64StdTrainer} from {@code digits64_std.optspec}: statistics fitted on the executors. */
@TrainingSpec("digits64_std.optspec")
final class Digits64Std {
  private Digits64Std() {}
}
