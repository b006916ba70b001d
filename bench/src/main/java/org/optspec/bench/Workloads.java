package org.optspec.bench;

import org.optspec.runtime.Dataset;
import org.optspec.runtime.Rng;
import org.optspec.runtime.data.DataPipeline;
import org.optspec.samples.digits.Digits;

/**
 * The peers' workload data (/work/shared/bench/peers/torch_bench.py), generated in process with the
 * same shapes and distributions. The peers draw from NumPy's and torch's generators, which the JVM does
 * not have, so the values differ; the work per step does not depend on them.
 */
final class Workloads {
  private Workloads() {}

  /** W1: X[10000×5] ~ N(0, 1), w[5] ~ N(0, 1), y = X·w + 0.5 + 0.1·N(0, 1); {x, y} as float. */
  static float[][] linearRegression(int rows, int features) {
    Rng rng = new Rng(1);
    float[] x = new float[rows * features];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextGaussian();
    }
    float[] w = new float[features];
    for (int j = 0; j < features; j++) {
      w[j] = (float) rng.nextGaussian();
    }
    float[] y = new float[rows];
    for (int r = 0; r < rows; r++) {
      float s = 0;
      for (int j = 0; j < features; j++) {
        s += x[r * features + j] * w[j];
      }
      y[r] = (float) (s + 0.5 + 0.1 * rng.nextGaussian());
    }
    return new float[][] {x, y};
  }

  /** W2: the 1797 digits (sklearn's load_digits, the samples' digits.csv), pixels scaled by 1/16. */
  static Dataset digits() {
    return DataPipeline.csv("digits.csv").inputs(64).classes(10).scaleInputs(1.0 / 16).build()
        .load(Digits.class).train();
  }

  /** W3: {@code pool} batches of {@code batch × inputs} N(0, 1) inputs and labels uniform in 0..classes-1. */
  static float[][][] randomClassification(int pool, int batch, int inputs, int classes) {
    Rng rng = new Rng(3);
    float[][] xs = new float[pool][batch * inputs];
    float[][] ys = new float[pool][batch];
    for (int b = 0; b < pool; b++) {
      for (int i = 0; i < batch * inputs; i++) {
        xs[b][i] = (float) rng.nextGaussian();
      }
      for (int i = 0; i < batch; i++) {
        ys[b][i] = (int) (rng.nextDouble() * classes);
      }
    }
    return new float[][][] {xs, ys};
  }
}
