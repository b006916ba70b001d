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

  /** The peer's {@code run(200)}: a new model and Adam, 200 steps (see {@link PeerRun}). */
  private final PeerRun peerRun = new PeerRun(200);
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

  /** A fresh trainer at the start of every peer run (untimed; the optimizer state starts over too). */
  @Setup(Level.Invocation)
  public void freshTrainerEveryPeerRun() {
    if (peerRun.due()) {
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
