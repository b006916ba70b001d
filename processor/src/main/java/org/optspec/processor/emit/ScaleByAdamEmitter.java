package org.optspec.processor.emit;

import com.palantir.javapoet.MethodSpec;
import java.util.List;
import org.optspec.processor.ir.Param;
import org.optspec.processor.ir.Transform;

/**
 * optax.scale_by_adam(b1, b2, eps, eps_root): m = b1·m + (1-b1)·u, v = b2·v + (1-b2)·u², u = m̂ / (√(v̂ + eps_root) + eps)
 * with the bias corrections 1 - b^t computed once per group.
 */
final class ScaleByAdamEmitter implements TransformEmitter {

  @Override
  public String name() {
    return "scale_by_adam";
  }

  @Override
  public List<Slot> slots(Transform t) {
    return List.of(new Slot("expAvg", "exp_avg", "scale_by_adam's first moment"),
        new Slot("expAvgSq", "exp_avg_sq", "scale_by_adam's second moment"));
  }

  @Override
  public void prelude(TransformSite s, MethodSpec.Builder m) {
    int i = s.transform().index();
    m.addStatement("double mCorrection$L = 1 - $T.pow($L, step + 1)", i, Math.class, s.option("b1"))
        .addStatement("double vCorrection$L = 1 - $T.pow($L, step + 1)", i, Math.class, s.option("b2"));
  }

  @Override
  public void element(TransformSite s, Param param, LoopBody m) {
    Types types = s.types();
    String mu = s.slot(0);
    String nu = s.slot(1);
    int i = s.transform().index();
    m.stmt("$L[i] = $L * u + $L * $L[i]", mu, types.literal(1 - s.option("b1")), types.literal(s.option("b1")), mu);
    m.stmt("$L[i] = $L * u * u + $L * $L[i]", nu, types.literal(1 - s.option("b2")), types.literal(s.option("b2")), nu);
    m.assign("$L", types.castExpr(mu + "[i] / mCorrection" + i + " / (Math.sqrt(" + nu + "[i] / vCorrection" + i + " + "
        + s.option("eps_root") + ") + " + s.option("eps") + ")"));
  }
}
