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
import org.optspec.runtime.TrainingSpec;

/**
 * W5: one step of the tanh RNN (input 8, hidden 64, 50 time steps, Linear(64, 1) on the last state, MSE,
 * BPTT, Adam 1e-3, batch 32) on random sequences cycling through 20 batches as the peers do, the trainer
 * generated from {@code w5_rnn.optspec}; seq/s = 32 · 1e6 / (µs/op).
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar Rnn -prof gc
 * </pre>
 */
@TrainingSpec("w5_rnn.optspec")
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RnnBenchmark {

  static final int BATCH = 32;
  static final int POOL = 20;

  /** The peer's {@code run(200)}: a new model and Adam, 200 steps (see {@link PeerRun}). */
  private final PeerRun peerRun = new PeerRun(200);
  private W5RnnTrainer trainer;
  private float[][] xs;
  private float[][] ys;
  private int next;

  @Setup
  public void setUp() {
    float[][][] data = Workloads.sequences(POOL, BATCH, 50, 8);
    xs = data[0];
    ys = data[1];
    trainer = new W5RnnTrainer();
  }

  /** A fresh trainer at the start of every peer run (untimed; the optimizer state starts over too). */
  @Setup(Level.Invocation)
  public void freshTrainerEveryPeerRun() {
    if (peerRun.due()) {
      trainer = new W5RnnTrainer();
      next = 0;
    }
  }

  @Benchmark
  public double step() {
    int b = next;
    next = (b + 1) % POOL;
    return trainer.step(xs[b], ys[b], BATCH);
  }
}
