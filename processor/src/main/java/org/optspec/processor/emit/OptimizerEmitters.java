package org.optspec.processor.emit;

import java.util.List;
import org.optspec.processor.ir.Optimizer;

/** The one place that maps an IR optimizer kind to its emitter: add a line here for a new optimizer. */
final class OptimizerEmitters {

  private OptimizerEmitters() {}

  static OptimizerEmitter of(Optimizer.Kind kind) {
    return switch (kind) {
      // compositions of torch-exact transforms (NamedChains)
      case SGD -> new ChainEmitter(List.of("lr", "momentum", "dampening", "weight_decay"));
      case ADAM, ADAMW -> new ChainEmitter(List.of("lr", "beta1", "beta2", "eps", "weight_decay"));
      case ADAGRAD -> new AdagradEmitter();
      case RMSPROP -> new RmspropEmitter();
      case ADAMAX -> new AdamaxEmitter();
      case NADAM -> new NadamEmitter();
      case RADAM -> new RadamEmitter();
      case ADADELTA -> new AdadeltaEmitter();
      case RPROP -> new RpropEmitter();
      case ASGD -> new AsgdEmitter();
      case ADAFACTOR -> new AdafactorEmitter();
      case NATURAL_GRADIENT -> new NaturalGradientEmitter();
      case CHAIN -> new ChainEmitter();
    };
  }
}
