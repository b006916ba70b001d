package org.optspec.processor.emit;

import static org.optspec.processor.emit.EmitContext.camel;

import com.palantir.javapoet.MethodSpec;
import org.optspec.processor.plan.MemoryPlan;

/**
 * torch.optim.Adafactor's update clipping, u / max(1, RMS(u) / d) with RMS over the tensor. Its denominator waits for
 * the relative step that follows ({@link ScaleByParamBlockRmsTorchEmitter}): torch forms one scalar, alpha / denom.
 */
final class ClipByBlockRmsTorchEmitter implements TransformEmitter {

  @Override
  public String name() {
    return "clip_by_block_rms_torch";
  }

  @Override
  public Scope scope() {
    return Scope.TENSOR;
  }

  @Override
  public Reduced reduce(TransformSite s, MemoryPlan.Tensor tensor, String divisor, MethodSpec.Builder m) {
    String denom = "denom" + camel(tensor.name());
    m.addStatement("double $L = blockRmsDenominator($L, $L, $L)", denom, tensor.constant(), tensor.constant() + "_SIZE",
        s.constant("d"));
    return new Reduced(null, denom);
  }
}
