package org.optspec.processor.emit;

import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import java.util.List;
import org.optspec.processor.ir.Optimizer;

/** torch.optim.SGD (momentum, dampening, nesterov, weight_decay, maximize), one loop. */
final class SgdEmitter implements OptimizerEmitter {

  @Override
  public List<String> hyperParameters() {
    return List.of("lr", "momentum", "dampening", "weight_decay");
  }

  @Override
  public String slotDoc(String slot) {
    return slot.equals("momentumBuffer") ? "SGD's momentum buffer" : slot;
  }

  @Override
  public void groupBody(EmitContext ctx, HyperParameters hp, Optimizer.Group g, String start, String end,
      MethodSpec.Builder m) {
    TypeName elem = ctx.types().elem();
    String cast = ctx.types().cast();
    m.addStatement("$T rate = $Llr", elem, cast);
    if (g.weightDecay() != 0) {
      m.addStatement("$T weightDecay = $L$L", elem, cast, hp.constant(g, "weight_decay"));
    }
    boolean momentum = g.momentum() != 0;
    if (momentum) {
      m.addStatement("$T momentum = $L$L", elem, cast, hp.constant(g, "momentum"))
          .addStatement("$T gradientScale = $L", elem, ctx.types().castExpr("1 - " + hp.constant(g, "dampening")))
          .addStatement("boolean first = step == 0");
    }
    m.beginControlFlow("for (int i = $L; i < $L; i++)", start, end)
        .addStatement("$T g = $Lgrads[i]", elem, g.maximize() ? "-" : "");
    if (g.weightDecay() != 0) {
      m.addStatement("g += weightDecay * params[i]");
    }
    if (momentum) {
      m.addStatement("momentumBuffer[i] = first ? g : momentum * momentumBuffer[i] + gradientScale * g");
      m.addStatement(g.nesterov() ? "g += momentum * momentumBuffer[i]" : "g = momentumBuffer[i]");
    }
    m.addStatement("params[i] -= rate * g").endControlFlow();
  }
}
