package org.optspec.processor.emit;

import com.palantir.javapoet.MethodSpec;
import org.optspec.processor.ir.Param;

/** optax.scale_by_learning_rate / scale_by_schedule: u *= the scheduled learning rate of the group. */
final class ScaleByScheduleEmitter implements TransformEmitter {

  @Override
  public String name() {
    return "scale_by_schedule";
  }

  @Override
  public void prelude(TransformSite s, MethodSpec.Builder m) {
    m.addStatement("$T rate = $Llr", s.types().elem(), s.types().cast());
  }

  @Override
  public void element(TransformSite s, Param param, LoopBody m) {
    m.times("rate");
  }
}
