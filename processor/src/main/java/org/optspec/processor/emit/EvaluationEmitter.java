package org.optspec.processor.emit;

import static org.optspec.processor.emit.RuntimeTypes.DATASET;
import static org.optspec.processor.emit.RuntimeTypes.METRICS;

import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import javax.lang.model.element.Modifier;
import org.optspec.processor.ir.Loss;
import org.optspec.processor.ir.TrainingProgram;

/** Evaluation mode over a Dataset: {@code predict}, {@code evaluate}, {@code predictInto} and (classifiers) {@code softmaxRows}. */
final class EvaluationEmitter {

  private final EmitContext ctx;
  private final TrainingProgram program;

  EvaluationEmitter(EmitContext ctx) {
    this.ctx = ctx;
    this.program = ctx.program();
  }

  MethodSpec predict() {
    MethodSpec.Builder m = MethodSpec.methodBuilder("predict").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
        .addParameter(DATASET, "data").addParameter(double[].class, "out")
        .addStatement("predictInto(preprocessing.prepare(data.withPlaceholderTargets(TARGET_COLUMNS)), out)");
    if (new PreprocessingEmitter(ctx).changesTargets()) {
      m.addComment("the targets were standardized or scaled for training: predictions in their own units")
          .addStatement("preprocessing.originalTargets(out, 0, data.rows())");
    }
    return m.build();
  }

  MethodSpec evaluate() {
    MethodSpec.Builder m = MethodSpec.methodBuilder("evaluate").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
        .returns(METRICS)
        .addParameter(DATASET, "data")
        .beginControlFlow("if (!data.hasTargets())")
        .addStatement("throw new $T($S + data)", IllegalArgumentException.class, "evaluate needs rows with targets, got ")
        .endControlFlow()
        .addStatement("$T prepared = preprocessing.prepare(data)", DATASET)
        .addStatement("double[] out = new double[data.rows() * OUT]")
        .addStatement("double loss = predictInto(prepared, out)");
    if (program.isClassifier()) {
      m.addStatement("return $T.classification(loss, out, prepared, OUT)", METRICS);
    } else if (new PreprocessingEmitter(ctx).changesTargets()) {
      m.addComment("loss as training sees it; mse, rmse, mae and r2 in the targets' own units")
          .addStatement("preprocessing.originalTargets(out, 0, data.rows())")
          .addStatement("return $T.regression(loss, out, preprocessing.originalTargets(prepared), data.rows(), OUT)", METRICS);
    } else {
      m.addStatement("return $T.regression(loss, out, prepared)", METRICS);
    }
    return m.build();
  }

  MethodSpec predictInto() {
    MethodSpec.Builder m = MethodSpec.methodBuilder("predictInto").addModifiers(Modifier.PRIVATE)
        .addJavadoc("Evaluation mode over all rows, ROWS_PER_STEP at a time: writes $L into {@code out}, returns the mean loss.\n",
            program.isClassifier() ? "class probabilities" : needsSigmoidRows() ? "probabilities" : "predictions")
        .returns(TypeName.DOUBLE)
        .addParameter(DATASET, "data").addParameter(double[].class, "out")
        .addStatement("checkShape(data)")
        .addStatement("int rows = data.rows()")
        .beginControlFlow("if (out.length < rows * OUT)")
        .addStatement("throw new $T($S + rows * OUT)", IllegalArgumentException.class, "out must hold rows × OUT values: ")
        .endControlFlow()
        .addStatement("double total = 0")
        .beginControlFlow("for (int from = 0; from < rows; from += ROWS_PER_STEP)")
        .addStatement("int n = $T.min(ROWS_PER_STEP, rows - from)", Math.class)
        .addStatement("gather(data, null, from, n)")
        .addStatement("forward(xBatch, n, false)")
        .addStatement("total += dataLoss(yBatch, n, false) * n");
    if (needsSoftmaxRows()) {
      m.addStatement("softmaxRows(n, out, from * OUT)");
    } else if (needsSigmoidRows()) {
      m.addStatement("sigmoidRows(n, out, from * OUT)");
    } else {
      m.beginControlFlow("for (int i = 0; i < n * OUT; i++)")
          .addStatement("out[from * OUT + i] = $L[i]", ctx.output(program.lastLayer()))
          .endControlFlow();
    }
    return m.endControlFlow()
        .addStatement("return rows == 0 ? Double.NaN : total / rows")
        .build();
  }

  /** Whether the class has {@link #softmaxRows}: a softmax cross-entropy classifier reports class probabilities. */
  boolean needsSoftmaxRows() {
    return program.isClassifier() && program.loss().kind() == Loss.Kind.SOFTMAX_CROSS_ENTROPY;
  }

  /** Whether the class has {@link #sigmoidRows}: binary cross-entropy predicts probabilities from its logits. */
  boolean needsSigmoidRows() {
    return program.loss().kind() == Loss.Kind.BINARY_CROSS_ENTROPY;
  }

  /**
   * With {@code classes 2}, each row's one logit z gives the class probabilities {@code (1 − σ(z), σ(z))}, so class 1
   * wins exactly when σ(z) > 0.5; with {@code targets N}, the N probabilities σ(z).
   */
  MethodSpec sigmoidRows() {
    String out = ctx.output(program.lastLayer());
    MethodSpec.Builder m = MethodSpec.methodBuilder("sigmoidRows").addModifiers(Modifier.PRIVATE)
        .addParameter(TypeName.INT, "n").addParameter(double[].class, "probs").addParameter(TypeName.INT, "offset");
    if (program.loss().isBinaryClassifier(program.data())) {
      m.addJavadoc("Class probabilities (1 - p, p), p = sigmoid of each of the first {@code n} logits in {@code $L}.\n", out)
          .beginControlFlow("for (int r = 0; r < n; r++)")
          .addStatement("double p = 1 / (1 + $T.exp(-$L[r]))", Math.class, out)
          .addStatement("probs[offset + 2 * r] = 1 - p")
          .addStatement("probs[offset + 2 * r + 1] = p")
          .endControlFlow();
    } else {
      m.addJavadoc("The probability sigmoid(z) of each of the first {@code n} rows of logits in {@code $L}.\n", out)
          .beginControlFlow("for (int i = 0; i < n * OUT; i++)")
          .addStatement("probs[offset + i] = 1 / (1 + $T.exp(-$L[i]))", Math.class, out)
          .endControlFlow();
    }
    return m.build();
  }

  MethodSpec softmaxRows() {
    String out = ctx.output(program.lastLayer());
    return MethodSpec.methodBuilder("softmaxRows").addModifiers(Modifier.PRIVATE)
        .addJavadoc("Class probabilities of the first {@code n} rows of {@code $L}, written to {@code probs} at {@code offset}.\n", out)
        .addParameter(TypeName.INT, "n").addParameter(double[].class, "probs").addParameter(TypeName.INT, "offset")
        .beginControlFlow("for (int r = 0; r < n; r++)")
        .addStatement("int row = r * OUT")
        .addStatement("double max = $L[row]", out)
        .beginControlFlow("for (int j = 1; j < OUT; j++)")
        .addStatement("max = $T.max(max, $L[row + j])", Math.class, out)
        .endControlFlow()
        .addStatement("double sum = 0")
        .beginControlFlow("for (int j = 0; j < OUT; j++)")
        .addStatement("double e = $T.exp($L[row + j] - max)", Math.class, out)
        .addStatement("probs[offset + row + j] = e")
        .addStatement("sum += e")
        .endControlFlow()
        .beginControlFlow("for (int j = 0; j < OUT; j++)")
        .addStatement("probs[offset + row + j] /= sum")
        .endControlFlow()
        .endControlFlow()
        .build();
  }
}
