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
 * W3: one step of the 784-1024(relu)-1024(relu)-10 MLP (softmax CE, Adam 1e-3, batch 256) on random
 * data cycling through 8 batches, the trainer generated from {@code w3_wide_mlp.optspec};
 * samples/s = 256 · 1e6 / (µs/op), GFLOP/s = 6 · 1,863,690 · 256 / (µs/op) / 1e3 as the peers count it.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar WideMlp -prof gc
 * # the pure-Java kernels, one thread against two (GemmPool; results are bit-identical)
 * java -jar bench/target/benchmarks.jar WideMlp -jvmArgsAppend "-Doptspec.blas=java -Doptspec.threads=1"
 * java -jar bench/target/benchmarks.jar WideMlp -jvmArgsAppend "-Doptspec.blas=java -Doptspec.threads=2"
 * </pre>
 */
@TrainingSpec("w3_wide_mlp.optspec")
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class WideMlpBenchmark {

  static final int BATCH = 256;
  static final int POOL = 8;

  /**
   * Operations a trainer runs before a fresh one replaces it: the peer's `run(200)`: a new model and Adam, 200 steps. Trained on
   * and on, a model's losses and gradients shrink towards float's subnormal range, where this machine's arithmetic is
   * many times slower (W2: 2.5 ms an epoch at epoch 20, 6 ms after 1,500 epochs, with its loss at 1e-10); the peers
   * time a fresh model's first 200 steps, so the benchmark does too. The replacement runs in an untimed set-up.
   */
  static final int PEER_RUN = 200;

  private int done;
  private W3WideMlpTrainer trainer;
  private float[][] xs;
  private float[][] ys;
  private int next;

  @Setup
  public void setUp() {
    float[][][] data = Workloads.randomClassification(POOL, BATCH, 784, 10);
    xs = data[0];
    ys = data[1];
    trainer = new W3WideMlpTrainer();
  }

  /** A fresh trainer after every {@link #PEER_RUN} operations (untimed; the optimizer state starts over too). */
  @Setup(Level.Invocation)
  public void freshTrainerEveryPeerRun() {
    if (++done > PEER_RUN) {
      done = 1;
      trainer = new W3WideMlpTrainer();
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
