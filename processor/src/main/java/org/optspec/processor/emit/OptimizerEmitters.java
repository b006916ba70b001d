package org.optspec.processor.emit;

import org.optspec.processor.ir.Optimizer;

/** The one place that maps an IR optimizer kind to its emitter: add a line here for a new optimizer. */
final class OptimizerEmitters {

  private OptimizerEmitters() {}

  static OptimizerEmitter of(Optimizer.Kind kind) {
    return switch (kind) {
      case SGD -> new SgdEmitter();
      case ADAM -> new AdamEmitter(false);
      case ADAMW -> new AdamEmitter(true);
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
