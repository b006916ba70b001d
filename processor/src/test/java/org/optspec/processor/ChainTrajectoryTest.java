package org.optspec.processor;

import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.optspec.spec.TrainerSpec;

/**
 * {@code chain(...)} compiled from spec text and run against optax's formulas applied in float64 to torch's gradients
 * ({@code torch_reference.py}, {@code chain_cases}; same names): LAMB's and LARS's compositions, wide_mlp's chain
 * (AGC, adam, decay on weights only, trust ratio, schedule) and a chain with both clips, rms and momentum.
 */
class ChainTrajectoryTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("lamb", "chain(scale_by_adam(b1: 0.9, b2: 0.999, eps: 1e-6), add_decayed_weights(0.01, on: all),\n"
            + "    scale_by_trust_ratio, scale(0.02))", ""),
        Arguments.of("wide_mlp", "chain(clip_adaptive(clipping: 0.4), scale_by_adam(b1: 0.9, b2: 0.999),\n"
            + "    add_decayed_weights(0.01, on: weights), scale_by_trust_ratio, scale_by_schedule)",
            "schedule constant(factor: 0.02)"),
        Arguments.of("lars", "chain(add_decayed_weights(0.01, on: all), scale_by_trust_ratio(trust_coefficient: 0.5, eps: 1e-8),\n"
            + "    scale(0.05), scale_by_momentum(0.9, nesterov: true))", ""),
        Arguments.of("rms_clip", "chain(clip_global_norm(0.3), scale_by_rms(decay: 0.9), clip_value(0.8),\n"
            + "    scale_by_momentum(0.5), scale(0.01))", ""),
        // the named optimizers are these compositions: the same trajectories
        Arguments.of("lamb", "lamb(lr: 0.02, weight_decay: 0.01)", ""),
        Arguments.of("lars", "lars(lr: 0.05, momentum: 0.9, weight_decay: 0.01, trust_coefficient: 0.5, eps: 1e-8, "
            + "nesterov: true)", ""),
        Arguments.of("lion", "lion(lr: 1e-3, weight_decay: 0.1)", ""));
  }

  /**
   * An elementwise chain whose decay selects weights is one loop per run of tensors treated alike (weights, then
   * biases, ...); it must compute exactly what the same decay computes in a group of the weights beside a group of the
   * biases without it.
   */
  @org.junit.jupiter.api.Test
  void aSelectiveDecaySplitsTheGroupLoopWithoutChangingTheArithmetic() {
    LoadedTrainer runs = LoadedTrainer.of(OptimizerTrajectoryTest.spec(
        "chain(scale_by_adam(b1: 0.9, b2: 0.999), add_decayed_weights(0.05, on: weights), scale(0.02))", ""));
    LoadedTrainer groups = LoadedTrainer.of(OptimizerTrajectoryTest.spec(
        "chain(scale_by_adam(b1: 0.9, b2: 0.999), add_decayed_weights(0.05, on: all), scale(0.02))",
        "group biases { weight_decay 0 }"));
    String[] tensors = {"DENSE0_WEIGHT", "DENSE0_BIAS", "DENSE1_WEIGHT", "DENSE1_BIAS"};
    for (LoadedTrainer t : new LoadedTrainer[] {runs, groups}) {
      for (int i = 0; i < tensors.length; i++) {
        for (int k = 0; k < t.offset(tensors[i] + "_SIZE"); k++) {
          t.setParam(t.offset(tensors[i]) + k, 0.3 * Math.sin(1 + 7 * i + 0.37 * k));
        }
      }
    }
    double[] x = new double[15];
    double[] y = new double[10];
    for (int k = 0; k < 15; k++) {
      x[k] = Math.cos(0.5 + 0.7 * k);
    }
    for (int k = 0; k < 10; k++) {
      y[k] = Math.sin(0.2 + 0.9 * k);
    }
    for (int step = 0; step < 10; step++) {
      runs.step(x, y, 5);
      groups.step(x, y, 5);
    }
    for (String tensor : tensors) {
      for (int k = 0; k < runs.offset(tensor + "_SIZE"); k++) {
        org.junit.jupiter.api.Assertions.assertEquals(
            Double.doubleToRawLongBits(groups.param(groups.offset(tensor) + k)),
            Double.doubleToRawLongBits(runs.param(runs.offset(tensor) + k)), tensor + "[" + k + "]");
      }
    }
  }

  /**
   * Two transforms that name their first moment alike ({@code scale_by_adam} and {@code scale_by_belief} both keep
   * {@code expAvg}) get a slot each, suffixed with their position (one field each: before, the class declared
   * {@code expAvg} twice and did not compile), and the chain trains.
   */
  @org.junit.jupiter.api.Test
  void transformsThatNameAMomentAlikeKeepSeparateSlots() {
    TrainerSpec both = OptimizerTrajectoryTest.spec("chain(scale_by_adam, scale_by_belief, scale(0.01))", "");
    String source = OptSpecCompiler.compile(both, "p").javaFile().orElseThrow().toString();
    for (String field : new String[] {"expAvg0", "expAvgSq0", "expAvg1", "expAvgVar1"}) {
      org.junit.jupiter.api.Assertions.assertTrue(source.contains("[] " + field + ";"), field);
    }
    org.junit.jupiter.api.Assertions.assertFalse(source.contains("[] expAvg;"));
    LoadedTrainer chained = LoadedTrainer.of(both);
    double before = chained.param(0);
    double[] x = new double[15];
    double[] y = new double[10];
    for (int k = 0; k < 15; k++) {
      x[k] = Math.cos(0.5 + 0.7 * k);
    }
    for (int k = 0; k < 10; k++) {
      y[k] = Math.sin(0.2 + 0.9 * k);
    }
    for (int step = 0; step < 5; step++) {
      org.junit.jupiter.api.Assertions.assertTrue(Double.isFinite(chained.step(x, y, 5)));
    }
    org.junit.jupiter.api.Assertions.assertNotEquals(before, chained.param(0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void followsOptaxFormulas(String name, String chain, String extra) throws IOException {
    OptimizerTrajectoryTest.follow(LoadedTrainer.of(OptimizerTrajectoryTest.spec(chain, extra)), "chain_" + name + ".csv",
        false);
  }
}
