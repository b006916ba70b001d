package org.optspec.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.optspec.runtime.Dataset;
import org.optspec.runtime.TrainingListener;

/**
 * Each schedule's closed form, compiled from spec text through the real checker, equals the lr torch's scheduler
 * gives after k steps (k = 0..60) for an optimizer with lr 0.1 ({@code src/test/python/torch_reference.py},
 * {@code schedule_cases}; same case names), to relative 1e-12.
 */
class ScheduleTrajectoryTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("exponential", "exponential(gamma: 0.9, every: 1 steps)"),
        Arguments.of("exponential_every", "exponential(gamma: 0.9, every: 3 steps)"),
        Arguments.of("multistep", "multistep(milestones: (10 steps, 25 steps, 40 steps), gamma: 0.5)"),
        Arguments.of("polynomial", "polynomial(steps: 40, power: 2)"),
        Arguments.of("cosine_restarts", "cosine_restarts(first: 7 steps, t_mul: 2, min_lr: 0.001)"),
        Arguments.of("cosine_restarts_constant_period", "cosine_restarts(first: 10 steps)"),
        Arguments.of("cosine_restarts_m_mul", "cosine_restarts(first: 5 steps, t_mul: 2, m_mul: 0.5, min_lr: 0.001)"),
        Arguments.of("one_cycle", "one_cycle(max_lr: 0.5, steps: 60)"),
        Arguments.of("one_cycle_options",
            "one_cycle(max_lr: 0.5, steps: 60, pct_start: 0.25, div_factor: 10, final_div_factor: 100)"),
        Arguments.of("warmup_then_exponential",
            "warmup(linear, steps: 10, start_factor: 0.2) then exponential(gamma: 0.95, every: 1 steps)"),
        Arguments.of("warmup_exponential", "warmup(exponential, steps: 20, start_factor: 0.01)"),
        Arguments.of("constant_then_multistep",
            "constant(factor: 0.5, steps: 5) then multistep(milestones: (10 steps, 20 steps), gamma: 0.3)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void equalsTorchsScheduler(String name, String schedule) throws IOException {
    LoadedTrainer t = LoadedTrainer.of(OptimizerTrajectoryTest.spec("sgd(lr: 0.1)", "schedule " + schedule));
    for (double[] row : expected("schedule_" + name + ".csv")) {
      long k = (long) row[0];
      assertEquals(row[1], t.learningRate(k), 1e-12 * Math.abs(row[1]), "lr after " + k + " steps");
    }
  }

  /** The metrics torch_reference.py reports to ReduceLROnPlateau. */
  private static final double[] PLATEAU_METRICS = {1.0, 0.9, 0.95, 0.92, 0.9, 0.89995, 0.91, 0.85, 0.86, 0.86, 0.87,
      0.88, 0.84, 0.85, 0.85, 0.85, 0.85, 0.85, 0.85, 0.85, 0.85, 0.85, 0.85, 0.85, 0.85, 0.85, 0.85, 0.85, 0.85, 0.85};

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "plateau|plateau(factor: 0.5, patience: 2, cooldown: 1, min_lr: 0.02)",
      "plateau_defaults_patience_1|plateau(patience: 1)"})
  void plateauReducesAsTorchsReduceLrOnPlateau(String name, String schedule) throws Exception {
    LoadedTrainer t = LoadedTrainer.of(OptimizerTrajectoryTest.spec("sgd(lr: 0.1)", "schedule " + schedule));
    Method observe = t.type.getMethod("observePlateau", double.class);
    List<double[]> rows = expected("schedule_" + name + ".csv");
    int reductions = 0;
    for (double[] row : rows) {
      int k = (int) row[0];
      if (k > 0) {
        observe.invoke(t.trainer, PLATEAU_METRICS[k - 1]);
      }
      assertEquals(row[1], t.learningRate(k), 0, "lr after " + k + " reports");
      reductions += k > 0 && row[1] < rows.get(k - 1)[1] ? 1 : 0;
    }
    assertTrue(reductions >= 2, "the metrics reduce the lr more than once: " + reductions);
  }

  @Test
  void fitReportsTheValidationLossOfEveryEpochToThePlateau() {
    // the validation loss never halves (threshold 0.5) after the first epoch, so with patience 0 every later epoch
    // halves the lr: 4 epochs, 3 reductions
    String spec = "sgd(lr: 1e-3)\n  schedule plateau(factor: 0.5, patience: 0, threshold: 0.5)";
    LoadedTrainer t = LoadedTrainer.of(OptimizerTrajectoryTest.spec(spec, "", 4));
    double[] x = new double[10 * 3];
    double[] y = new double[10 * 2];
    for (int i = 0; i < x.length; i++) {
      x[i] = Math.sin(i);
    }
    for (int i = 0; i < y.length; i++) {
      y[i] = Math.cos(i);
    }
    Dataset data = new Dataset(x, y, 10, 3, 2);
    t.trainer.fit(data, data, TrainingListener.NONE);
    assertEquals(1e-3 * 0.125, t.learningRate(0), 0);
  }

  private static List<double[]> expected(String file) throws IOException {
    try (InputStream in = ScheduleTrajectoryTest.class.getResourceAsStream("/torch/" + file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .map(line -> Arrays.stream(line.split(",")).mapToDouble(Double::parseDouble).toArray())
          .toList();
    }
  }
}
