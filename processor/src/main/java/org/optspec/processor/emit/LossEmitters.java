package org.optspec.processor.emit;

import org.optspec.processor.ir.Loss;

/** The one place that maps an IR loss kind to its emitter: add a line here for a new loss. */
final class LossEmitters {

  private LossEmitters() {}

  static LossEmitter of(Loss loss) {
    return switch (loss.kind()) {
      case MSE -> new MseLossEmitter();
      case SOFTMAX_CROSS_ENTROPY -> new SoftmaxCrossEntropyLossEmitter();
      case MAE -> new MaeLossEmitter();
      case HUBER -> new HuberLossEmitter();
      case BINARY_CROSS_ENTROPY -> new BinaryCrossEntropyLossEmitter();
    };
  }
}
