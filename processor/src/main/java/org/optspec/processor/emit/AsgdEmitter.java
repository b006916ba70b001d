package org.optspec.processor.emit;

import static org.optspec.processor.emit.EmitContext.camel;

import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.List;
import javax.lang.model.element.Modifier;
import org.optspec.processor.ir.Optimizer;

/**
 * torch.optim.ASGD: {@code p *= 1 - λ·η}, {@code p -= η·g}, then the averaged iterate {@code ax} (state only: it never
 * changes p). η starts at the first step's lr and becomes {@code lr/(1 + λ·lr·t)^α} after step t, with the lr of the
 * step just taken, so a schedule acts on η one step late, as in torch.
 */
final class AsgdEmitter implements OptimizerEmitter {

  @Override
  public List<String> hyperParameters() {
    return List.of("lr", "lambd", "alpha", "t0", "weight_decay");
  }

  @Override
  public String slotDoc(String slot) {
    return slot.equals("ax") ? "ASGD's averaged iterate" : slot;
  }

  private static String eta(Optimizer.Group g) {
    return "eta" + camel(g.name());
  }

  private static String mu(Optimizer.Group g) {
    return "mu" + camel(g.name());
  }

  @Override
  public void fields(EmitContext ctx, HyperParameters hp, Optimizer opt, TypeSpec.Builder type) {
    for (Optimizer.Group g : opt.groups()) {
      type.addField(FieldSpec.builder(TypeName.DOUBLE, eta(g), Modifier.PRIVATE)
          .addJavadoc("ASGD's step size η for group {@code $L}; set from the lr at the first step.\n", g.name()).build());
      type.addField(FieldSpec.builder(TypeName.DOUBLE, mu(g), Modifier.PRIVATE)
          .addJavadoc("ASGD's averaging coefficient μ for group {@code $L}.\n", g.name()).initializer("1").build());
    }
  }

  @Override
  public void groupBody(EmitContext ctx, HyperParameters hp, Optimizer.Group g, String start, String end,
      MethodSpec.Builder m) {
    Types t = ctx.types();
    String lambd = hp.constant(g, "lambd");
    m.beginControlFlow("if (step == 0)")
        .addStatement("$L = lr", eta(g))
        .endControlFlow()
        .addStatement("$T shrink = $L", t.elem(), t.castExpr("1 - " + lambd + " * " + eta(g)))
        .addStatement("$T eta = $L$L", t.elem(), t.cast(), eta(g))
        .addStatement("$T mu = $L$L", t.elem(), t.cast(), mu(g))
        .addStatement("boolean averaging = $L != 1", mu(g));
    GradientPrelude.constants(ctx, hp, g, false, m);
    m.beginControlFlow("for (int i = $L; i < $L; i++)", start, end);
    GradientPrelude.inLoop(ctx, g, false, m);
    m.addStatement("params[i] *= shrink")
        .addStatement("params[i] -= eta * g")
        .addStatement("ax[i] = averaging ? ax[i] + (params[i] - ax[i]) * mu : params[i]")
        .endControlFlow()
        .addStatement("long t = step + 1")
        .addStatement("$L = lr / $T.pow(1 + $L * lr * t, $L)", eta(g), Math.class, lambd, hp.constant(g, "alpha"))
        .addStatement("$L = 1 / $T.max(1, t - $L)", mu(g), Math.class, hp.constant(g, "t0"));
  }
}
