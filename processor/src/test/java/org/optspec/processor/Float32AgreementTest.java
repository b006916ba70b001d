package org.optspec.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The float32 code of each new layer computes what its float64 code computes, to float precision. */
class Float32AgreementTest {

  private static void assertAgree(String data, String model, String loss, double[] x, double[] y, int n) {
    String body = " seed 9\n data {\n source csv(\"a.csv\")\n " + data + "\n }\n model {\n " + model + "\n }\n loss " + loss
        + "\n optimizer sgd(lr: 0.1)\n batch 8\n epochs 1\n}\n";
    LoadedTrainer single = LoadedTrainer.of(SpecText.trainer("trainer A {\n precision float32\n" + body));
    LoadedTrainer twice = LoadedTrainer.of(SpecText.trainer("trainer A {\n precision float64\n" + body));
    assertEquals(twice.computeGradients(x, y, n), single.computeGradients(x, y, n), 1e-5);
    double[] a = single.gradients();
    double[] b = twice.gradients();
    for (int i = 0; i < a.length; i++) {
      assertEquals(b[i], a[i], 1e-4 * (1 + Math.abs(b[i])), "gradient " + i);
    }
    assertEquals(twice.loss(x, y, n), single.loss(x, y, n), 1e-5);
  }

  private static double[] gaussian(Random random, int count) {
    double[] v = new double[count];
    for (int i = 0; i < count; i++) {
      v[i] = random.nextGaussian();
    }
    return v;
  }

  @Test
  void rnnBatchnormAndActivations() {
    Random random = new Random(1);
    assertAgree("sequence(length: 7, features: 2)\n targets 2",
        "rnn(6)\n batchnorm\n leaky_relu\n dense(5)\n sigmoid\n dense(4)\n softmax\n dense(2)", "huber",
        gaussian(random, 8 * 14), gaussian(random, 8 * 2), 8);
  }

  @Test
  void factorizeAndBinaryCrossEntropy() {
    Random random = new Random(2);
    double[] x = new double[16];
    double[] y = new double[8];
    for (int r = 0; r < 8; r++) {
      x[2 * r] = random.nextInt(5);
      x[2 * r + 1] = random.nextInt(6);
      y[r] = random.nextInt(2);
    }
    assertAgree("pairs(users: 5, items: 6)\n classes 2", "factorize(factors: 3, init: normal(0, 0.5), bias: true)",
        "binary_cross_entropy", x, y, 8);
  }
}
