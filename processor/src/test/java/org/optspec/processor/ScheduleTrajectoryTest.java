package org.optspec.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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

  private static List<double[]> expected(String file) throws IOException {
    try (InputStream in = ScheduleTrajectoryTest.class.getResourceAsStream("/torch/" + file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .map(line -> Arrays.stream(line.split(",")).mapToDouble(Double::parseDouble).toArray())
          .toList();
    }
  }
}
