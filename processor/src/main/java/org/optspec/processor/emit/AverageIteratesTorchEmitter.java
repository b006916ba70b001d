package org.optspec.processor.emit;

import com.palantir.javapoet.MethodSpec;
import java.util.List;
import org.optspec.processor.ir.Optimizer;
import org.optspec.processor.ir.Param;
import org.optspec.processor.ir.Transform;

/**
 * ASGD's averaged iterate ax (state only, it never changes p), following p after the move with the per-group scalar
 * μ = 1 / max(1, t - t0).
 */
final class AverageIteratesTorchEmitter implements TransformEmitter {

  /** The scalar state: the averaging coefficient μ. */
  private static final String MU = "mu";

  @Override
  public String name() {
    return "average_iterates_torch";
  }

  @Override
  public List<Slot> slots(Transform t) {
    return List.of(new Slot("ax", "ax", "average_iterates_torch's averaged iterate"));
  }

  @Override
  public List<Scalar> scalars(Optimizer.Group g, Transform t) {
    return List.of(new Scalar(TransformSite.groupField(MU, g), "average_iterates_torch's averaging coefficient μ for group "
        + "{@code " + g.name() + "}.", "1"));
  }

  @Override
  public void prelude(TransformSite s, MethodSpec.Builder m) {
    String mu = s.groupField(MU);
    m.addStatement("$T mu = $L$L", s.types().elem(), s.types().cast(), mu)
        .addStatement("boolean averaging = $L != 1", mu);
  }

  @Override
  public void element(TransformSite s, Param param, LoopBody m) {
    String ax = s.slot(0);
    m.afterUpdate("$L[i] = averaging ? $L[i] + (params[i] - $L[i]) * mu : params[i]", ax, ax, ax);
  }

  @Override
  public void epilogue(TransformSite s, MethodSpec.Builder m) {
    m.addStatement("$L = 1 / $T.max(1, step + 1 - $L)", s.groupField(MU), Math.class, s.constant("t0"));
  }
}
