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
    }
    throw new IllegalArgumentException("no emitter for layer " + layer);
  }
}
