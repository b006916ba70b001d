package org.optspec.processor.emit;

import com.palantir.javapoet.MethodSpec;
import org.optspec.processor.ir.Optimizer;
import org.optspec.processor.plan.MemoryPlan;

/**
 * optax.adaptive_grad_clip(clipping, eps) on the update: each unit (a weight row, a bias vector) bounded by
 * clipping · max(‖w‖, eps). Its helper, clipUnits, is {@link ClippingEmitter}'s (the same arithmetic as clip agc).
 */
final class ClipAdaptiveEmitter implements TransformEmitter {

  @Override
  public String name() {
    return "clip_adaptive";
  }

  /** Whether some group's chain clips its units, so the class needs ClippingEmitter's clipUnits. */
  static boolean inAnyChain(Optimizer opt) {
    return opt.groups().stream().anyMatch(g -> g.chain().stream().anyMatch(t -> t.name().equals("clip_adaptive")));
  }

  @Override
  public Scope scope() {
    return Scope.TENSOR;
  }

  @Override
  public String reductionUnit() {
    return "unit";
  }

  @Override
  public Reduced reduce(TransformSite s, MemoryPlan.Tensor tensor, String divisor, MethodSpec.Builder m) {
    int rows = ClippingEmitter.rows(s.ctx().optimization(), tensor);
    m.addStatement("clipUnits($L, $L, $L, $L, $L)", tensor.constant(), rows, tensor.length() / rows, s.option("clipping"),
        s.option("eps"));
    return Reduced.NOTHING;
  }
}
