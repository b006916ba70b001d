package org.optspec.processor.ir;

import java.util.Map;

/**
 * torch.optim's defaults of the options each optimizer reads, by flat option name. The checker fills every default
 * into a checked spec already; these are what lowering falls back to for a hand-built spec that omits an option, so
 * both paths agree.
 */
final class OptimizerDefaults {

  private OptimizerDefaults() {}

  static Map<String, Double> of(Optimizer.Kind kind) {
    return switch (kind) {
      case SGD -> Map.of("lr", 1e-3);
      case ADAM, ADAMW, RADAM -> Map.of("lr", 1e-3, "beta1", 0.9, "beta2", 0.999, "eps", 1e-8);
      case ADAMAX -> Map.of("lr", 2e-3, "beta1", 0.9, "beta2", 0.999, "eps", 1e-8);
      case NADAM -> Map.of("lr", 2e-3, "beta1", 0.9, "beta2", 0.999, "eps", 1e-8, "momentum_decay", 4e-3);
      case ADAGRAD -> Map.of("lr", 1e-2, "lr_decay", 0.0, "initial_accumulator_value", 0.0, "eps", 1e-10);
      case RMSPROP -> Map.of("lr", 1e-2, "alpha", 0.99, "eps", 1e-8);
      case ADADELTA -> Map.of("lr", 1.0, "rho", 0.9, "eps", 1e-6);
      case RPROP -> Map.of("lr", 1e-2, "etaminus", 0.5, "etaplus", 1.2, "min_step", 1e-6, "max_step", 50.0);
      case ASGD -> Map.of("lr", 1e-2, "lambd", 1e-4, "alpha", 0.75, "t0", 1e6);
      // eps1 has no fallback: absent (torch's None) it is the precision's machine epsilon, filled in by lowering
      case ADAFACTOR -> Map.of("lr", 1e-2, "beta2_decay", -0.8, "eps2", 1e-3, "d", 1.0);
      case NATURAL_GRADIENT -> Map.of("lr", 1e-3, "damping", 1e-3);
      // a chain has no lr: scale_by_schedule multiplies by the schedule of a base lr of 1 (times a group's lr_scale)
      case CHAIN -> Map.of("lr", 1.0);
    };
  }
}
