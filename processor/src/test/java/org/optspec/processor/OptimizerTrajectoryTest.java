package org.optspec.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.optspec.grammar.Frontend;
import org.optspec.spec.CheckResult;
import org.optspec.spec.SourceText;
import org.optspec.spec.TrainerSpec;

/**
 * Every torch optimizer option that changes the arithmetic, compiled from spec text through the real checker (so the
 * defaults are the catalogue's) and run against the trajectory torch computes for the same model, data and options
 * ({@code src/test/python/torch_reference.py}, {@code optimizer_cases}; same case names). 15 float64 steps of
 * 3 → dense(4) → relu → dense(2) with mse; loss and every parameter agree to relative 1e-10 at every step. adafactor,
 * which torch 1.13 lacks, follows {@code tools/reference/npref.py}'s NumPy algorithm applied to torch's gradients
 * ({@code numpy_cases}).
 */
class OptimizerTrajectoryTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("adagrad", "adagrad(lr: 0.1)", ""),
        Arguments.of("adagrad_options",
            "adagrad(lr: 0.1, lr_decay: 0.1, weight_decay: 0.01, initial_accumulator_value: 0.5, eps: 1e-3)", ""),
        Arguments.of("adagrad_group", "adagrad(lr: 0.1)",
            "group biases {\n    lr_decay 0.5\n    eps 1e-6\n    initial_accumulator_value 0.2\n  }"),
        Arguments.of("rmsprop", "rmsprop(lr: 0.01)", ""),
        Arguments.of("rmsprop_centered_momentum",
            "rmsprop(lr: 0.01, alpha: 0.9, eps: 1e-6, weight_decay: 0.01, momentum: 0.5, centered: true)", ""),
        Arguments.of("rmsprop_momentum_maximize", "rmsprop(lr: 0.001, momentum: 0.9, maximize: true)", ""),
        Arguments.of("rmsprop_group", "rmsprop(lr: 0.01)", "group biases {\n    alpha 0.5\n    momentum 0.3\n    centered true\n  }"),
        Arguments.of("adamax", "adamax(lr: 0.02)", ""),
        Arguments.of("adamax_options",
            "adamax(lr: 0.02, betas: (0.8, 0.99), eps: 1e-3, weight_decay: 0.01, maximize: true)", ""),
        Arguments.of("nadam", "nadam(lr: 0.02)", ""),
        Arguments.of("nadam_options",
            "nadam(lr: 0.02, betas: (0.8, 0.99), eps: 1e-6, weight_decay: 0.01, momentum_decay: 0.01)", ""),
        Arguments.of("radam", "radam(lr: 0.02)", ""),
        Arguments.of("radam_options", "radam(lr: 0.02, betas: (0.8, 0.9), eps: 1e-3, weight_decay: 0.01)", ""),
        Arguments.of("adadelta", "adadelta", ""),
        Arguments.of("adadelta_options",
            "adadelta(lr: 0.5, rho: 0.8, eps: 1e-4, weight_decay: 0.01, maximize: true)", ""),
        Arguments.of("rprop", "rprop(lr: 0.01)", ""),
        Arguments.of("rprop_options", "rprop(lr: 0.01, etas: (0.4, 1.3), step_sizes: (5e-3, 0.03), maximize: true)", ""),
        Arguments.of("asgd", "asgd(lr: 0.05)", ""),
        Arguments.of("asgd_options", "asgd(lr: 0.05, lambd: 0.01, alpha: 0.5, t0: 5, weight_decay: 0.01)", ""),
        // adafactor: tools/reference/npref.py's NumPy Adafactor on torch's gradients (torch 1.13 has none)
        Arguments.of("adafactor", "adafactor", ""),
        Arguments.of("adafactor_options",
            "adafactor(beta2_decay: -0.5, eps: (1e-30, 1e-2), d: 0.5, weight_decay: 0.1, maximize: true)", ""),
        Arguments.of("adafactor_relative", "adafactor(lr: 5)", ""),
        // natural_gradient: per-sample gradients by torch, the damped Fisher solved by NumPy (natural_gradient_cases)
        Arguments.of("natural_gradient", "natural_gradient", ""),
        Arguments.of("natural_gradient_options",
            "natural_gradient(lr: 0.05, damping: 0.5)\n  regularize elastic_net(l1: 0.01, l2: 0.02, on: weights)", ""));
  }

  static TrainerSpec spec(String optimizer, String group) {
    return spec(optimizer, group, 1);
  }

  static TrainerSpec spec(String optimizer, String group, int epochs) {
    String text = "trainer Optimized {\n"
        + "  precision float64\n"
        + "  data {\n    source csv(\"unused.csv\", target: last)\n    features 3\n    targets 2\n  }\n"
        + "  model {\n    dense(4)\n    relu\n    dense(2)\n  }\n"
        + "  loss mse\n"
        + "  optimizer " + optimizer + "\n"
        + "  " + group + "\n"
        + "  batch 5\n  epochs " + epochs + "\n}\n";
    CheckResult checked = Frontend.check(new SourceText("optimized.optspec", text));
    assertTrue(checked.ok(), () -> "diagnostics: " + checked.diagnostics());
    return (TrainerSpec) checked.spec().get();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void followsTorch(String name, String optimizer, String group) throws IOException {
    follow(LoadedTrainer.of(spec(optimizer, group)), "optimizer_" + name + ".csv", true);
  }

  /**
   * Sets the parameters and data of {@code torch_reference.py}'s regression model, then steps {@code t} and compares
   * every row of {@code file}: the lr (when {@code checkLr}), the loss and every parameter.
   */
  static void follow(LoadedTrainer t, String file, boolean checkLr) throws IOException {
    String[] tensors = {"DENSE0_WEIGHT", "DENSE0_BIAS", "DENSE1_WEIGHT", "DENSE1_BIAS"};
    for (int i = 0; i < tensors.length; i++) {
      int offset = t.offset(tensors[i]);
      for (int k = 0; k < t.offset(tensors[i] + "_SIZE"); k++) {
        t.setParam(offset + k, 0.3 * Math.sin(1 + 7 * i + 0.37 * k));
      }
    }
    double[] x = new double[15];
    for (int r = 0; r < 5; r++) {
      for (int j = 0; j < 3; j++) {
        x[r * 3 + j] = Math.cos(0.5 + 1.3 * r + 0.7 * j);
      }
    }
    double[] y = new double[10];
    for (int r = 0; r < 5; r++) {
      for (int j = 0; j < 2; j++) {
        y[r * 2 + j] = Math.sin(0.2 + r + 0.9 * j);
      }
    }
    for (double[] row : expected(file)) {
      long step = (long) row[0];
      if (checkLr) {
        assertEquals(row[1], t.learningRate(step), 1e-15, "lr at step " + step);
      }
      close(row[2], t.step(x, y, 5), "loss at step " + step);
      for (int i = 3; i < row.length; i++) {
        close(row[i], t.param(i - 3), "parameter " + (i - 3) + " after step " + step);
      }
    }
  }

  private static void close(double expected, double actual, String what) {
    assertEquals(expected, actual, 1e-10 * (1 + Math.abs(expected)), what);
  }

  private static List<double[]> expected(String file) throws IOException {
    try (InputStream in = OptimizerTrajectoryTest.class.getResourceAsStream("/torch/" + file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .map(line -> Arrays.stream(line.split(",")).mapToDouble(Double::parseDouble).toArray())
          .toList();
    }
  }
}
