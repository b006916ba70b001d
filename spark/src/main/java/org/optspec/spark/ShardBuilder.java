package org.optspec.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.optspec.runtime.Dataset;
import org.optspec.runtime.Preprocessing;
import scala.Tuple2;

/**
 * A Spark {@code Dataset<Row>}'s rows made into {@link Shard}s on the executors, never collected to the driver: each
 * partition's rows become one block of flat arrays (cached while the shards are made); the preprocessing's statistics
 * are fitted from per-block sums ({@link Preprocessing#addSums}, {@link Preprocessing#addSquares}) that the driver
 * adds in partition order; the blocks are cut at the shards' row boundaries (the contiguous ranges, in the Dataset's
 * order, that {@link SparkTrainer} gives an OptSpec Dataset) and the pieces of each shard meet on one executor, where
 * they are put together in row order and preprocessed.
 */
final class ShardBuilder implements AutoCloseable {

  /** One partition's raw rows: {@code x} {@code rows × inputs}, {@code y} {@code rows × outputs}. */
  record Block(int rows, double[] x, double[] y) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** Rows of a block bound for one shard; {@code first} is the global index of the first of them. */
  record Piece(long first, int rows, double[] x, double[] y) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  private final JavaRDD<Block> blocks;
  private final int inputs;
  private final int outputs;
  /** The global index of each block's first row; the last entry is the row count. */
  private final long[] offsets;

  private ShardBuilder(JavaRDD<Block> blocks, int inputs, int outputs, long[] offsets) {
    this.blocks = blocks;
    this.inputs = inputs;
    this.outputs = outputs;
    this.offsets = offsets;
  }

  /** The blocks of {@code rows} (features in the first {@code inputs} columns, then {@code outputs} targets). */
  static ShardBuilder of(JavaRDD<Row> rows, int inputs, int outputs) {
    JavaRDD<Block> blocks = rows.mapPartitions(it -> {
      List<Row> all = new ArrayList<>();
      it.forEachRemaining(all::add);
      double[] x = new double[all.size() * inputs];
      double[] y = new double[all.size() * outputs];
      for (int r = 0; r < all.size(); r++) {
        Row row = all.get(r);
        for (int c = 0; c < inputs; c++) {
          x[r * inputs + c] = SparkTrainer.number(row, c);
        }
        for (int c = 0; c < outputs; c++) {
          y[r * outputs + c] = SparkTrainer.number(row, inputs + c);
        }
      }
      return List.of(new Block(all.size(), x, y)).iterator();
    }).persist(StorageLevel.MEMORY_ONLY());
    List<Integer> sizes = SparkTrainer.run(() -> blocks.map(Block::rows).collect());
    long[] offsets = new long[sizes.size() + 1];
    for (int i = 0; i < sizes.size(); i++) {
      offsets[i + 1] = offsets[i] + sizes.get(i);
    }
    return new ShardBuilder(blocks, inputs, outputs, offsets);
  }

  long rows() {
    return offsets[offsets.length - 1];
  }

  /** The blocks, partition i holding the Dataset's partition i, cached until {@link #close}. */
  JavaRDD<Block> blocks() {
    return blocks;
  }

  int inputs() {
    return inputs;
  }

  int outputs() {
    return outputs;
  }

  /**
   * {@code recipe} fitted on every block's rows: for each standardization, a job of per-block sums, then one of
   * per-block squared deviations from the mean, each added on the driver in partition order.
   */
  Preprocessing fit(Preprocessing recipe) {
    long count = rows();
    Preprocessing p = recipe;
    for (int k = p.nextToFit(); k >= 0; k = p.nextToFit()) {
      Preprocessing current = p;
      int step = k;
      int width = current.columns(step);
      double[] sums = total(width, SparkTrainer.run(() -> blocks.map(b -> {
        double[] s = new double[width];
        current.addSums(step, b.x(), b.y(), b.rows(), s);
        return s;
      }).collect()));
      double[] mean = new double[width];
      for (int c = 0; c < width; c++) {
        mean[c] = sums[c] / count;
      }
      double[] squares = total(width, SparkTrainer.run(() -> blocks.map(b -> {
        double[] s = new double[width];
        current.addSquares(step, b.x(), b.y(), b.rows(), mean, s);
        return s;
      }).collect()));
      p = p.withStatistics(step, mean, squares, count);
    }
    return p.completeFit();
  }

  /** The parts' sums added in the list's order: collect() gives them in partition order. */
  private static double[] total(int width, List<double[]> parts) {
    double[] total = new double[width];
    for (double[] part : parts) {
      for (int c = 0; c < width; c++) {
        total[c] += part[c];
      }
    }
    return total;
  }

  /** The {@code p} shards, partition i holding shard i, its rows preprocessed with {@code fitted}. */
  JavaRDD<Shard> shards(int p, Preprocessing fitted) {
    long total = rows();
    long[] starts = offsets;
    int in = inputs;
    int out = outputs;
    JavaRDD<Tuple2<Integer, Piece>> cut = blocks.mapPartitionsWithIndex((index, it) -> {
      List<Tuple2<Integer, Piece>> pieces = new ArrayList<>();
      while (it.hasNext()) {
        Block b = it.next();
        int r = 0;
        while (r < b.rows()) {
          long global = starts[index] + r;
          int shard = (int) Math.min(p - 1, global * p / total);
          while (SparkTrainer.first(total, shard + 1, p) <= global) {
            shard++;
          }
          while (SparkTrainer.first(total, shard, p) > global) {
            shard--;
          }
          int n = (int) Math.min(b.rows() - r, SparkTrainer.first(total, shard + 1, p) - global);
          double[] x = new double[n * in];
          double[] y = new double[n * out];
          System.arraycopy(b.x(), r * in, x, 0, n * in);
          System.arraycopy(b.y(), r * out, y, 0, n * out);
          pieces.add(new Tuple2<>(shard, new Piece(global, n, x, y)));
          r += n;
        }
      }
      return pieces.iterator();
    }, true);
    return JavaPairRDD.fromJavaRDD(cut).partitionBy(new ByShard(p)).mapPartitionsWithIndex((shard, it) -> {
      List<Piece> pieces = new ArrayList<>();
      it.forEachRemaining(t -> pieces.add(t._2()));
      pieces.sort(Comparator.comparingLong(Piece::first));
      int rows = pieces.stream().mapToInt(Piece::rows).sum();
      double[] x = new double[rows * in];
      double[] y = new double[rows * out];
      int at = 0;
      for (Piece piece : pieces) {
        System.arraycopy(piece.x(), 0, x, at * in, piece.rows() * in);
        System.arraycopy(piece.y(), 0, y, at * out, piece.rows() * out);
        at += piece.rows();
      }
      if (rows != SparkTrainer.first(total, shard + 1, p) - SparkTrainer.first(total, shard, p)) {
        throw new IllegalStateException("shard " + shard + " received " + rows + " rows");
      }
      Dataset prepared = fitted.prepare(new Dataset(x, y, rows, in, out));
      Shard s = new Shard(shard, (int) SparkTrainer.first(total, shard, p), rows, prepared.x(), prepared.y(), in, out);
      return List.of(s).iterator();
    }, true);
  }

  @Override
  public void close() {
    blocks.unpersist(false);
  }

  /** Sends a piece to the partition of its shard. */
  private static final class ByShard extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int shards;

    ByShard(int shards) {
      this.shards = shards;
    }

    @Override
    public int numPartitions() {
      return shards;
    }

    @Override
    public int getPartition(Object key) {
      return (Integer) key;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof ByShard b && b.shards == shards;
    }

    @Override
    public int hashCode() {
      return shards;
    }
  }
}
