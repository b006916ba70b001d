package org.optspec.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.optspec.runtime.Dataset;
import org.optspec.runtime.TrainingListener;
import org.optspec.runtime.TrainingReport;

/** Train vs evaluation modes (batchnorm, dropout), early stopping and magnitude pruning, run on generated trainers. */
class TrainingFeaturesTest {

  private static String spec(String data, String model, String rest) {
    return "trainer F {\n precision float64\n seed 2\n data {\n source csv(\"f.csv\")\n " + data + "\n }\n model {\n "
        + model + "\n }\n " + rest + "\n}\n";
  }

  private static double[] gaussian(Random random, int count) {
    double[] v = new double[count];
    for (int i = 0; i < count; i++) {
      v[i] = random.nextGaussian();
    }
    return v;
  }

  @Test
  void batchnormNormalizesWithBatchStatisticsInTrainingAndRunningOnesInEvaluation() {
    LoadedTrainer t = LoadedTrainer.of(SpecText.trainer(spec("features 2\n targets 2", "batchnorm(momentum: 0.1, eps: 1e-5)",
        "loss mse\n optimizer sgd(lr: 0.1)\n batch 4\n epochs 1")));
    double[] x = {1, 10, 2, 20, 3, 30, 6, 40};
    double[] y = new double[8];
    // Evaluation mode before any training: running mean 0, running variance 1, so out = x / sqrt(1 + eps).
    double evalLoss = t.loss(x, y, 4);
    double expectedEval = 0;
    for (double v : x) {
      expectedEval += v * v / (1 + 1e-5);
    }
    assertEquals(expectedEval / 8, evalLoss, 1e-9);
    // Training mode: each column normalized by its batch mean and biased variance, so mse against 0 is
    // the mean of x̂², i.e. var / (var + eps) per column.
    double trainLoss = t.computeGradients(x, y, 4);
    double[] mean = {3, 25};
    double[] biased = {(4 + 1 + 0 + 9) / 4.0, (225 + 25 + 25 + 225) / 4.0};
    double expectedTrain = (biased[0] / (biased[0] + 1e-5) + biased[1] / (biased[1] + 1e-5)) / 2;
    assertEquals(expectedTrain, trainLoss, 1e-12);
    assertNotEquals(evalLoss, trainLoss);
    // The running statistics moved by momentum towards the batch mean and the UNBIASED variance (torch).
    double runningMean0 = 0.1 * mean[0];
    double runningVar0 = 0.9 + 0.1 * biased[0] * 4 / 3;
    double runningMean1 = 0.1 * mean[1];
    double runningVar1 = 0.9 + 0.1 * biased[1] * 4 / 3;
    double expected = 0;
    for (int r = 0; r < 4; r++) {
      double a = (x[2 * r] - runningMean0) / Math.sqrt(runningVar0 + 1e-5);
      double b = (x[2 * r + 1] - runningMean1) / Math.sqrt(runningVar1 + 1e-5);
      expected += a * a + b * b;
    }
    assertEquals(expected / 8, t.loss(x, y, 4), 1e-9);
  }

  @Test
  void dropoutIsActiveOnlyInTraining() {
    String withDropout = spec("features 6\n targets 1", "dense(16)\n dropout(0.5)\n dense(1)",
        "loss mse\n optimizer sgd(lr: 0.1)\n batch 8\n epochs 1");
    String without = spec("features 6\n targets 1", "dense(16)\n dense(1)", "loss mse\n optimizer sgd(lr: 0.1)\n batch 8\n epochs 1");
    LoadedTrainer dropout = LoadedTrainer.of(SpecText.trainer(withDropout));
    LoadedTrainer plain = LoadedTrainer.of(SpecText.trainer(without));
    Random random = new Random(3);
    double[] x = gaussian(random, 8 * 6);
    double[] y = gaussian(random, 8);
    // Same seed and same parameter draws: in evaluation dropout is the identity.
    assertEquals(plain.loss(x, y, 8), dropout.loss(x, y, 8), 1e-15);
    assertEquals(dropout.loss(x, y, 8), dropout.loss(x, y, 8), 0);
    // In training, masks differ from step to step and change the loss.
    double first = dropout.computeGradients(x, y, 8);
    double second = dropout.computeGradients(x, y, 8);
    assertNotEquals(first, second);
    assertNotEquals(dropout.loss(x, y, 8), first);
  }

  @Test
  void earlyStoppingStopsAfterPatienceEpochsAndRestoresTheBestParameters() {
    LoadedTrainer t = LoadedTrainer.of(SpecText.trainer(spec("features 1\n targets 1\n split(test: 0.2, validation: 0.2, seed: 1)",
        "dense(1, init: zeros, bias_init: zeros)",
        "loss mse\n optimizer sgd(lr: 0.05)\n batch 4\n epochs 50\n stop when validation_loss stalls for 3 epochs")));
    // Training targets y = 2x; validation targets y = -2x: the better the fit, the worse validation gets after
    // the first epoch, so epoch 1 is the best and training stops after epoch 4.
    int rows = 16;
    double[] x = new double[rows];
    double[] y = new double[rows];
    double[] vy = new double[rows];
    for (int i = 0; i < rows; i++) {
      x[i] = (i - 7.5) / 4;
      y[i] = 2 * x[i];
      vy[i] = -2 * x[i];
    }
    Dataset train = new Dataset(x, y, rows, 1, 1);
    Dataset validation = new Dataset(x.clone(), vy, rows, 1, 1);
    TrainingReport report = t.trainer.fit(train, validation, TrainingListener.NONE);
    assertEquals(4, report.epochs());
    assertEquals(4, report.history().size());
    assertTrue(report.stoppedBecause().startsWith("validation_loss stalled for 3 epochs: stopped after epoch 4"),
        report.stoppedBecause());
    assertTrue(report.stoppedBecause().contains("restored the best epoch 1"), report.stoppedBecause());
    double best = report.history().get(0).validationLoss();
    assertTrue(report.history().get(3).validationLoss() > best);
    assertEquals(best, t.trainer.evaluate(validation).get("loss"), 1e-12);
  }

  @Test
  void magnitudePruningFollowsTheCubicScheduleAndKeepsPrunedWeightsAtZero() {
    LoadedTrainer t = LoadedTrainer.of(SpecText.trainer(spec("features 10\n targets 2", "dense(20)\n tanh\n dense(2)",
        "loss mse\n optimizer adam(lr: 0.01)\n batch 8\n epochs 1\n"
            + " prune magnitude(final_sparsity: 0.8, from: 10 steps, to: 40 steps, every: 10 steps)")));
    Random random = new Random(4);
    double[] x = gaussian(random, 8 * 10);
    double[] y = gaussian(random, 8 * 2);
    int w0 = t.offset("DENSE0_WEIGHT");
    int w1 = t.offset("DENSE1_WEIGHT");
    int b0 = t.offset("DENSE0_BIAS");
    for (int step = 0; step < 60; step++) {
      t.step(x, y, 8);
      // After step t (0-based), the last mask update was at the largest multiple of 10 in [10, t], capped at 40.
      long last = Math.min(40, step / 10 * 10);
      double expected = step < 10 ? 0 : 0.8 + (0 - 0.8) * Math.pow(1 - (last - 10) / 30.0, 3);
      assertEquals(Math.round(expected * 200), zeros(t, w0, 200), "zeros in dense0.weight after step " + step);
      assertEquals(Math.round(expected * 40), zeros(t, w1, 40), "zeros in dense1.weight after step " + step);
    }
    assertEquals(0, zeros(t, b0, 20), "biases are not pruned (on: weights)");
    assertEquals(0.8, (double) t.call("sparsity", new Class<?>[0]), 1e-12);
  }

  private static int zeros(LoadedTrainer t, int offset, int size) {
    int zeros = 0;
    for (int i = 0; i < size; i++) {
      if (t.param(offset + i) == 0) {
        zeros++;
      }
    }
    return zeros;
  }
}
