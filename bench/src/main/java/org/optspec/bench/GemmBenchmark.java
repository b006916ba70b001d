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
import org.optspec.runtime.Rng;
import org.optspec.runtime.kernels.Gemm;

/**
 * Float GEMM at the shapes the workloads run: {@code op} is nt (forward, Y = X·Wᵀ), nn (dX = dY·W) or tn
 * (dW = dYᵀ·X) and {@code shape} is "mxnxk". GFLOP/s = 2·m·n·k / (ns/op). The W2 shapes (batch 32,
 * 64-128-10) are the default; pass {@code -p shape=256x1024x784} and so on for W3's.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar Gemm -p op=nt -p shape=32x128x64
 * # the pure-Java kernels on 1 or 2 threads (products from 2M multiply-adds are split, bit-identically)
 * java -jar bench/target/benchmarks.jar Gemm -p shape=256x1024x784 -jvmArgsAppend "-Doptspec.blas=java -Doptspec.threads=2"
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GemmBenchmark {

  @Param({"nt", "nn", "tn"})
  public String op;

  @Param({"32x128x64", "32x10x128", "10x128x32", "32x128x10", "128x64x32"})
  public String shape;

  private int m;
  private int n;
  private int k;
  private float[] a;
  private float[] b;
  private float[] c;

  @Setup
  public void setUp() {
    String[] s = shape.split("x");
    m = Integer.parseInt(s[0].trim());
    n = Integer.parseInt(s[1].trim());
    k = Integer.parseInt(s[2].trim());
    Rng rng = new Rng(7);
    a = new float[m * k];
    b = new float[k * n];
    c = new float[m * n];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) rng.nextGaussian();
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = (float) rng.nextGaussian();
    }
  }

  @Benchmark
  public float[] gemm() {
    switch (op) {
      case "nt":
        Gemm.nt(m, n, k, a, 0, k, b, 0, k, c, 0, n, false);
        break;
      case "nn":
        Gemm.nn(m, n, k, a, 0, k, b, 0, n, c, 0, n, false);
        break;
      case "tn":
        Gemm.tn(m, n, k, a, 0, m, b, 0, n, c, 0, n, false);
        break;
      default:
        throw new IllegalArgumentException(op);
    }
    return c;
  }
}
