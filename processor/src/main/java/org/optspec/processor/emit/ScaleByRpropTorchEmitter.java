package org.optspec.processor.emit;

import com.palantir.javapoet.MethodSpec;
import java.util.Arrays;
import java.util.List;
import org.optspec.processor.ir.Param;
import org.optspec.processor.ir.Transform;

/**
 * torch.optim.Rprop: per-element step sizes (state, initialised to lr at the first step) grown by etaplus or shrunk by
 * etaminus on a sign flip (which skips the move), u = sign(u) · step.
 */
final class ScaleByRpropTorchEmitter implements TransformEmitter {

  @Override
  public String name() {
    return "scale_by_rprop_torch";
  }

  @Override
  public List<Slot> slots(Transform t) {
    return List.of(new Slot("prev", "prev", "scale_by_rprop_torch's previous gradient (0 after a sign flip)"),
        new Slot("stepSize", "step_size", "scale_by_rprop_torch's per-element step size"));
  }

  @Override
  public void prelude(TransformSite s, MethodSpec.Builder m) {
    Types types = s.types();
    m.beginControlFlow("if (step == 0)")
        .addComment("lr is only the initial step size: a schedule has no effect afterwards, as in torch")
        .addStatement("$T.fill($L, $L, $L, $Llr)", Arrays.class, s.slot(1), s.start(), s.end(), types.cast())
        .endControlFlow()
        .addStatement("$T etaminus = $L$L", types.elem(), types.cast(), s.constant("etaminus"))
        .addStatement("$T etaplus = $L$L", types.elem(), types.cast(), s.constant("etaplus"))
        .addStatement("$T minStep = $L$L", types.elem(), types.cast(), s.constant("min_step"))
        .addStatement("$T maxStep = $L$L", types.elem(), types.cast(), s.constant("max_step"));
  }

  @Override
  public void element(TransformSite s, Param param, LoopBody m) {
    Types types = s.types();
    String prev = s.slot(0);
    String stepSize = s.slot(1);
    m.stmt("$T product = u * $L[i]", types.elem(), prev);
    m.stmt("$T factor = product > 0 ? etaplus : product < 0 ? etaminus : 1", types.elem());
    m.stmt("$L[i] = $T.min($T.max($L[i] * factor, minStep), maxStep)", stepSize, Math.class, Math.class, stepSize);
    m.begin("if (product < 0)");
    m.comment("the sign flipped: no move this step, and the next step's factor is 1");
    m.assign("0");
    m.end();
    m.stmt("$L[i] = u", prev);
    m.assign("$T.signum(u) * $L[i]", Math.class, stepSize);
  }
}
