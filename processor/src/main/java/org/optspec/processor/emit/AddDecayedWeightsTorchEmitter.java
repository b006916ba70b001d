package org.optspec.processor.emit;

import com.palantir.javapoet.MethodSpec;
import org.optspec.processor.ir.Param;

/** torch's coupled (L2) weight decay, u += weight_decay · p, before the moments (Adam, SGD, Adagrad, ...). */
final class AddDecayedWeightsTorchEmitter implements TransformEmitter {

  @Override
  public String name() {
    return "add_decayed_weights_torch";
  }

  @Override
  public void prelude(TransformSite s, MethodSpec.Builder m) {
    m.addStatement("$T weightDecay = $L$L", s.types().elem(), s.types().cast(), s.constant("weight_decay"));
  }

  @Override
  public void element(TransformSite s, Param param, LoopBody m) {
    m.stmt("u += weightDecay * params[i]");
  }
}
