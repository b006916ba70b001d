package org.optspec.processor.emit;

import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.Arrays;
import java.util.List;
import javax.lang.model.element.Modifier;
import org.optspec.processor.ir.ObjectiveProgram;
import org.optspec.processor.ir.Optimizer;
import org.optspec.processor.plan.MemoryPlan;

/**
 * torch.optim.Adafactor (PyTorch 2.5+, single-tensor path; docs/OPTIMIZERS.md), per tensor with t counted from 1:
 * {@code c = t^beta2_decay}, {@code rho = min(lr, 1/sqrt(t))}, {@code alpha = max(eps2, RMS(p)) · rho} (p before the
 * decay), {@code p *= 1 - lr·wd}; a matrix {@code [rows, cols]} keeps a row factor R and a column factor C
 * ({@code R = lerp(R, mean over columns of g², c)}, C likewise) and reads {@code V = R·Cᵀ / max(mean(R), eps1)}; a
 * vector keeps V itself ({@code V = lerp(V, g², c)}); {@code U = g / sqrt(max(V, eps1²))},
 * {@code p -= alpha / max(1, RMS(U)/d) · U}.
 *
 * <p>The slots are in the layout of the parameters, like every optimizer's: a matrix's R occupies the first
 * {@code rows} elements of its range in {@code rowVar} and C the first {@code cols} of its range in {@code colVar}; a
 * vector's V is its whole range of {@code rowVar}. RMS(U) needs the whole tensor, so the update is two passes per
 * tensor (the second recomputes U rather than storing it). Arithmetic is in double, rounded once on each store.
 */
final class AdafactorEmitter implements OptimizerEmitter {

  @Override
  public List<String> hyperParameters() {
    return List.of("lr", "beta2_decay", "eps1", "eps2", "d", "weight_decay");
  }

  @Override
  public String slotDoc(String slot) {
    return switch (slot) {
      case "rowVar" -> "Adafactor's row factor of a matrix's second moment (first rows elements of its range), "
          + "or a vector's whole second moment";
      case "colVar" -> "Adafactor's column factor of a matrix's second moment (first cols elements of its range)";
      default -> slot;
    };
  }

  @Override
  public void helpers(EmitContext ctx, Optimizer opt, TypeSpec.Builder type) {
    Types t = ctx.types();
    type.addMethod(MethodSpec.methodBuilder("adafactorLerp").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addJavadoc("torch.lerp's arithmetic: {@code s + w·(e - s)} when {@code |w| < 0.5}, else {@code e - (e - s)·(1 - w)}.\n")
        .returns(TypeName.DOUBLE)
        .addParameter(TypeName.DOUBLE, "s").addParameter(TypeName.DOUBLE, "e").addParameter(TypeName.DOUBLE, "w")
        .addStatement("return $T.abs(w) < 0.5 ? s + w * (e - s) : e - (e - s) * (1 - w)", Math.class)
        .build());
    type.addMethod(MethodSpec.methodBuilder("adafactorAlpha").addModifiers(Modifier.PRIVATE)
        .addJavadoc("Adafactor's relative step of one tensor: {@code max(eps2, RMS(p)) · rho}.\n")
        .returns(TypeName.DOUBLE)
        .addParameter(TypeName.INT, "offset").addParameter(TypeName.INT, "length")
        .addParameter(TypeName.DOUBLE, "rho").addParameter(TypeName.DOUBLE, "eps2")
        .addStatement("double sum = 0")
        .beginControlFlow("for (int i = offset; i < offset + length; i++)")
        .addStatement("sum += $Lparams[i] * params[i]", t.widen())
        .endControlFlow()
        .addStatement("return $T.max(eps2, $T.sqrt(sum) / $T.sqrt(length)) * rho", Math.class, Math.class, Math.class)
        .build());
    MethodSpec.Builder factored = MethodSpec.methodBuilder("adafactorFactored").addModifiers(Modifier.PRIVATE)
        .addJavadoc("Adafactor on a matrix {@code [rows, cols]} at {@code offset}: row and column factors.\n")
        .addParameter(TypeName.INT, "offset").addParameter(TypeName.INT, "rows").addParameter(TypeName.INT, "cols")
        .addParameter(TypeName.DOUBLE, "sign").addParameter(TypeName.DOUBLE, "c").addParameter(TypeName.DOUBLE, "alpha")
        .addParameter(TypeName.DOUBLE, "decay").addParameter(TypeName.DOUBLE, "eps1").addParameter(TypeName.DOUBLE, "d")
        .addStatement("int length = rows * cols")
        .beginControlFlow("if (decay != 1)")
        .beginControlFlow("for (int i = offset; i < offset + length; i++)")
        .addStatement("params[i] = $L", t.castExpr("params[i] * decay"))
        .endControlFlow()
        .endControlFlow()
        .beginControlFlow("for (int r = 0; r < rows; r++)")
        .addStatement("double sum = 0")
        .beginControlFlow("for (int j = 0; j < cols; j++)")
        .addStatement("double g = grads[offset + r * cols + j]")
        .addStatement("sum += g * g")
        .endControlFlow()
        .addStatement("rowVar[offset + r] = $L", t.castExpr("adafactorLerp(rowVar[offset + r], sum / cols, c)"))
        .endControlFlow()
        .beginControlFlow("for (int j = 0; j < cols; j++)")
        .addStatement("double sum = 0")
        .beginControlFlow("for (int r = 0; r < rows; r++)")
        .addStatement("double g = grads[offset + r * cols + j]")
        .addStatement("sum += g * g")
        .endControlFlow()
        .addStatement("colVar[offset + j] = $L", t.castExpr("adafactorLerp(colVar[offset + j], sum / rows, c)"))
        .endControlFlow()
        .addStatement("double rowSum = 0")
        .beginControlFlow("for (int r = 0; r < rows; r++)")
        .addStatement("rowSum += rowVar[offset + r]")
        .endControlFlow()
        .addStatement("double rowMean = $T.max(rowSum / rows, eps1)", Math.class)
        .addStatement("double floor = eps1 * eps1")
        .addStatement("double squares = 0")
        .beginControlFlow("for (int r = 0; r < rows; r++)")
        .beginControlFlow("for (int j = 0; j < cols; j++)")
        .addStatement("double v = $LrowVar[offset + r] * colVar[offset + j] / rowMean", t.widen())
        .addStatement("double u = 1 / $T.sqrt($T.max(v, floor)) * (sign * grads[offset + r * cols + j])", Math.class,
            Math.class)
        .addStatement("squares += u * u")
        .endControlFlow()
        .endControlFlow()
        .addStatement("double scale = -alpha / $T.max(1, $T.sqrt(squares) / ($T.sqrt(length) * d))", Math.class,
            Math.class, Math.class)
        .beginControlFlow("for (int r = 0; r < rows; r++)")
        .beginControlFlow("for (int j = 0; j < cols; j++)")
        .addStatement("int i = offset + r * cols + j")
        .addStatement("double v = $LrowVar[offset + r] * colVar[offset + j] / rowMean", t.widen())
        .addStatement("params[i] = $L",
            t.castExpr("params[i] + scale * (1 / Math.sqrt(Math.max(v, floor)) * (sign * grads[i]))"))
        .endControlFlow()
        .endControlFlow();
    type.addMethod(factored.build());
    MethodSpec.Builder vector = MethodSpec.methodBuilder("adafactorUnfactored").addModifiers(Modifier.PRIVATE)
        .addJavadoc("Adafactor on a vector of {@code length} at {@code offset}: the full second moment.\n")
        .addParameter(TypeName.INT, "offset").addParameter(TypeName.INT, "length")
        .addParameter(TypeName.DOUBLE, "sign").addParameter(TypeName.DOUBLE, "c").addParameter(TypeName.DOUBLE, "alpha")
        .addParameter(TypeName.DOUBLE, "decay").addParameter(TypeName.DOUBLE, "eps1").addParameter(TypeName.DOUBLE, "d")
        .addStatement("double floor = eps1 * eps1")
        .addStatement("double squares = 0")
        .beginControlFlow("for (int i = offset; i < offset + length; i++)")
        .beginControlFlow("if (decay != 1)")
        .addStatement("params[i] = $L", t.castExpr("params[i] * decay"))
        .endControlFlow()
        .addStatement("double g = sign * grads[i]")
        .addStatement("rowVar[i] = $L", t.castExpr("adafactorLerp(rowVar[i], g * g, c)"))
        .addStatement("double u = 1 / $T.sqrt($T.max(rowVar[i], floor)) * g", Math.class, Math.class)
        .addStatement("squares += u * u")
        .endControlFlow()
        .addStatement("double scale = -alpha / $T.max(1, $T.sqrt(squares) / ($T.sqrt(length) * d))", Math.class,
            Math.class, Math.class)
        .beginControlFlow("for (int i = offset; i < offset + length; i++)")
        .addStatement("params[i] = $L",
            t.castExpr("params[i] + scale * (1 / Math.sqrt(Math.max(rowVar[i], floor)) * (sign * grads[i]))"))
        .endControlFlow();
    type.addMethod(vector.build());
  }

  /** A trainer's tensor's PyTorch shape, or an objective parameter's declared shape ({@code []} for a scalar). */
  private static List<Integer> shape(EmitContext ctx, String tensor) {
    if (ctx.optimization() instanceof ObjectiveProgram objective) {
      return Arrays.stream(objective.tensor(tensor).shape()).boxed().toList();
    }
    return TensorShapes.of(ctx.program(), tensor);
  }

  @Override
  public void groupBody(EmitContext ctx, HyperParameters hp, Optimizer.Group g, String start, String end,
      MethodSpec.Builder m) {
    m.addStatement("long t = step + 1")
        .addStatement("double c = $T.pow(t, $L)", Math.class, hp.constant(g, "beta2_decay"))
        .addStatement("double rho = $T.min(lr, 1 / $T.sqrt(t))", Math.class, Math.class)
        .addStatement("double decay = $L", g.weightDecay() != 0 ? "1 - lr * " + hp.constant(g, "weight_decay") : "1");
    String sign = g.maximize() ? "-1" : "1";
    String eps1 = hp.constant(g, "eps1");
    String eps2 = hp.constant(g, "eps2");
    String d = hp.constant(g, "d");
    MemoryPlan.GroupRange range = ctx.plan().group(g.name());
    for (MemoryPlan.Tensor tensor : ctx.plan().tensors()) {
      if (tensor.offset() < range.start() || tensor.offset() >= range.end()) {
        continue;
      }
      String off = tensor.constant();
      String len = tensor.constant() + "_SIZE";
      List<Integer> shape = shape(ctx, tensor.name());
      m.addComment("$L $L", tensor.name(), shape);
      String alpha = "adafactorAlpha(" + off + ", " + len + ", rho, " + eps2 + ")";
      if (shape.size() == 2) {
        m.addStatement("adafactorFactored($L, $L, $L, $L, c, $L, decay, $L, $L)", off, shape.get(0), shape.get(1), sign,
            alpha, eps1, d);
      } else {
        m.addStatement("adafactorUnfactored($L, $L, $L, c, $L, decay, $L, $L)", off, len, sign, alpha, eps1, d);
      }
    }
  }
}
