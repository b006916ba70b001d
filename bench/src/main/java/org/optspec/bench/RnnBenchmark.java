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

  /**
   * Operations a trainer runs before a fresh one replaces it: the peer's `run(200)`: a new model and Adam, 200 steps. Trained on
   * and on, a model's losses and gradients shrink towards float's subnormal range, where this machine's arithmetic is
   * many times slower (W2: 2.5 ms an epoch at epoch 20, 6 ms after 1,500 epochs, with its loss at 1e-10); the peers
   * time a fresh model's first 200 steps, so the benchmark does too. The replacement runs in an untimed set-up.
   */
  static final int PEER_RUN = 200;

  private int done;
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

  /** A fresh trainer after every {@link #PEER_RUN} operations (untimed; the optimizer state starts over too). */
  @Setup(Level.Invocation)
  public void freshTrainerEveryPeerRun() {
    if (++done > PEER_RUN) {
      done = 1;
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
