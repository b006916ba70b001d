package org.optspec.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.optspec.runtime.TrainingSpec;

/**
 * W1: one full-batch gradient-descent step of linear regression on X[10000×5] (nn.Linear(5, 1), MSE,
 * SGD lr 0.01), the trainer generated from {@code w1_linear.optspec}. One operation is one step;
 * steps/s = 1e6 / (µs/op).
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar LinearRegression -prof gc
 * </pre>
 *
 * <p>{@code -p rows=2048} steps on the first rows only (a smaller batch of the same trainer), to find where
 * splitting the fused pass over threads starts to pay ({@code -jvmArgs -Doptspec.threads=1} for one core).
 */
@TrainingSpec("w1_linear.optspec")
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LinearRegressionBenchmark {

  static final int ROWS = 10000;
  static final int FEATURES = 5;

  private W1LinearRegressionTrainer trainer;
  private float[] x;
  private float[] y;

  /** Rows per step, at most {@link #ROWS}: the whole data set by default. */
  @Param({"10000"})
  public int rows = ROWS;

  @Setup
  public void setUp() {
    float[][] data = Workloads.linearRegression(ROWS, FEATURES);
    x = data[0];
    y = data[1];
    trainer = new W1LinearRegressionTrainer();
  }

  @Benchmark
  public double step() {
    return trainer.step(x, y, rows);
  }
}
