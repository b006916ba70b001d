package org.optspec.processor.emit;

import java.util.List;
import org.optspec.processor.ir.Param;
import org.optspec.processor.ir.Transform;

/** optax.trace(decay=momentum, nesterov): t = u + momentum·t, then u = t, or u + momentum·t with nesterov. */
final class ScaleByMomentumEmitter implements TransformEmitter {

  @Override
  public String name() {
    return "scale_by_momentum";
  }

  @Override
  public List<Slot> slots(Transform t) {
    return List.of(new Slot("trace", "trace", "scale_by_momentum's trace"));
  }

  @Override
  public void element(TransformSite s, Param param, LoopBody m) {
    Types types = s.types();
    String trace = s.slot(0);
    m.stmt("$L[i] = u + $L * $L[i]", trace, types.literal(s.option("momentum")), trace);
    if (s.flag("nesterov")) {
      m.stmt("u += $L * $L[i]", types.literal(s.option("momentum")), trace);
    } else {
      m.assign("$L[i]", trace);
    }
  }
}
