package org.optspec.processor.emit;

import org.optspec.processor.ir.Param;
import org.optspec.processor.ir.Transform;

/**
 * optax.add_decayed_weights(weight_decay, mask): u += weight_decay · p on the tensors {@code on} selects (weights, biases
 * or all), so tensors it treats differently get loops of their own.
 */
final class AddDecayedWeightsEmitter implements TransformEmitter {

  @Override
  public String name() {
    return "add_decayed_weights";
  }

  @Override
  public Object variant(Transform t, Param param) {
    return decays(t, param);
  }

  @Override
  public void element(TransformSite s, Param param, LoopBody m) {
    if (decays(s.transform(), param)) {
      m.stmt("u += $L * params[i]", s.types().literal(s.option("weight_decay")));
    }
  }

  /** Whether the transform adds a decay term to {@code param}'s update. */
  private static boolean decays(Transform t, Param param) {
    String on = t.symbol("on");
    boolean selected = on.equals("all") || (on.equals("weights") == (param.role() == Param.Role.WEIGHT));
    return selected && t.option("weight_decay") != 0;
  }
}
