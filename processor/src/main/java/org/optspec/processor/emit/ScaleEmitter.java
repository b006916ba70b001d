package org.optspec.processor.emit;

import org.optspec.processor.ir.Param;

/** optax.scale(step_size): u *= step_size. */
final class ScaleEmitter implements TransformEmitter {

  @Override
  public String name() {
    return "scale";
  }

  @Override
  public void element(TransformSite s, Param param, LoopBody m) {
    m.times(s.types().literal(s.option("step_size")));
  }
}
