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
 * torch.optim.NAdam as documented (what torch 1.13 computes with {@code foreach=True}; its default path multiplies one
 * μ too many into the product, fixed in torch 2.0): {@code μ_t = β₁(1 - ½·0.96^(t·ψ))}, the product Π_t of the μ's as
 * state, then two updates from g and from m over {@code sqrt(v)/sqrt(1-β₂^t) + eps}. {@code decoupled_weight_decay}
 * multiplies p by {@code 1 - lr·wd} first, as later torch does.
 */
final class NadamEmitter implements OptimizerEmitter {

  @Override
  public List<String> hyperParameters() {
    return List.of("lr", "beta1", "beta2", "eps", "weight_decay", "momentum_decay");
  }

  @Override
  public String slotDoc(String slot) {
    return switch (slot) {
      case "expAvg" -> "NAdam's first moment, m";
      case "expAvgSq" -> "NAdam's second moment, v";
      default -> slot;
    };
  }

  private static String product(Optimizer.Group g) {
    return "muProduct" + camel(g.name());
  }

  @Override
  public void fields(EmitContext ctx, HyperParameters hp, Optimizer opt, TypeSpec.Builder type) {
    for (Optimizer.Group g : opt.groups()) {
      type.addField(FieldSpec.builder(TypeName.DOUBLE, product(g), Modifier.PRIVATE)
          .addJavadoc("NAdam's running product of μ_1..μ_t for group {@code $L} (float64, as torch keeps it).\n", g.name())
          .initializer("1").build());
    }
  }

  @Override
  public void groupBody(EmitContext ctx, HyperParameters hp, Optimizer.Group g, String start, String end,
      MethodSpec.Builder m) {
    Types t = ctx.types();
    String beta1 = hp.constant(g, "beta1");
    String beta2 = hp.constant(g, "beta2");
    String decay = hp.constant(g, "momentum_decay");
    String product = product(g);
    m.addStatement("long t = step + 1")
        .addStatement("double mu = $L * (1 - 0.5 * $T.pow(0.96, t * $L))", beta1, Math.class, decay)
        .addStatement("double muNext = $L * (1 - 0.5 * $T.pow(0.96, (t + 1) * $L))", beta1, Math.class, decay)
        .addStatement("$L *= mu", product)
        .addStatement("double muProductNext = $L * muNext", product)
        .addStatement("$T biasCorrection2Sqrt = $L", t.elem(), t.castExpr("Math.pow(1 - Math.pow(" + beta2 + ", t), 0.5)"))
        .addStatement("$T gradStep = $L", t.elem(), t.castExpr("lr * (1 - mu) / (1 - " + product + ")"))
        .addStatement("$T momentumStep = $L", t.elem(), t.castExpr("lr * muNext / (1 - muProductNext)"))
        .addStatement("$T beta1 = $L$L", t.elem(), t.cast(), beta1)
        .addStatement("$T oneMinusBeta1 = $L", t.elem(), t.castExpr("1 - " + beta1))
        .addStatement("$T beta2 = $L$L", t.elem(), t.cast(), beta2)
        .addStatement("$T oneMinusBeta2 = $L", t.elem(), t.castExpr("1 - " + beta2))
        .addStatement("$T eps = $L$L", t.elem(), t.cast(), hp.constant(g, "eps"));
    boolean decoupled = g.flag("decoupled_weight_decay");
    GradientPrelude.constants(ctx, hp, g, decoupled, m);
    m.beginControlFlow("for (int i = $L; i < $L; i++)", start, end);
    GradientPrelude.inLoop(ctx, g, decoupled, m);
    m.addStatement("expAvg[i] = beta1 * expAvg[i] + oneMinusBeta1 * g")
        .addStatement("expAvgSq[i] = beta2 * expAvgSq[i] + oneMinusBeta2 * g * g")
        .addStatement("$T denom = $L$T.sqrt(expAvgSq[i]) / biasCorrection2Sqrt + eps", t.elem(), t.cast(), Math.class)
        .addStatement("params[i] -= gradStep * g / denom")
        .addStatement("params[i] -= momentumStep * expAvg[i] / denom")
        .endControlFlow();
  }
}
