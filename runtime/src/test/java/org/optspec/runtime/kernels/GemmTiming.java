package org.optspec.runtime.kernels;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import org.optspec.runtime.Rng;

/**
 * A by-hand timing sanity check, not a benchmark (JMH lives in {@code bench/}) and not a test: run
 * {@code java -cp runtime/target/classes:runtime/target/test-classes org.optspec.runtime.kernels.GemmTiming}
 * and read GFLOP/s for the shapes a digits MLP uses (batch 32) and a wide layer (256×1024×784).
 */
public final class GemmTiming {
  private GemmTiming() {}

  public static void main(String[] args) {
    int[][] shapes = {{32, 128, 64}, {256, 1024, 784}};
    for (int[] s : shapes) {
      for (String op : new String[] {"nt", "nn", "tn"}) {
        System.out.println(String.format(Locale.ROOT, "%-3s %4d×%4d×%4d  float %6.2f GFLOP/s  double %6.2f GFLOP/s",
            op, s[0], s[1], s[2], gflops(op, s[0], s[1], s[2], false), gflops(op, s[0], s[1], s[2], true)));
      }
    }
  }

  private static double gflops(String op, int m, int n, int k, boolean dbl) {
    Rng rng = new Rng(1);
    int aLen = m * k, bLen = n * k, cLen = m * n;
    float[] af = new float[aLen], bf = new float[bLen], cf = new float[cLen];
    double[] ad = new double[aLen], bd = new double[bLen], cd = new double[cLen];
    for (int i = 0; i < aLen; i++) { ad[i] = rng.uniform(-1, 1); af[i] = (float) ad[i]; }
    for (int i = 0; i < bLen; i++) { bd[i] = rng.uniform(-1, 1); bf[i] = (float) bd[i]; }
    double flops = 2.0 * m * n * k;
    // warm up until C2 has compiled the kernels, then time rounds of at least 0.4 s; keep the best.
    // Thread CPU time, not wall time: the build machine is shared, and a descheduled thread is not slow.
    ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    double best = 0;
    for (int round = 0; round < 5; round++) {
      long t0 = bean.getCurrentThreadCpuTime();
      long calls = 0;
      long t;
      do {
        if (dbl) {
          call(op, m, n, k, ad, bd, cd);
        } else {
          call(op, m, n, k, af, bf, cf);
        }
        calls++;
        t = bean.getCurrentThreadCpuTime() - t0;
      } while (t < 400_000_000L);
      if (round > 1) {
        best = Math.max(best, flops * calls / t);
      }
    }
    return best;
  }

  private static void call(String op, int m, int n, int k, float[] a, float[] b, float[] c) {
    switch (op) {
      case "nt" -> Gemm.nt(m, n, k, a, 0, k, b, 0, k, c, 0, n, false);
      case "nn" -> Gemm.nn(m, n, k, a, 0, k, b, 0, n, c, 0, n, false);
      default -> Gemm.tn(m, n, k, a, 0, m, b, 0, n, c, 0, n, false);
    }
  }

  private static void call(String op, int m, int n, int k, double[] a, double[] b, double[] c) {
    switch (op) {
      case "nt" -> Gemm.nt(m, n, k, a, 0, k, b, 0, k, c, 0, n, false);
      case "nn" -> Gemm.nn(m, n, k, a, 0, k, b, 0, n, c, 0, n, false);
      default -> Gemm.tn(m, n, k, a, 0, m, b, 0, n, c, 0, n, false);
    }
  }
}
