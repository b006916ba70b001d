package org.optspec.spark;

import java.util.ArrayList;
import java.util.List;
import org.optspec.runtime.DataParallelTrainer;
import org.optspec.runtime.Dataset;

/**
 * The synchronous strategy's arithmetic without Spark: the same shards, each step's partial sums added in partition
 * order on this thread. Spark must reproduce it bit for bit, on local threads or on a cluster, faults or not.
 */
final class InProcessSync {
  private InProcessSync() {}

  static DataParallelTrainer train(Class<? extends DataParallelTrainer> type, Dataset train, int partitions) {
    DataParallelTrainer trainer = Trainers.create(type.getName());
    trainer.usePreprocessing(trainer.preprocessing().fitTo(train));
    Dataset prepared = trainer.preprocessing().prepare(train);
    int rows = prepared.rows();
    List<Shard> shards = new ArrayList<>();
    for (int i = 0; i < partitions; i++) {
      int first = (int) ((long) rows * i / partitions);
      int last = (int) ((long) rows * (i + 1) / partitions);
      shards.add(Shard.of(i, prepared, first, last - first));
    }
    int batch = trainer.batchSize();
    double[] total = new double[trainer.parameterCount()];
    while (trainer.epochsCompleted() < trainer.epochs()) {
      int[] order = trainer.shuffleForEpoch(rows).clone();
      for (int from = 0; from < rows; from += batch) {
        int n = Math.min(batch, rows - from);
        double[] params = trainer.parameters();
        java.util.Arrays.fill(total, 0);
        double loss = 0;
        for (Shard shard : shards) {
          Shard.Partial part = shard.gradientSum(new Trainers.Replica(type.getName(), null), params, order, from, n, 0);
          if (part.rows() > 0) {
            for (int i = 0; i < total.length; i++) {
              total[i] += part.values()[i];
            }
            loss += part.loss();
          }
        }
        trainer.applyGradientSum(total, n, loss / n);
      }
      trainer.completeEpoch();
    }
    return trainer;
  }
}
