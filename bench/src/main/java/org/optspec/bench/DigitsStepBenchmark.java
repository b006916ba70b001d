package org.optspec.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.optspec.runtime.Dataset;
import org.optspec.samples.digits.Digits;
import org.optspec.samples.digits.DigitsClassifierTrainer;

/**
 * One training step of the digits sample (64-128-10 MLP, dropout, AdamW, warmup+cosine, global-norm
 * clipping, batch 32, float32), cycling through the training set's batches.
 *
 * <pre>
 * mvn -q -DskipTests install && java -jar bench/target/benchmarks.jar DigitsStep -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DigitsStepBenchmark {

  private static final int BATCH = 32;

  private DigitsClassifierTrainer trainer;
  private float[][] xs;
  private float[][] ys;
  private int batches;
  private int next;

  @Setup
  public void setUp() {
    Dataset train = DigitsClassifierTrainer.data().load(Digits.class).train();
    trainer = new DigitsClassifierTrainer();
    batches = train.rows() / BATCH;
    int inputs = train.inputs();
    xs = new float[batches][BATCH * inputs];
    ys = new float[batches][BATCH];
    for (int b = 0; b < batches; b++) {
      for (int i = 0; i < BATCH * inputs; i++) {
        xs[b][i] = (float) train.x()[b * BATCH * inputs + i];
      }
      for (int i = 0; i < BATCH; i++) {
        ys[b][i] = (float) train.y()[b * BATCH + i];
      }
    }
  }

  @Benchmark
  public double step() {
    int b = next;
    next = (b + 1) % batches;
    return trainer.step(xs[b], ys[b], BATCH);
  }
}
