package org.optspec.processor.emit;

import com.palantir.javapoet.MethodSpec;
import java.util.List;
import org.optspec.processor.ir.Param;
import org.optspec.processor.ir.Transform;

/**
 * torch.optim.SGD's momentum: the buffer b = u on the first step, then momentum · b + (1 - dampening) · u; u = b, or
 * u + momentum · b with nesterov.
 */
final class ScaleByMomentumTorchEmitter implements TransformEmitter {

  @Override
  public String name() {
    return "scale_by_momentum_torch";
  }

  @Override
  public List<Slot> slots(Transform t) {
    return List.of(new Slot("momentumBuffer", "momentum_buffer",
        "scale_by_momentum_torch's buffer, torch.optim.SGD's momentum_buffer"));
  }

  @Override
  public void prelude(TransformSite s, MethodSpec.Builder m) {
    Types types = s.types();
    m.addStatement("$T momentum = $L$L", types.elem(), types.cast(), s.constant("momentum"))
        .addStatement("$T gradientScale = $L", types.elem(), types.castExpr("1 - " + s.constant("dampening")))
        .addStatement("boolean first = step == 0");
  }

  @Override
  public void element(TransformSite s, Param param, LoopBody m) {
    String buffer = s.slot(0);
    m.stmt("$L[i] = first ? u : momentum * $L[i] + gradientScale * u", buffer, buffer);
    if (s.flag("nesterov")) {
      m.stmt("u += momentum * $L[i]", buffer);
    } else {
      m.assign("$L[i]", buffer);
    }
  }
}
