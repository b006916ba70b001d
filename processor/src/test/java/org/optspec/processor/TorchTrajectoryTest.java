package org.optspec.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.optspec.processor.TestSpecs.args;
import static org.optspec.processor.TestSpecs.bool;
import static org.optspec.processor.TestSpecs.num;
import static org.optspec.processor.TestSpecs.steps;
import static org.optspec.processor.TestSpecs.sym;
import static org.optspec.processor.TestSpecs.tuple;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.optspec.spec.GroupOverride;

/**
 * Generated trainers follow the trajectories torch computes for the same models, data, optimizer,
 * groups, schedule, regularization and clipping (float64). The expected rows were written by
 * {@code src/test/python/torch_reference.py}; parameters and data come from the same closed formulas
 * on both sides.
 */
class TorchTrajectoryTest {

  private static final String[] TENSORS = {"DENSE0_WEIGHT", "DENSE0_BIAS", "DENSE1_WEIGHT", "DENSE1_BIAS"};

  private static double value(int tensor, int k) {
    return 0.3 * Math.sin(1 + 7 * tensor + 0.37 * k);
  }

  private static void init(LoadedTrainer t) {
    for (int i = 0; i < TENSORS.length; i++) {
      int offset = t.offset(TENSORS[i]);
      int size = t.offset(TENSORS[i] + "_SIZE");
      for (int k = 0; k < size; k++) {
        t.setParam(offset + k, value(i, k));
      }
    }
  }

  private static double[] inputs(int rows, int features) {
    double[] x = new double[rows * features];
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < features; j++) {
        x[r * features + j] = Math.cos(0.5 + 1.3 * r + 0.7 * j);
      }
    }
    return x;
  }

  private static List<double[]> expected(String file) throws IOException {
    try (InputStream in = TorchTrajectoryTest.class.getResourceAsStream("/torch/" + file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .map(line -> Arrays.stream(line.split(",")).mapToDouble(Double::parseDouble).toArray())
          .toList();
    }
  }

  private static void follow(LoadedTrainer t, double[] x, double[] y, int n, List<double[]> rows) {
    for (double[] row : rows) {
      long step = (long) row[0];
      assertEquals(row[1], t.learningRate(step), 1e-15, "lr at step " + step);
      assertEquals(row[2], t.step(x, y, n), 1e-12, "loss at step " + step);
      for (int i = 3; i < row.length; i++) {
        assertEquals(row[i], t.param(i - 3), 1e-12, "parameter " + (i - 3) + " after step " + step);
      }
    }
  }

  @Test
  void adamwWithABiasGroupWarmupCosineAndClippingFollowsTorch() throws IOException {
    TestSpecs.Builder b = TestSpecs.synthetic("TorchClassifier").features(4).classes(3);
    b.layer(b.call("dense", "trainer", args("units", num(5), "bias", bool(true))))
        .layer(b.call("relu", "trainer", Map.of()))
        .layer(b.call("dense", "trainer", args("units", num(3), "bias", bool(true))))
        .loss(b.call("softmax_cross_entropy", "trainer", Map.of()))
        .optimizer(b.call("adamw", "trainer", args("lr", num(0.02), "betas", tuple(num(0.9), num(0.999)), "eps", num(1e-8),
            "weight_decay", num(0.05), "amsgrad", bool(false), "maximize", bool(false))))
        .group(new GroupOverride("biases", args("lr_scale", num(0.5), "weight_decay", num(0)), b.pos("trainer")))
        .schedule(b.pos("trainer"),
            b.call("warmup", "trainer", args("kind", sym("linear"), "length", steps(5), "start_factor", num(0.25))),
            b.call("cosine", "trainer", args("length", steps(10), "min_lr", num(1e-3))))
        .clip(b.call("global_norm", "trainer", args("max_norm", num(0.5))));
    LoadedTrainer t = LoadedTrainer.of(b.build());
    init(t);
    double[] y = new double[6];
    for (int r = 0; r < 6; r++) {
      y[r] = r % 3;
    }
    follow(t, inputs(6, 4), y, 6, expected("classifier_adamw.csv"));
  }

  @Test
  void nesterovSgdWithElasticNetAndStepDecayFollowsTorch() throws IOException {
    TestSpecs.Builder b = TestSpecs.synthetic("TorchRegression").features(3).targets(2);
    b.layer(b.call("dense", "trainer", args("units", num(4), "bias", bool(true))))
        .layer(b.call("relu", "trainer", Map.of()))
        .layer(b.call("dense", "trainer", args("units", num(2), "bias", bool(true))))
        .loss(b.call("mse", "trainer", Map.of()))
        .regularizer(b.call("elastic_net", "trainer", args("l1", num(0.01), "l2", num(0.02), "on", sym("weights"))))
        .optimizer(b.call("sgd", "trainer", args("lr", num(0.05), "momentum", num(0.9), "dampening", num(0),
            "weight_decay", num(0.01), "nesterov", bool(true), "maximize", bool(false))))
        .schedule(b.pos("trainer"), b.call("step", "trainer", args("every", steps(4), "gamma", num(0.5))));
    LoadedTrainer t = LoadedTrainer.of(b.build());
    init(t);
    double[] y = new double[10];
    for (int r = 0; r < 5; r++) {
      for (int j = 0; j < 2; j++) {
        y[r * 2 + j] = Math.sin(0.2 + r + 0.9 * j);
      }
    }
    follow(t, inputs(5, 3), y, 5, expected("regression_sgd.csv"));
  }
}
