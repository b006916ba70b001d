package org.optspec.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DampedFisherTest {

  /** One sample: F = g gᵀ + λI, so F⁻¹g = g / (λ + gᵀg) (Sherman–Morrison). */
  @Test
  void oneSampleIsANormalisedGradientStep() {
    double[] g = {0.3, -1.2, 2.0};
    double damping = 0.1;
    double[] out = new double[3];
    new DampedFisher(3).solve(g, 1, g, damping, out);
    double scale = 1 / (damping + 0.09 + 1.44 + 4.0);
    for (int i = 0; i < 3; i++) {
      assertEquals(g[i] * scale, out[i], 1e-15);
    }
  }

  /** Two samples: F·d = mean, checked by multiplying back; the float32 overload agrees. */
  @Test
  void twoSamplesSolveTheDampedSystem() {
    double[] samples = {1, 2, 0.5, -1, 0, 3};
    double[] mean = {0, 1, 1.75};
    double damping = 0.01;
    double[] d = new double[3];
    DampedFisher fisher = new DampedFisher(3);
    fisher.solve(samples, 2, mean, damping, d);
    for (int i = 0; i < 3; i++) {
      double fd = damping * d[i];
      for (int r = 0; r < 2; r++) {
        double dot = 0;
        for (int j = 0; j < 3; j++) {
          dot += samples[r * 3 + j] * d[j];
        }
        fd += samples[r * 3 + i] * dot / 2;
      }
      assertEquals(mean[i], fd, 1e-10);
    }
    float[] out = new float[3];
    fisher.solve(new float[] {1, 2, 0.5f, -1, 0, 3}, 2, new float[] {0, 1, 1.75f}, damping, out);
    for (int i = 0; i < 3; i++) {
      assertEquals(d[i], out[i], 1e-4 * (1 + Math.abs(d[i])));
    }
  }
}
