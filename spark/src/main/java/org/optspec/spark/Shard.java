package org.optspec.spark;

import java.io.Serializable;
import org.optspec.runtime.DataParallelTrainer;
import org.optspec.runtime.Dataset;
import org.optspec.runtime.Rng;
import org.optspec.runtime.progress.DivergenceException;

/**
 * One partition of the training rows as an executor keeps it: the rows {@code first .. first + rows} of the training
 * set in flat row-major arrays, cached (deserialized) by Spark so that every step's task finds the same object, with
 * its replica trainer, its dataset view and its index buffer made once ({@code transient}: an executor that receives
 * the shard again, after a lost executor, makes them again). Only the arrays travel.
 */
final class Shard implements Serializable {
  private static final long serialVersionUID = 1L;

  final int partition;
  final int first;
  final int rows;
  private final double[] x;
  private final double[] y;
  private final int inputs;
  private final int outputs;

  private transient DataParallelTrainer replica;
  private transient Dataset data;
  private transient int[] local;
  private transient double[] sum;
  private transient int[] epochOrder;
  private transient long epochOrderFor = -1;

  Shard(int partition, int first, int rows, double[] x, double[] y, int inputs, int outputs) {
    this.partition = partition;
    this.first = first;
    this.rows = rows;
    this.x = x;
    this.y = y;
    this.inputs = inputs;
    this.outputs = outputs;
  }

  /** A partition of {@code train}'s rows {@code first .. first + rows}. */
  static Shard of(int partition, Dataset train, int first, int rows) {
    int in = train.inputs();
    int out = train.outputs();
    double[] x = new double[rows * in];
    double[] y = new double[rows * out];
    System.arraycopy(train.x(), first * in, x, 0, rows * in);
    System.arraycopy(train.y(), first * out, y, 0, rows * out);
    return new Shard(partition, first, rows, x, y, in, out);
  }

  private DataParallelTrainer replica(Trainers.Replica trainer) {
    if (replica == null) {
      replica = trainer.create();
      data = new Dataset(x, y, rows, inputs, outputs);
      local = new int[replica.batchSize()];
      sum = new double[replica.parameterCount()];
    }
    return replica;
  }

  /**
   * The sync strategy's task: the gradient sum, against {@code params}, of the rows of batch positions
   * {@code from .. from + n} of {@code order} that live in this shard, in batch order.
   */
  Partial gradientSum(Trainers.Replica trainer, double[] params, int[] order, int from, int n, long streamState) {
    long start = System.nanoTime();
    DataParallelTrainer t = replica(trainer);
    int k = 0;
    for (int i = from; i < from + n; i++) {
      int row = order[i] - first;
      if (row >= 0 && row < rows) {
        local[k++] = row;
      }
    }
    if (k == 0) {
      return new Partial(partition, 0, 0, null, null, System.nanoTime() - start, null);
    }
    java.util.Arrays.fill(sum, 0);
    t.setParameters(params);
    if (t.randomInTraining()) {
      t.setRandomState(streamState ^ mix(partition));
    }
    double loss;
    try {
      loss = t.gradientSum(data, local, 0, k, sum);
    } catch (DivergenceException e) {
      return Partial.diverged(partition, e, System.nanoTime() - start);
    }
    return new Partial(partition, k, loss, sum, null, System.nanoTime() - start, null);
  }

  /**
   * The averaging strategy's task: {@code steps} steps of this shard's replica from the driver's parameters, optimizer
   * state and schedule state ({@code driver}: the three, in that order) and step count, on its own rows in an order
   * that depends only on the seed, the partition and the local epoch (so a task run again, on another executor, takes
   * the same steps). Returns the replica's parameters and optimizer state.
   */
  Partial localSteps(Trainers.Replica trainer, double[][] driver, long step, int steps, int stepsPerEpoch, long seed) {
    long start = System.nanoTime();
    DataParallelTrainer t = replica(trainer);
    t.setParameters(driver[0]);
    t.setOptimizerState(driver[1]);
    t.setScheduleState(driver[2]);
    t.setStepCount(step);
    int batch = t.batchSize();
    double loss = 0;
    for (int s = 0; s < steps; s++) {
      long global = step + s;
      long epoch = global / stepsPerEpoch;
      int position = (int) (global % stepsPerEpoch);
      if (epochOrder == null || epochOrderFor != epoch) {
        epochOrder = epochOrder == null ? new int[rows] : epochOrder;
        for (int i = 0; i < rows; i++) {
          epochOrder[i] = i;
        }
        Rng shuffle = new Rng(seed ^ mix(partition) ^ mix(epoch + 1));
        shuffle.shuffle(epochOrder, rows);
        t.setRandomState(shuffle.state());
        epochOrderFor = epoch;
      }
      int from = (int) (((long) position * batch) % rows);
      int n = Math.min(batch, rows - from);
      try {
        loss += t.step(data, epochOrder, from, n);
      } catch (DivergenceException e) {
        return Partial.diverged(partition, e, System.nanoTime() - start);
      }
    }
    return new Partial(partition, steps, loss, t.parameters(), t.optimizerState(), System.nanoTime() - start, null);
  }

  /** SplitMix64's finalizer: a partition's or an epoch's own stream offset. */
  static long mix(long v) {
    long z = v * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * What a task sends back: for sync, the rows it took, {@code rows} times their mean loss and their gradient sum;
   * for averaging, its steps, their summed loss, its parameters and optimizer state; and the task's time in the trainer.
   * A task whose replica diverged (a non-finite loss or gradient in its step or gradient sum) sends that back as
   * {@code divergence} instead, as a result rather than a failed task: Spark would retry a failed task (the same
   * steps, the same divergence) and hand the driver a SparkException rather than the divergence.
   */
  record Partial(int partition, int rows, double loss, double[] values, double[] state, long nanos,
      DivergenceException divergence) implements Serializable {

    static Partial diverged(int partition, DivergenceException e, long nanos) {
      return new Partial(partition, 0, 0, null, null, nanos, e);
    }
  }
}
