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

/**
 * The control for {@code -prof gc}: an operation that provably allocates nothing (a float loop over a
 * preallocated array) sized like our workloads' steps. Whatever {@code gc.alloc.rate.norm} it shows is JMH's
 * own per-iteration bookkeeping divided by the operations, the same share the workload benchmarks show.
 * {@code java -jar bench/target/benchmarks.jar JmhBookkeeping -prof gc}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class JmhBookkeepingBenchmark {

  /** Passes over the array per operation: about 36 µs (W1's step), 650 µs (W5's) and 16 ms (W3's). */
  @Param({"60", "1100", "27000"})
  public int passes;

  private final float[] values = new float[1024];

  @Setup
  public void setUp() {
    for (int i = 0; i < values.length; i++) {
      values[i] = i * 1e-3f;
    }
  }

  @Benchmark
  public float operation() {
    float s = 0;
    for (int p = 0; p < passes; p++) {
      for (int i = 0; i < values.length; i++) {
        s += values[i];
      }
    }
    return s;
  }
}
