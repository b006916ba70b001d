package org.optspec.processor.emit;

import com.palantir.javapoet.MethodSpec;
import org.optspec.processor.ir.Param;

/** torch's decoupled weight decay (AdamW, Adafactor, NAdam/RAdam's decoupled_weight_decay): p *= 1 - lr · weight_decay. */
final class DecayWeightsTorchEmitter implements TransformEmitter {

  @Override
  public String name() {
    return "decay_weights_torch";
  }

  @Override
  public void prelude(TransformSite s, MethodSpec.Builder m) {
    m.addStatement("$T decay = $L", s.types().elem(), s.types().castExpr("1 - lr * " + s.constant("weight_decay")));
  }

  @Override
  public void element(TransformSite s, Param param, LoopBody m) {
    m.stmt("params[i] *= decay");
  }
}
