package org.optspec.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.optspec.runtime.Dataset;
import org.optspec.runtime.Rng;
import org.optspec.runtime.TrainingSpec;

/**
 * W4: one epoch of Funk-SVD (1000 users × 500 items, 20 factors, biases, SGD, batch 256) over 100,000
 * ratings, the trainer generated from {@code w4_factorization.optspec}: shuffle, then 391 steps with the
 * rows gathered from the {@code Dataset} (the peers' {@code randperm} loop, whose unit is also the epoch);
 * ratings/s = 100,000 · 1e6 / (µs/op).
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar Factorization -prof gc
 * </pre>
 */
@TrainingSpec("w4_factorization.optspec")
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FactorizationBenchmark {

  static final int USERS = 1000;
  static final int ITEMS = 500;
  static final int FACTORS = 20;
  static final int RATINGS = 100_000;
  static final int BATCH = 256;

  /** The peer's {@code run(5)}: a new model, 5 epochs (see {@link PeerRun}). */
  private final PeerRun peerRun = new PeerRun(5);
  private W4FactorizationTrainer trainer;
  private Dataset data;
  private int[] order;
  private Rng rng;

  @Setup
  public void setUp() {
    data = Workloads.factorization(USERS, ITEMS, FACTORS, RATINGS);
    trainer = new W4FactorizationTrainer();
    order = new int[data.rows()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    rng = new Rng(0);
  }

  /** A fresh trainer at the start of every peer run (untimed; the optimizer state starts over too). */
  @Setup(Level.Invocation)
  public void freshTrainerEveryPeerRun() {
    if (peerRun.due()) {
      trainer = new W4FactorizationTrainer();
      rng = new Rng(0);
    }
  }

  @Benchmark
  public double epoch() {
    int rows = order.length;
    rng.shuffle(order, rows);
    double loss = 0;
    for (int from = 0; from < rows; from += BATCH) {
      loss = trainer.step(data, order, from, Math.min(BATCH, rows - from));
    }
    return loss;
  }
}
