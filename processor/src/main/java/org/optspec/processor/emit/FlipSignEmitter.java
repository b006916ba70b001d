package org.optspec.processor.emit;

import org.optspec.processor.ir.Param;

/** The torch optimizers' {@code maximize}: u = -g. */
final class FlipSignEmitter implements TransformEmitter {

  @Override
  public String name() {
    return "flip_sign";
  }

  @Override
  public void element(TransformSite s, Param param, LoopBody m) {
    m.negate();
  }
}
