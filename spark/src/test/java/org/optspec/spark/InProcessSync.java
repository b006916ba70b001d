package org.optspec.spark;

import java.util.ArrayList;
import java.util.List;
import org.optspec.runtime.DataParallelTrainer;
import org.optspec.runtime.Dataset;

/**
 * The synchronous strategy's arithmetic without Spark: the same shards, each step's partial sums added in partition
 * order on this thread, every epoch ended as the Spark driver ends it (its mean training loss, the partitions' loss
 * sums over the rows, to {@code endEpoch}). Spark must reproduce it bit for bit, on local threads or on a cluster,
 * faults or not: the parameters and each epoch's training loss.
 */
final class InProcessSync {
  private InProcessSync() {}

  /** The trained trainer and each epoch's mean training loss, as the Spark driver reports it. */
  record Run(DataParallelTrainer trainer, double[] trainLoss) {}

  static Run train(Class<? extends DataParallelTrainer> type, Dataset train, int partitions) {
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
    double[] trainLoss = new double[trainer.epochs()];
    while (trainer.epochsCompleted() < trainer.epochs()) {
      int epoch = trainer.epochsCompleted() + 1;
      int[] order = trainer.shuffleForEpoch(rows).clone();
      double epochLoss = 0;
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
        epochLoss += loss;
      }
      trainLoss[epoch - 1] = epochLoss / rows;
      trainer.endEpoch(epoch, trainLoss[epoch - 1], Double.NaN, false);
      trainer.completeEpoch();
    }
    return new Run(trainer, trainLoss);
  }
}
