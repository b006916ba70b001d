package org.optspec.processor.emit;

import com.palantir.javapoet.MethodSpec;
import java.util.List;
import org.optspec.processor.ir.Param;
import org.optspec.processor.ir.Transform;

/**
 * torch.optim.Adadelta's delta: s = ρ·s + (1-ρ)·u², u = √(a + eps) / √(s + eps) · u, a = ρ·a + (1-ρ)·u², without the
 * lr, which follows as {@code scale_by_schedule} as torch multiplies it.
 */
final class ScaleByAdadeltaTorchEmitter implements TransformEmitter {

  @Override
  public String name() {
    return "scale_by_adadelta_torch";
  }

  @Override
  public List<Slot> slots(Transform t) {
    return List.of(new Slot("squareAvg", "square_avg", "scale_by_adadelta_torch's running mean of g²"),
        new Slot("accDelta", "acc_delta", "scale_by_adadelta_torch's running mean of the squared updates"));
  }

  @Override
  public void prelude(TransformSite s, MethodSpec.Builder m) {
    Types types = s.types();
    m.addStatement("$T rho = $L$L", types.elem(), types.cast(), s.constant("rho"))
        .addStatement("$T oneMinusRho = $L", types.elem(), types.castExpr("1 - " + s.constant("rho")))
        .addStatement("$T eps = $L$L", types.elem(), types.cast(), s.constant("eps"));
  }

  @Override
  public void element(TransformSite s, Param param, LoopBody m) {
    Types types = s.types();
    String sq = s.slot(0);
    String acc = s.slot(1);
    m.stmt("$L[i] = rho * $L[i] + oneMinusRho * u * u", sq, sq);
    m.assign("$L$T.sqrt($L[i] + eps) / $L$T.sqrt($L[i] + eps) * u", types.cast(), Math.class, acc, types.cast(), Math.class,
        sq);
    m.stmt("$L[i] = rho * $L[i] + oneMinusRho * u * u", acc, acc);
  }
}
