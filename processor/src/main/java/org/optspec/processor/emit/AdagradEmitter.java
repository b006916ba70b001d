package org.optspec.processor.emit;

import com.palantir.javapoet.MethodSpec;
import java.util.List;
import org.optspec.processor.ir.Optimizer;
import org.optspec.processor.plan.MemoryPlan;

/** torch.optim.Adagrad: {@code clr = lr / (1 + (t-1)·lr_decay)}, {@code sum += g²}, {@code p -= clr·g / (sqrt(sum) + eps)}. */
final class AdagradEmitter implements OptimizerEmitter {

  @Override
  public List<String> hyperParameters() {
    return List.of("lr", "lr_decay", "initial_accumulator_value", "eps", "weight_decay");
  }

  @Override
  public String slotDoc(String slot) {
    return slot.equals("stateSum") ? "Adagrad's sum of squared gradients" : slot;
  }

  @Override
  public void initState(EmitContext ctx, HyperParameters hp, Optimizer opt, MethodSpec.Builder constructor) {
    for (Optimizer.Group g : opt.groups()) {
      if (g.option("initial_accumulator_value") != 0) {
        MemoryPlan.GroupRange r = ctx.plan().group(g.name());
        constructor.addStatement("$T.fill(stateSum, $L_START, $L_END, $L$L)", java.util.Arrays.class, r.constant(),
            r.constant(), ctx.types().cast(), hp.constant(g, "initial_accumulator_value"));
      }
    }
  }

  @Override
  public void groupBody(EmitContext ctx, HyperParameters hp, Optimizer.Group g, String start, String end,
      MethodSpec.Builder m) {
    Types t = ctx.types();
    m.addStatement("$T clr = $L", t.elem(), t.castExpr("lr / (1 + step * " + hp.constant(g, "lr_decay") + ")"))
        .addStatement("$T eps = $L$L", t.elem(), t.cast(), hp.constant(g, "eps"));
    GradientPrelude.constants(ctx, hp, g, false, m);
    m.beginControlFlow("for (int i = $L; i < $L; i++)", start, end);
    GradientPrelude.inLoop(ctx, g, false, m);
    m.addStatement("stateSum[i] += g * g")
        .addStatement("params[i] -= clr * g / ($L$T.sqrt(stateSum[i]) + eps)", t.cast(), Math.class)
        .endControlFlow();
  }
}
