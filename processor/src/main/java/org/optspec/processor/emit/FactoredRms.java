package org.optspec.processor.emit;

import static org.optspec.processor.emit.EmitContext.constant;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.lang.model.element.Modifier;
import org.optspec.processor.ir.ObjectiveProgram;
import org.optspec.processor.plan.MemoryPlan;

/**
 * The block transforms of Adafactor's composition (torch.optim.Adafactor, PyTorch 2.5+; docs/OPTIMIZERS.md), which
 * {@link ChainEmitter} calls per tensor: {@code scale_by_factored_rms_torch} ({@code adafactorFactored},
 * {@code adafactorUnfactored}), {@code clip_by_block_rms_torch} ({@code blockRmsDenominator}) and
 * {@code scale_by_param_block_rms_torch} ({@code adafactorAlpha}).
 *
 * <p>Its state is compact, as torch keeps it: a matrix {@code [rows, cols]} has a row factor of {@code rows} elements
 * in {@code rowVar} and a column factor of {@code cols} in {@code colVar} (torch's {@code row_var} {@code [rows, 1]}
 * and {@code col_var} {@code [1, cols]}); any other tensor has its full second moment in {@code variance} (torch's
 * {@code variance}). Each tensor's offsets are constants ({@code DENSE0_WEIGHT_ROW_VAR}). Arithmetic is in double,
 * rounded once on each store.
 */
final class FactoredRms {

  private FactoredRms() {}

  /** Where one tensor's state lives: {@code rows}/{@code cols} for a matrix, else {@code length} in variance. */
  record Layout(MemoryPlan.Tensor tensor, List<Integer> shape, int rowOffset, int colOffset, int varianceOffset) {

    boolean factored() {
      return shape.size() == 2;
    }

    String rowConstant() {
      return tensor.constant() + "_ROW_VAR";
    }

    String colConstant() {
      return tensor.constant() + "_COL_VAR";
    }

    String varianceConstant() {
      return tensor.constant() + "_VARIANCE";
    }
  }

  /** A trainer's tensor's PyTorch shape, or an objective parameter's declared shape ({@code []} for a scalar). */
  static List<Integer> shape(EmitContext ctx, String tensor) {
    if (ctx.optimization() instanceof ObjectiveProgram objective) {
      return Arrays.stream(objective.tensor(tensor).shape()).boxed().toList();
    }
    return TensorShapes.of(ctx.program(), tensor);
  }

  /** Every tensor's layout, in the parameters' order. */
  static List<Layout> layouts(EmitContext ctx) {
    List<Layout> layouts = new ArrayList<>();
    int rows = 0;
    int cols = 0;
    int variance = 0;
    for (MemoryPlan.Tensor tensor : ctx.plan().tensors()) {
      List<Integer> shape = shape(ctx, tensor.name());
      layouts.add(new Layout(tensor, shape, rows, cols, variance));
      if (shape.size() == 2) {
        rows += shape.get(0);
        cols += shape.get(1);
      } else {
        variance += tensor.length();
      }
    }
    return layouts;
  }

  static Layout layout(EmitContext ctx, MemoryPlan.Tensor tensor) {
    return layouts(ctx).stream().filter(l -> l.tensor().name().equals(tensor.name())).findFirst().orElseThrow();
  }

  /** The offset constants and the three state arrays. */
  static void fields(EmitContext ctx, TypeSpec.Builder type) {
    Types t = ctx.types();
    int rows = 0;
    int cols = 0;
    int variance = 0;
    for (Layout l : layouts(ctx)) {
      if (l.factored()) {
        type.addField(constant(TypeName.INT, l.rowConstant(), CodeBlock.of("$L", l.rowOffset()),
            l.tensor().name() + "'s row factor in rowVar, " + l.shape().get(0) + " elements"));
        type.addField(constant(TypeName.INT, l.colConstant(), CodeBlock.of("$L", l.colOffset()),
            l.tensor().name() + "'s column factor in colVar, " + l.shape().get(1) + " elements"));
        rows += l.shape().get(0);
        cols += l.shape().get(1);
      } else {
        type.addField(constant(TypeName.INT, l.varianceConstant(), CodeBlock.of("$L", l.varianceOffset()),
            l.tensor().name() + "'s second moment in variance, " + l.tensor().length() + " elements"));
        variance += l.tensor().length();
      }
    }
    type.addField(FieldSpec.builder(t.array(), "rowVar", Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("scale_by_factored_rms_torch's row factors of the matrices (torch's row_var), $L elements.\n", rows)
        .initializer("new $T[$L]", t.elem(), rows).build());
    type.addField(FieldSpec.builder(t.array(), "colVar", Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("scale_by_factored_rms_torch's column factors of the matrices (torch's col_var), $L elements.\n", cols)
        .initializer("new $T[$L]", t.elem(), cols).build());
    type.addField(FieldSpec.builder(t.array(), "variance", Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("scale_by_factored_rms_torch's second moments of the other tensors (torch's variance), $L elements.\n",
            variance)
        .initializer("new $T[$L]", t.elem(), variance).build());
  }

  /** The checkpoint tensors, named and shaped as torch's state: row_var [rows, 1], col_var [1, cols], variance. */
  static List<TransformEmitter.StateTensor> stateTensors(EmitContext ctx) {
    List<TransformEmitter.StateTensor> tensors = new ArrayList<>();
    for (Layout l : layouts(ctx)) {
      String name = l.tensor().name();
      if (l.factored()) {
        tensors.add(new TransformEmitter.StateTensor("optimizer.row_var." + name, "rowVar", l.rowConstant(),
            l.shape().get(0), List.of(l.shape().get(0), 1)));
        tensors.add(new TransformEmitter.StateTensor("optimizer.col_var." + name, "colVar", l.colConstant(),
            l.shape().get(1), List.of(1, l.shape().get(1))));
      } else {
        tensors.add(new TransformEmitter.StateTensor("optimizer.variance." + name, "variance", l.varianceConstant(),
            l.tensor().length(), List.of(l.tensor().length())));
      }
    }
    return tensors;
  }

  /** The per-tensor helpers of the three block transforms. */
  static void helpers(EmitContext ctx, TypeSpec.Builder type) {
    Types t = ctx.types();
    type.addMethod(MethodSpec.methodBuilder("adafactorLerp").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addJavadoc("torch.lerp's arithmetic: {@code s + w·(e - s)} when {@code |w| < 0.5}, else {@code e - (e - s)·(1 - w)}.\n")
        .returns(TypeName.DOUBLE)
        .addParameter(TypeName.DOUBLE, "s").addParameter(TypeName.DOUBLE, "e").addParameter(TypeName.DOUBLE, "w")
        .addStatement("return $T.abs(w) < 0.5 ? s + w * (e - s) : e - (e - s) * (1 - w)", Math.class)
        .build());
    type.addMethod(MethodSpec.methodBuilder("adafactorAlpha").addModifiers(Modifier.PRIVATE)
        .addJavadoc("scale_by_param_block_rms_torch for one tensor, before the step: {@code max(eps2, RMS(p)) · rho}.\n")
        .returns(TypeName.DOUBLE)
        .addParameter(TypeName.INT, "offset").addParameter(TypeName.INT, "length")
        .addParameter(TypeName.DOUBLE, "rho").addParameter(TypeName.DOUBLE, "eps2")
        .addStatement("double sum = 0")
        .beginControlFlow("for (int i = offset; i < offset + length; i++)")
        .addStatement("sum += $Lparams[i] * params[i]", t.widen())
        .endControlFlow()
        .addStatement("return $T.max(eps2, $T.sqrt(sum) / $T.sqrt(length)) * rho", Math.class, Math.class, Math.class)
        .build());
    type.addMethod(MethodSpec.methodBuilder("adafactorFactored").addModifiers(Modifier.PRIVATE)
        .addJavadoc("scale_by_factored_rms_torch on a matrix {@code [rows, cols]} at {@code offset} whose update is in\n"
            + "{@code grads}: the row and column factors at {@code row} and {@code col}, then u / √max(V, eps1²) in place.\n")
        .addParameter(TypeName.INT, "offset").addParameter(TypeName.INT, "rows").addParameter(TypeName.INT, "cols")
        .addParameter(TypeName.INT, "row").addParameter(TypeName.INT, "col")
        .addParameter(TypeName.DOUBLE, "c").addParameter(TypeName.DOUBLE, "eps1")
        .beginControlFlow("for (int r = 0; r < rows; r++)")
        .addStatement("double sum = 0")
        .beginControlFlow("for (int j = 0; j < cols; j++)")
        .addStatement("double u = grads[offset + r * cols + j]")
        .addStatement("sum += u * u")
        .endControlFlow()
        .addStatement("rowVar[row + r] = $L", t.castExpr("adafactorLerp(rowVar[row + r], sum / cols, c)"))
        .endControlFlow()
        .beginControlFlow("for (int j = 0; j < cols; j++)")
        .addStatement("double sum = 0")
        .beginControlFlow("for (int r = 0; r < rows; r++)")
        .addStatement("double u = grads[offset + r * cols + j]")
        .addStatement("sum += u * u")
        .endControlFlow()
        .addStatement("colVar[col + j] = $L", t.castExpr("adafactorLerp(colVar[col + j], sum / rows, c)"))
        .endControlFlow()
        .addStatement("double rowSum = 0")
        .beginControlFlow("for (int r = 0; r < rows; r++)")
        .addStatement("rowSum += rowVar[row + r]")
        .endControlFlow()
        .addStatement("double rowMean = $T.max(rowSum / rows, eps1)", Math.class)
        .addStatement("double floor = eps1 * eps1")
        .beginControlFlow("for (int r = 0; r < rows; r++)")
        .beginControlFlow("for (int j = 0; j < cols; j++)")
        .addStatement("int i = offset + r * cols + j")
        .addStatement("double v = $LrowVar[row + r] * colVar[col + j] / rowMean", t.widen())
        .addStatement("grads[i] = $L", t.castExpr("1 / Math.sqrt(Math.max(v, floor)) * grads[i]"))
        .endControlFlow()
        .endControlFlow()
        .build());
    type.addMethod(MethodSpec.methodBuilder("adafactorUnfactored").addModifiers(Modifier.PRIVATE)
        .addJavadoc("scale_by_factored_rms_torch on a tensor of {@code length} at {@code offset} that is not a matrix:\n"
            + "the full second moment at {@code at} in {@code variance}, then u / √max(V, eps1²) in place.\n")
        .addParameter(TypeName.INT, "offset").addParameter(TypeName.INT, "length").addParameter(TypeName.INT, "at")
        .addParameter(TypeName.DOUBLE, "c").addParameter(TypeName.DOUBLE, "eps1")
        .addStatement("double floor = eps1 * eps1")
        .beginControlFlow("for (int k = 0; k < length; k++)")
        .addStatement("double u = grads[offset + k]")
        .addStatement("variance[at + k] = $L", t.castExpr("adafactorLerp(variance[at + k], u * u, c)"))
        .addStatement("grads[offset + k] = $L", t.castExpr("1 / Math.sqrt(Math.max(variance[at + k], floor)) * u"))
        .endControlFlow()
        .build());
    type.addMethod(MethodSpec.methodBuilder("blockRmsDenominator").addModifiers(Modifier.PRIVATE)
        .addJavadoc("clip_by_block_rms_torch for one tensor whose update is in {@code grads}: {@code max(1, RMS(u) / d)}.\n")
        .returns(TypeName.DOUBLE)
        .addParameter(TypeName.INT, "offset").addParameter(TypeName.INT, "length").addParameter(TypeName.DOUBLE, "d")
        .addStatement("double squares = 0")
        .beginControlFlow("for (int i = offset; i < offset + length; i++)")
        .addStatement("double u = grads[i]")
        .addStatement("squares += u * u")
        .endControlFlow()
        .addStatement("return $T.max(1, $T.sqrt(squares) / ($T.sqrt(length) * d))", Math.class, Math.class, Math.class)
        .build());
  }
}
