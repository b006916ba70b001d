package org.optspec.processor.emit;

import org.optspec.processor.ir.Param;

/** optax.clip(max): u limited to [-max, max]. */
final class ClipValueEmitter implements TransformEmitter {

  @Override
  public String name() {
    return "clip_value";
  }

  @Override
  public void element(TransformSite s, Param param, LoopBody m) {
    Types types = s.types();
    m.assign("$T.max($L, $T.min($L, u))", Math.class, types.literal(-s.option("max")), Math.class,
        types.literal(s.option("max")));
  }
}
