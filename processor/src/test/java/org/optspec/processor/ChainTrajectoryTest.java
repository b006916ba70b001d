package org.optspec.processor;

import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void followsOptaxFormulas(String name, String chain, String extra) throws IOException {
    OptimizerTrajectoryTest.follow(LoadedTrainer.of(OptimizerTrajectoryTest.spec(chain, extra)), "chain_" + name + ".csv",
        false);
  }
}
