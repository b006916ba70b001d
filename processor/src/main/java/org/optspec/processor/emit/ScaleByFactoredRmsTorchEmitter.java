package org.optspec.processor.emit;

import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import java.util.List;
import org.optspec.processor.plan.MemoryPlan;

/**
 * torch.optim.Adafactor's second moment per tensor: u² reduced over the rows and the columns of a matrix into the row
 * factor R and the column factor C (lerp with c = t^beta2_decay), or V = lerp(V, u², c) for a vector; then
 * u = u / √max(R·Cᵀ / max(mean(R), eps1), eps1²) (or / √max(V, eps1²)). Its compact state and helpers are
 * {@link FactoredRms}'s.
 */
final class ScaleByFactoredRmsTorchEmitter implements TransformEmitter {

  @Override
  public String name() {
    return "scale_by_factored_rms_torch";
  }

  @Override
  public Scope scope() {
    return Scope.TENSOR;
  }

  @Override
  public void fields(EmitContext ctx, TypeSpec.Builder type) {
    FactoredRms.fields(ctx, type);
  }

  @Override
  public void helpers(EmitContext ctx, TypeSpec.Builder type) {
    FactoredRms.helpers(ctx, type);
  }

  @Override
  public List<StateTensor> stateTensors(EmitContext ctx) {
    return FactoredRms.stateTensors(ctx);
  }

  @Override
  public String tensorNote(EmitContext ctx, MemoryPlan.Tensor tensor) {
    return " " + FactoredRms.shape(ctx, tensor.name());
  }

  @Override
  public void prelude(TransformSite s, MethodSpec.Builder m) {
    m.addStatement("long t = step + 1")
        .addStatement("double c = $T.pow(t, $L)", Math.class, s.constant("beta2_decay"));
  }

  @Override
  public Reduced reduce(TransformSite s, MemoryPlan.Tensor tensor, String divisor, MethodSpec.Builder m) {
    FactoredRms.Layout l = FactoredRms.layout(s.ctx(), tensor);
    if (l.factored()) {
      m.addStatement("adafactorFactored($L, $L, $L, $L, $L, c, $L)", tensor.constant(), l.shape().get(0), l.shape().get(1),
          l.rowConstant(), l.colConstant(), s.constant("eps1"));
    } else {
      m.addStatement("adafactorUnfactored($L, $L, $L, c, $L)", tensor.constant(), tensor.constant() + "_SIZE",
          l.varianceConstant(), s.constant("eps1"));
    }
    return Reduced.NOTHING;
  }
}
