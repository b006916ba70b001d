package org.optspec.processor.emit;

import com.palantir.javapoet.MethodSpec;
import java.util.List;
import org.optspec.processor.ir.Optimizer;
import org.optspec.processor.ir.Param;
import org.optspec.processor.ir.Transform;

/**
 * torch.optim.ASGD's move: p *= 1 - λη and u = η · u, with η per-group scalar state (the first step's lr, then
 * lr / (1 + λ·lr·t)^α after each step).
 */
final class ScaleByAsgdTorchEmitter implements TransformEmitter {

  /** The scalar state: the step size η. */
  private static final String ETA = "eta";

  @Override
  public String name() {
    return "scale_by_asgd_torch";
  }

  @Override
  public List<Scalar> scalars(Optimizer.Group g, Transform t) {
    return List.of(new Scalar(TransformSite.groupField(ETA, g), "scale_by_asgd_torch's step size η for group {@code "
        + g.name() + "}; set from the lr at the first step.", null));
  }

  @Override
  public void prelude(TransformSite s, MethodSpec.Builder m) {
    Types types = s.types();
    String eta = s.groupField(ETA);
    m.beginControlFlow("if (step == 0)")
        .addStatement("$L = lr", eta)
        .endControlFlow()
        .addStatement("$T shrink = $L", types.elem(), types.castExpr("1 - " + s.constant("lambd") + " * " + eta))
        .addStatement("$T eta = $L$L", types.elem(), types.cast(), eta);
  }

  @Override
  public void element(TransformSite s, Param param, LoopBody m) {
    m.stmt("params[i] *= shrink");
    m.assign("eta * u");
  }

  @Override
  public void epilogue(TransformSite s, MethodSpec.Builder m) {
    m.addStatement("$L = lr / $T.pow(1 + $L * lr * (step + 1), $L)", s.groupField(ETA), Math.class, s.constant("lambd"),
        s.constant("alpha"));
  }
}
