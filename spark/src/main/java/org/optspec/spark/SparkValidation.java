package org.optspec.spark;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.optspec.runtime.DataParallelTrainer;
import org.optspec.runtime.Dataset;
import org.optspec.runtime.Preprocessing;

/**
 * Validation rows given as a Spark {@code Dataset<Row>}, kept on the executors: each of its partitions is a block of
 * raw rows cached with a replica trainer that takes the training rows' fitted preprocessing, as {@code fit} on one
 * machine evaluates its validation rows with the training statistics. Between epochs the driver broadcasts its
 * parameters, every block returns its rows' loss sum ({@code evaluate}'s mean loss times its rows), and the driver adds
 * them in partition order and divides by the row count: one machine's validation loss up to the order of the additions.
 */
final class SparkValidation implements AutoCloseable {

  private final JavaSparkContext sc;
  private final JavaRDD<Part> parts;
  private final long rows;
  private final Trainers.Replica replicas;

  private SparkValidation(JavaSparkContext sc, JavaRDD<Part> parts, long rows, Trainers.Replica replicas) {
    this.sc = sc;
    this.parts = parts;
    this.rows = rows;
    this.replicas = replicas;
  }

  /**
   * The blocks of the validation rows, with the preprocessing fitted on the training rows, evaluated by replicas of
   * {@code trainer} (its class and the driver's run-time settings, as the training shards' replicas are made).
   */
  static SparkValidation of(JavaSparkContext sc, ShardBuilder blocks, Preprocessing fitted, Trainers.Replica trainer) {
    try {
      long rows = blocks.rows();
      if (rows < 1) {
        throw new IllegalArgumentException("the validation rows are empty");
      }
      int in = blocks.inputs();
      int out = blocks.outputs();
      JavaRDD<Part> parts = blocks.blocks().map(b -> new Part(b.rows(), b.x(), b.y(), in, out, fitted))
          .persist(StorageLevel.MEMORY_ONLY());
      SparkTrainer.run(() -> parts.count());
      return new SparkValidation(sc, parts, rows, trainer);
    } finally {
      blocks.close();
    }
  }

  /** The mean loss of {@code trainer}'s current parameters on the rows, evaluated on the executors. */
  double loss(DataParallelTrainer trainer) {
    Broadcast<double[]> params = sc.broadcast(trainer.parameters());
    Trainers.Replica type = replicas;
    try {
      List<Double> sums = SparkTrainer.run(() -> parts.map(part -> part.lossSum(type, params.value())).collect());
      double total = 0;
      // collect() gives the partitions' sums in partition order, whichever task finished first
      for (double sum : sums) {
        total += sum;
      }
      return total / rows;
    } finally {
      params.unpersist(false);
    }
  }

  @Override
  public void close() {
    parts.unpersist(false);
  }

  /** One partition's raw validation rows and, made on first use on its executor, the replica that evaluates them. */
  static final class Part implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int rows;
    private final double[] x;
    private final double[] y;
    private final int inputs;
    private final int outputs;
    private final Preprocessing fitted;
    private transient DataParallelTrainer replica;
    private transient Dataset data;

    Part(int rows, double[] x, double[] y, int inputs, int outputs, Preprocessing fitted) {
      this.rows = rows;
      this.x = x;
      this.y = y;
      this.inputs = inputs;
      this.outputs = outputs;
      this.fitted = fitted;
    }

    /** {@code rows} times the mean loss of {@code params} on these rows (0 for an empty partition). */
    double lossSum(Trainers.Replica trainer, double[] params) {
      if (rows == 0) {
        return 0;
      }
      if (replica == null) {
        replica = trainer.create();
        replica.usePreprocessing(fitted);
        data = new Dataset(x, y, rows, inputs, outputs);
      }
      replica.setParameters(params);
      return replica.evaluate(data).get("loss") * rows;
    }
  }
}
