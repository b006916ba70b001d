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
 * W2: one epoch of the 64-128(relu)-10 MLP on the 1797 digits (softmax CE, Adam 1e-3, batch 32), the
 * trainer generated from {@code w2_digits_mlp.optspec}. Like the peers' manual {@code randperm} loop,
 * one operation shuffles the row order, then takes ceil(1797 / 32) = 57 steps, each gathering its rows
 * from the dataset; samples/s = 1797 · 1e6 / (µs/op).
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar DigitsMlp -prof gc
 * </pre>
 */
@TrainingSpec("w2_digits_mlp.optspec")
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DigitsMlpBenchmark {

  static final int BATCH = 32;

  /** The peer's {@code run(20)}: a new model and Adam, 20 epochs (see {@link PeerRun}). */
  private final PeerRun peerRun = new PeerRun(20);
  private W2DigitsMlpTrainer trainer;
  private Dataset data;
  private int[] order;
  private Rng rng;

  @Setup
  public void setUp() {
    data = Workloads.digits();
    trainer = new W2DigitsMlpTrainer();
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
      trainer = new W2DigitsMlpTrainer();
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
