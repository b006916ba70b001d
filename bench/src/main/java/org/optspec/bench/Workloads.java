package org.optspec.bench;

import org.optspec.runtime.Dataset;
import org.optspec.runtime.Rng;
import org.optspec.runtime.data.DataPipeline;
import org.optspec.samples.digits.Digits;

/**
 * The peers' workload data (../shared/bench/peers/torch_bench.py), generated in process with the
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
  /**
   * W4: {@code ratings} (user, item) pairs uniform over {@code users × items}, rating = 3.5 + u·v/sqrt(k) +
   * 0.3·N(0, 1) from true factors U[users×k], V[items×k] ~ 0.5·N(0, 1); inputs (user, item), target the
   * rating minus the mean rating: the peers add that mean to every prediction, and the generated trainer
   * adds it only inside {@code fit} (its {@code step} predicts without it), so the targets are centered.
   */
  static Dataset factorization(int users, int items, int k, int ratings) {
    Rng rng = new Rng(4);
    double[] u = new double[users * k];
    double[] v = new double[items * k];
    for (int i = 0; i < u.length; i++) {
      u[i] = 0.5 * rng.nextGaussian();
    }
    for (int i = 0; i < v.length; i++) {
      v[i] = 0.5 * rng.nextGaussian();
    }
    double[] x = new double[ratings * 2];
    double[] y = new double[ratings];
    for (int r = 0; r < ratings; r++) {
      int user = rng.nextInt(users);
      int item = rng.nextInt(items);
      double dot = 0;
      for (int j = 0; j < k; j++) {
        dot += u[user * k + j] * v[item * k + j];
      }
      x[2 * r] = user;
      x[2 * r + 1] = item;
      y[r] = (float) (3.5 + dot / Math.sqrt(k) + 0.3 * rng.nextGaussian());
    }
    double sum = 0;
    for (int r = 0; r < ratings; r++) {
      sum += y[r];
    }
    float mean = (float) (sum / ratings);
    for (int r = 0; r < ratings; r++) {
      y[r] = (float) y[r] - mean;
    }
    return new Dataset(x, y, ratings, 2, 1);
  }

  /**
   * W5: {@code pool} batches of {@code batch} sequences of {@code length × features} N(0, 1) values
   * (time-major rows); target = mean of feature 0 over the last 10 time steps; {xs, ys} as float.
   */
  static float[][][] sequences(int pool, int batch, int length, int features) {
    Rng rng = new Rng(5);
    float[][] xs = new float[pool][batch * length * features];
    float[][] ys = new float[pool][batch];
    for (int b = 0; b < pool; b++) {
      for (int i = 0; i < xs[b].length; i++) {
        xs[b][i] = (float) rng.nextGaussian();
      }
      for (int s = 0; s < batch; s++) {
        double sum = 0;
        for (int t = length - 10; t < length; t++) {
          sum += xs[b][(s * length + t) * features];
        }
        ys[b][s] = (float) (sum / 10);
      }
    }
    return new float[][][] {xs, ys};
  }
}
