package org.optspec.spark;

import org.optspec.runtime.TrainingSpec;

/** Generates {@code W3SparkTrainer} from {@code w3_spark.optspec} for {@link SparkDataParallelBench}. */
@TrainingSpec("w3_spark.optspec")
final class W3Spark {
  private W3Spark() {}
}
