package org.optspec.processor.emit;

import com.palantir.javapoet.MethodSpec;
import java.util.List;
import org.optspec.processor.ir.Param;
import org.optspec.processor.ir.Transform;

/**
 * optax.scale_by_belief(b1, b2, eps, eps_root), AdaBelief (Zhuang et al. 2020): m = b1·m + (1-b1)·u, then the belief
 * s = b2·s + (1-b2)·(u - m)² + eps_root (the state keeps eps_root, as optax's does), and u = m̂ / (√ŝ + eps) with the
 * bias corrections 1 - b^t computed once per group.
 */
final class ScaleByBeliefEmitter implements TransformEmitter {

  @Override
  public String name() {
    return "scale_by_belief";
  }

  @Override
  public List<Slot> slots(Transform t) {
    return List.of(new Slot("expAvg", "exp_avg", "scale_by_belief's first moment, m"),
        new Slot("expAvgVar", "exp_avg_var", "scale_by_belief's second moment of u around m, s"));
  }

  @Override
  public void prelude(TransformSite s, MethodSpec.Builder m) {
    int i = s.transform().index();
    m.addStatement("double mCorrection$L = 1 - $T.pow($L, step + 1)", i, Math.class, s.option("b1"))
        .addStatement("double sCorrection$L = 1 - $T.pow($L, step + 1)", i, Math.class, s.option("b2"));
  }

  @Override
  public void element(TransformSite s, Param param, LoopBody m) {
    Types types = s.types();
    String mu = s.slot(0);
    String belief = s.slot(1);
    int i = s.transform().index();
    String error = "error" + i;
    m.stmt("$L[i] = $L * u + $L * $L[i]", mu, types.literal(1 - s.option("b1")), types.literal(s.option("b1")), mu);
    m.stmt("$T $L = u - $L[i]", types.elem(), error, mu);
    m.stmt("$L[i] = $L * ($L * $L) + $L * $L[i] + $L", belief, types.literal(1 - s.option("b2")), error, error,
        types.literal(s.option("b2")), belief, types.literal(s.option("eps_root")));
    m.assign("$L", types.castExpr(mu + "[i] / mCorrection" + i + " / (Math.sqrt(" + belief + "[i] / sCorrection" + i
        + ") + " + s.option("eps") + ")"));
  }
}
