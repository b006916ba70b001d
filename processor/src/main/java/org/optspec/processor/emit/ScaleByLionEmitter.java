package org.optspec.processor.emit;

import java.util.List;
import org.optspec.processor.ir.Param;
import org.optspec.processor.ir.Transform;

/** optax.scale_by_lion(b1, b2): u = sign(b1·m + (1-b1)·u), then m = b2·m + (1-b2)·u with the incoming u. */
final class ScaleByLionEmitter implements TransformEmitter {

  @Override
  public String name() {
    return "scale_by_lion";
  }

  @Override
  public List<Slot> slots(Transform t) {
    return List.of(new Slot("expAvg", "exp_avg", "scale_by_lion's momentum"));
  }

  @Override
  public void element(TransformSite s, Param param, LoopBody m) {
    Types types = s.types();
    String mu = s.slot(0);
    m.stmt("$T interpolated = $L * $L[i] + $L * u", types.elem(), types.literal(s.option("b1")), mu,
        types.literal(1 - s.option("b1")));
    m.stmt("$L[i] = $L * $L[i] + $L * u", mu, types.literal(s.option("b2")), mu, types.literal(1 - s.option("b2")));
    m.assign("$T.signum(interpolated)", Math.class);
  }
}
