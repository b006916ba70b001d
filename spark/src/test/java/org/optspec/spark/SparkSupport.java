package org.optspec.spark;

import org.junit.jupiter.api.Assumptions;

/** What the Spark tests share: the one condition under which they cannot run, said as such. */
final class SparkSupport {
  private SparkSupport() {}

  /** The first Java on which Spark 4.0 cannot start (docs/SPARK.md, "Java versions"). */
  static final int FIRST_UNSUPPORTED_JAVA = 23;

  /**
   * Skips, with the reason in the report, on a Java where Spark cannot start: from Java 23 on, Hadoop's
   * {@code UserGroupInformation} (which SparkContext calls first) uses {@code Subject.getSubject}, which throws
   * {@code UnsupportedOperationException} there. CI's second pass on Java 25 leaves this module out for that reason.
   */
  static void assumeSparkRuns() {
    Assumptions.assumeTrue(Runtime.version().feature() < FIRST_UNSUPPORTED_JAVA,
        "Spark 4.0 cannot start on Java " + Runtime.version().feature() + " (Hadoop's UserGroupInformation calls "
            + "Subject.getSubject, unsupported from Java 23): see docs/SPARK.md");
  }
}
