package org.optspec.processor;

import static org.optspec.processor.GradientChecks.assertMatchesCentralDifferences;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Every layer and loss of the catalogue: analytic gradients against central differences, float64. */
class ModelCatalogueGradientTest {

  private static double[] gaussian(Random random, int count) {
    double[] v = new double[count];
    for (int i = 0; i < count; i++) {
      v[i] = random.nextGaussian();
    }
    return v;
  }

  private static void check(String data, String model, String loss, double[] x, double[] y, int n) {
    assertMatchesCentralDifferences(LoadedTrainer.of(SpecText.float64(data, model, loss)), x, y, n);
  }

  @Test
  void leakyReluTanhAndSigmoidLayers() {
    Random random = new Random(1);
    check("features 4\n targets 2", "dense(6)\n leaky_relu(0.1)\n dense(5)\n tanh\n dense(4)\n sigmoid\n dense(2)", "mse",
        gaussian(random, 6 * 4), gaussian(random, 6 * 2), 6);
  }

  @Test
  void softmaxLayerBeforeMse() {
    Random random = new Random(2);
    check("features 3\n targets 4", "dense(4)\n softmax", "mse", gaussian(random, 5 * 3), gaussian(random, 5 * 4), 5);
  }

  @Test
  void batchnormInTrainingModeBetweenLayers() {
    Random random = new Random(3);
    check("features 4\n targets 2", "dense(5)\n batchnorm\n tanh\n dense(3)\n batchnorm(momentum: 0.2, eps: 1e-3)\n dense(2)",
        "mse", gaussian(random, 7 * 4), gaussian(random, 7 * 2), 7);
  }

  @Test
  void tanhRnnOverAFullSequence() {
    Random random = new Random(4);
    check("sequence(length: 6, features: 2)\n targets 1", "rnn(5, activation: tanh)\n dense(1)", "mse",
        gaussian(random, 4 * 12), gaussian(random, 4), 4);
  }

  @Test
  void tanhRnnOfOneStepOverAFullBatch() {
    // Length 1: no recurrent product, dW_hh = 0; n = BATCH (8): the time-major buffers are full.
    Random random = new Random(14);
    check("sequence(length: 1, features: 3)\n targets 1", "rnn(4)\n dense(1)", "mse",
        gaussian(random, 8 * 3), gaussian(random, 8), 8);
  }

  @Test
  void reluRnnOverAFullSequence() {
    Random random = new Random(5);
    check("sequence(length: 5, features: 3)\n targets 2", "rnn(4, activation: relu, init: xavier)\n dense(2)", "mse",
        gaussian(random, 6 * 15), gaussian(random, 6 * 2), 6);
  }

  @Test
  void factorizeWithBiases() {
    Random random = new Random(6);
    int n = 8;
    double[] x = new double[n * 2];
    for (int r = 0; r < n; r++) {
      x[2 * r] = random.nextInt(4);
      x[2 * r + 1] = random.nextInt(3);
    }
    check("pairs(users: 4, items: 3)\n targets 1", "factorize(factors: 3, init: normal(0, 0.5), bias: true)", "mse",
        x, gaussian(random, n), n);
  }

  @Test
  void factorizeWithoutBiases() {
    Random random = new Random(7);
    int n = 6;
    double[] x = new double[n * 2];
    for (int r = 0; r < n; r++) {
      x[2 * r] = r % 5;
      x[2 * r + 1] = (r * 3) % 4;
    }
    check("pairs(users: 5, items: 4)\n targets 1", "factorize(factors: 2)", "mse", x, gaussian(random, n), n);
  }

  @Test
  void maeAwayFromItsKink() {
    Random random = new Random(8);
    // Targets far from any prediction keep every residual away from 0, where |d| has no derivative.
    double[] y = gaussian(random, 6 * 2);
    for (int i = 0; i < y.length; i++) {
      y[i] += y[i] > 0 ? 20 : -20;
    }
    check("features 3\n targets 2", "dense(4)\n tanh\n dense(2)", "mae", gaussian(random, 6 * 3), y, 6);
  }

  @Test
  void huberOnBothSidesOfDelta() {
    Random random = new Random(9);
    double[] y = gaussian(random, 8);
    // Half the residuals well inside delta, half well outside; none near |d| = delta.
    for (int i = 0; i < 4; i++) {
      y[i] += y[i] > 0 ? 10 : -10;
    }
    check("features 3\n targets 1", "dense(4)\n tanh\n dense(1, init: zeros, bias_init: zeros)", "huber(delta: 0.5)",
        gaussian(random, 8 * 3), y, 8);
  }

  @Test
  void binaryCrossEntropyWithLogitsForTwoClasses() {
    Random random = new Random(10);
    double[] y = new double[7];
    for (int i = 0; i < y.length; i++) {
      y[i] = random.nextInt(2);
    }
    check("features 3\n classes 2", "dense(4)\n tanh\n dense(1)", "binary_cross_entropy", gaussian(random, 7 * 3), y, 7);
  }

  @Test
  void binaryCrossEntropyWithSoftTargets() {
    Random random = new Random(11);
    double[] y = new double[5 * 3];
    for (int i = 0; i < y.length; i++) {
      y[i] = random.nextDouble();
    }
    check("features 2\n targets 3", "dense(3)", "binary_cross_entropy", gaussian(random, 5 * 2), y, 5);
  }
}
