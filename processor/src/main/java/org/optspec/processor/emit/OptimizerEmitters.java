package org.optspec.processor.emit;

import java.util.List;
import java.util.Map;
import org.optspec.processor.ir.Optimizer;

/**
 * The one place that maps an IR optimizer kind to its emitter: every kind is a composition ({@code ir/NamedChains})
 * emitted by {@link ChainEmitter}, with the hyper-parameter constants its transforms read and its slots' docs. Add a
 * line here for a new optimizer.
 */
final class OptimizerEmitters {

  private OptimizerEmitters() {}

  static OptimizerEmitter of(Optimizer.Kind kind) {
    return switch (kind) {
      // compositions of torch-exact transforms (NamedChains)
      case SGD -> new ChainEmitter(List.of("lr", "momentum", "dampening", "weight_decay"),
          Map.of("momentumBuffer", "scale_by_momentum_torch's buffer, torch.optim.SGD's momentum_buffer"));
      case ADAM, ADAMW -> new ChainEmitter(List.of("lr", "beta1", "beta2", "eps", "weight_decay"),
          Map.of("expAvg", "scale_by_adam_torch's first moment, m", "expAvgSq", "scale_by_adam_torch's second moment, v",
              "maxExpAvgSq", "scale_by_adam_torch's running maximum of v (amsgrad)"));
      case ADAGRAD -> new ChainEmitter(List.of("lr", "lr_decay", "initial_accumulator_value", "eps", "weight_decay"),
          Map.of("stateSum", "scale_by_adagrad_torch's sum of squared gradients"));
      case RMSPROP -> new ChainEmitter(List.of("lr", "alpha", "eps", "weight_decay", "momentum"),
          Map.of("squareAvg", "scale_by_rms_torch's running mean of g²",
              "gradAvg", "scale_by_rms_torch's running mean of g (centered)",
              "momentumBuffer", "scale_by_rms_torch's momentum buffer"));
      case ADAMAX -> new ChainEmitter(List.of("lr", "beta1", "beta2", "eps", "weight_decay"),
          Map.of("expAvg", "scale_by_adamax_torch's first moment, m",
              "expInf", "scale_by_adamax_torch's exponentially weighted infinity norm, u"));
      case NADAM -> new ChainEmitter(List.of("lr", "beta1", "beta2", "eps", "weight_decay", "momentum_decay"),
          Map.of("expAvg", "scale_by_nadam_torch's first moment, m", "expAvgSq", "scale_by_nadam_torch's second moment, v"));
      case RADAM -> new ChainEmitter(List.of("lr", "beta1", "beta2", "eps", "weight_decay"),
          Map.of("expAvg", "scale_by_radam_torch's first moment, m", "expAvgSq", "scale_by_radam_torch's second moment, v"));
      case ADADELTA -> new ChainEmitter(List.of("lr", "rho", "eps", "weight_decay"),
          Map.of("squareAvg", "scale_by_adadelta_torch's running mean of g²",
              "accDelta", "scale_by_adadelta_torch's running mean of the squared updates"));
      case RPROP -> new ChainEmitter(List.of("lr", "etaminus", "etaplus", "min_step", "max_step"),
          Map.of("prev", "scale_by_rprop_torch's previous gradient (0 after a sign flip)",
              "stepSize", "scale_by_rprop_torch's per-element step size"));
      case ASGD -> new ChainEmitter(List.of("lr", "lambd", "alpha", "t0", "weight_decay"),
          Map.of("ax", "average_iterates_torch's averaged iterate"));
      case ADAFACTOR -> new ChainEmitter(List.of("lr", "beta2_decay", "eps1", "eps2", "d", "weight_decay"), Map.of());
      case NATURAL_GRADIENT -> new ChainEmitter(List.of("lr", "damping"), Map.of());
      case CHAIN -> new ChainEmitter();
    };
  }
}
