package org.optspec.processor.emit;

import static org.optspec.processor.emit.EmitContext.constName;
import static org.optspec.processor.emit.EmitContext.constant;
import static org.optspec.processor.emit.RuntimeTypes.VECTORS;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;
import org.optspec.processor.ir.Param;
import org.optspec.processor.ir.Regularizer;

/** {@code regularize}: the L1/L2 constants, {@code addRegularizationGradient()} and {@code regularization()}. */
final class RegularizationEmitter {

  private final EmitContext ctx;
  private final List<Regularizer> regularizers;

  RegularizationEmitter(EmitContext ctx) {
    this.ctx = ctx;
    this.regularizers = ctx.program().regularizers();
  }

  /** Whether some regularizer adds to the loss: one of strength 0 ({@code l2(0)}) has no code. */
  boolean active() {
    return regularizers.stream().anyMatch(Regularizer::adds);
  }

  void constants(TypeSpec.Builder type) {
    for (int i = 0; i < regularizers.size(); i++) {
      Regularizer r = regularizers.get(i);
      String prefix = prefix(i);
      if (r.l1() != 0) {
        type.addField(constant(TypeName.DOUBLE, prefix + "L1", CodeBlock.of("$L", r.l1()), r.origin().describe()));
      }
      if (r.l2() != 0) {
        type.addField(constant(TypeName.DOUBLE, prefix + "L2", CodeBlock.of("$L", r.l2()),
            r.l1() != 0 ? null : r.origin().describe()));
      }
    }
  }

  /** Both methods, when the spec regularizes. */
  void methods(TypeSpec.Builder type) {
    if (active()) {
      type.addMethod(addRegularizationGradient());
      type.addMethod(regularization());
    }
  }

  private MethodSpec addRegularizationGradient() {
    MethodSpec.Builder m = MethodSpec.methodBuilder("addRegularizationGradient").addModifiers(Modifier.PRIVATE)
        .addJavadoc("Adds the gradient of the regularization term: l1 · sign(w) + 2 · l2 · w.\n");
    for (int i = 0; i < regularizers.size(); i++) {
      Regularizer r = regularizers.get(i);
      if (!r.adds()) {
        continue;
      }
      String prefix = prefix(i);
      m.addComment("$L", r.origin().describe());
      List<String> terms = new ArrayList<>();
      if (r.l1() != 0) {
        terms.add(prefix + "L1 * Math.signum(params[i])");
      }
      if (r.l2() != 0) {
        terms.add("2 * " + prefix + "L2 * params[i]");
      }
      for (Param p : ctx.optimization().params()) {
        if (r.on().selects(p)) {
          String c = constName(p.name());
          if (r.l1() == 0) {
            // float32: grads[i] += (float) (2 * L2) * params[i], in float as torch computes it, a loop C2
            // vectorizes (Vectors.addScaledInFloat); float64: grads[i] += 2 * L2 * params[i] (Vectors.addScaled)
            m.addStatement("$T.$L(grads, params, $L, $L_SIZE, 2 * $LL2)", VECTORS,
                ctx.types().f32() ? "addScaledInFloat" : "addScaled", c, c, prefix);
          } else {
            m.beginControlFlow("for (int i = $L; i < $L + $L_SIZE; i++)", c, c, c)
                .addStatement("grads[i] += $L", ctx.types().castExpr(String.join(" + ", terms)))
                .endControlFlow();
          }
        }
      }
    }
    return m.build();
  }

  private MethodSpec regularization() {
    MethodSpec.Builder m = MethodSpec.methodBuilder("regularization").addModifiers(Modifier.PUBLIC)
        .addJavadoc("The regularization term the spec adds to the loss: l1 · Σ|w| + l2 · Σw².\n")
        .returns(TypeName.DOUBLE)
        .addStatement("double total = 0");
    for (int i = 0; i < regularizers.size(); i++) {
      Regularizer r = regularizers.get(i);
      if (!r.adds()) {
        continue;
      }
      String prefix = prefix(i);
      List<String> terms = new ArrayList<>();
      if (r.l1() != 0) {
        terms.add(prefix + "L1 * Math.abs(w)");
      }
      if (r.l2() != 0) {
        terms.add(prefix + "L2 * w * w");
      }
      for (Param p : ctx.optimization().params()) {
        if (r.on().selects(p)) {
          String c = constName(p.name());
          m.beginControlFlow("for (int i = $L; i < $L + $L_SIZE; i++)", c, c, c)
              .addStatement("double w = params[i]")
              .addStatement("total += $L", String.join(" + ", terms))
              .endControlFlow();
        }
      }
    }
    return m.addStatement("return total").build();
  }

  private String prefix(int i) {
    return regularizers.size() > 1 ? "REGULARIZER" + i + "_" : "";
  }
}
