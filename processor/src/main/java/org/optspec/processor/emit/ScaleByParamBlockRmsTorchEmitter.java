package org.optspec.processor.emit;

import static org.optspec.processor.emit.EmitContext.camel;

import com.palantir.javapoet.MethodSpec;
import org.optspec.processor.plan.MemoryPlan;

/**
 * torch.optim.Adafactor's relative step: u · max(eps2, RMS(p)) · min(lr, 1/√t), RMS over the tensor's parameters
 * before the step; divided by the clipping denominator before it as torch forms it (alpha / denom).
 */
final class ScaleByParamBlockRmsTorchEmitter implements TransformEmitter {

  @Override
  public String name() {
    return "scale_by_param_block_rms_torch";
  }

  @Override
  public Scope scope() {
    return Scope.TENSOR;
  }

  @Override
  public void prelude(TransformSite s, MethodSpec.Builder m) {
    m.addStatement("double rho = $T.min(lr, 1 / $T.sqrt(step + 1))", Math.class, Math.class);
  }

  @Override
  public Reduced reduce(TransformSite s, MemoryPlan.Tensor tensor, String divisor, MethodSpec.Builder m) {
    String name = camel(tensor.name());
    m.addStatement("double alpha$L = adafactorAlpha($L, $L, rho, $L)", name, tensor.constant(), tensor.constant() + "_SIZE",
        s.constant("eps2"));
    String scale = "scale" + name;
    m.addStatement("$T $L = $L", s.types().elem(), scale,
        s.types().castExpr("alpha" + name + (divisor == null ? "" : " / " + divisor)));
    return new Reduced(scale, null);
  }
}
