package org.optspec.processor.emit;

import org.optspec.processor.ir.Layer;

/** The one place that maps an IR layer kind to its emitter: add a line here for a new layer. */
final class LayerEmitters {

  private LayerEmitters() {}

  static LayerEmitter of(Layer layer) {
    if (layer instanceof Layer.Dense) {
      return new DenseEmitter();
    } else if (layer instanceof Layer.Relu) {
      return new ReluEmitter();
    } else if (layer instanceof Layer.Dropout) {
      return new DropoutEmitter();
    } else if (layer instanceof Layer.LeakyRelu) {
      return new LeakyReluEmitter();
    } else if (layer instanceof Layer.Tanh) {
      return OutputDerivedActivationEmitter.tanh();
    } else if (layer instanceof Layer.Sigmoid) {
      return OutputDerivedActivationEmitter.sigmoid();
    } else if (layer instanceof Layer.Softmax) {
      return new SoftmaxEmitter();
    } else if (layer instanceof Layer.BatchNorm) {
      return new BatchNormEmitter();
    } else if (layer instanceof Layer.Rnn) {
      return new RnnEmitter();
    } else if (layer instanceof Layer.Factorize) {
      return new FactorizeEmitter();
    }
    throw new IllegalArgumentException("no emitter for layer " + layer);
  }
}
