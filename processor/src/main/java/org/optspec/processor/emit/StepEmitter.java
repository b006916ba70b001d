package org.optspec.processor.emit;

import static org.optspec.processor.emit.RuntimeTypes.DATASET;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import javax.lang.model.element.Modifier;
import org.optspec.processor.ir.Optimizer;
import org.optspec.processor.ir.TrainingProgram;

/**
 * One training step and its parts: {@code step(x, y, n)}, {@code computeGradients}, {@code loss}, {@code step(Dataset, ...)},
 * and the helpers {@code gather} and {@code checkShape}.
 */
final class StepEmitter {

  private final EmitContext ctx;
  private final TrainingProgram program;
  private final ArrayTypeName array;

  StepEmitter(EmitContext ctx) {
    this.ctx = ctx;
    this.program = ctx.program();
    this.array = ctx.types().array();
  }

  MethodSpec stepArrays(FaultCheckEmitter faults, ClippingEmitter clipping, AccumulationEmitter accumulation,
      PruningEmitter pruning) {
    MethodSpec.Builder m = MethodSpec.methodBuilder("step").addModifiers(Modifier.PUBLIC)
        .addJavadoc("One optimization step on {@code n <= BATCH} rows: {@code x} is n × IN, {@code y} n × TARGET_COLUMNS,\n")
        .addJavadoc("both row-major. Returns the batch's mean data loss (before regularization). Allocates nothing.\n")
        .returns(TypeName.DOUBLE)
        .addParameter(array, "x").addParameter(array, "y").addParameter(TypeName.INT, "n")
        .addStatement("double loss = computeGradients(x, y, n)");
    faults.call(m);
    accumulation.call(m);
    clipping.call(m);
    m.addStatement("update()");
    pruning.call(m);
    return m.addStatement("step++")
        .addStatement("return loss")
        .build();
  }

  MethodSpec computeGradients(RegularizationEmitter regularization) {
    MethodSpec.Builder m = MethodSpec.methodBuilder("computeGradients").addModifiers(Modifier.PUBLIC)
        .addJavadoc("Forward in training mode, the loss and its gradient, backward through every layer")
        .addJavadoc(regularization.active() ? ", and the regularization gradient.\n" : ".\n")
        .addJavadoc("Leaves the gradients in {@link #gradients} and the parameters unchanged. Returns the mean data loss.\n")
        .returns(TypeName.DOUBLE)
        .addParameter(array, "x").addParameter(array, "y").addParameter(TypeName.INT, "n")
        .beginControlFlow("if (n < 1 || n > BATCH)")
        .addStatement("throw new $T($S + n)", IllegalArgumentException.class, "rows per step must be in 1.." + program.batch() + ", got ")
        .endControlFlow();
    if (program.optimizer().kind() == Optimizer.Kind.NATURAL_GRADIENT) {
      return perSample(regularization, m);
    }
    if (DenseMseEmitter.applies(program)) {
      m.addStatement("double loss = $L(x, y, n)", DenseMseEmitter.methodName(program));
    } else {
      m.addStatement("forward(x, n, true)")
          .addStatement("double loss = dataLoss(y, n, true)")
          .addStatement("backward(x, n)");
    }
    if (regularization.active()) {
      m.addStatement("addRegularizationGradient()");
    }
    return m.addStatement("return loss").build();
  }

  /**
   * natural_gradient's computeGradients: n forward/backward passes of one row each (n times the cost of one batch pass
   * at these sizes), each gradient kept in {@code sampleGrads}; the mean of them (the batch gradient) in {@code grads}.
   * Dropout draws its masks row after row, as one batch pass does.
   */
  private MethodSpec perSample(RegularizationEmitter regularization, MethodSpec.Builder m) {
    m.addComment("natural_gradient needs every row's own gradient: one pass per row")
        .addStatement("double loss = 0")
        .beginControlFlow("for (int r = 0; r < n; r++)")
        .addStatement("$T.arraycopy(x, r * IN, sampleX, 0, IN)", System.class)
        .addStatement("$T.arraycopy(y, r * TARGET_COLUMNS, sampleY, 0, TARGET_COLUMNS)", System.class)
        .addStatement("forward(sampleX, 1, true)")
        .addStatement("loss += dataLoss(sampleY, 1, true)")
        .addStatement("backward(sampleX, 1)");
    if (regularization.active()) {
      m.addStatement("addRegularizationGradient()");
    }
    m.addStatement("$T.arraycopy(grads, 0, sampleGrads, r * PARAMETER_COUNT, PARAMETER_COUNT)", System.class)
        .endControlFlow()
        .beginControlFlow("for (int i = 0; i < PARAMETER_COUNT; i++)")
        .addStatement("double sum = 0")
        .beginControlFlow("for (int r = 0; r < n; r++)")
        .addStatement("sum += sampleGrads[r * PARAMETER_COUNT + i]")
        .endControlFlow()
        .addStatement("grads[i] = $L", ctx.types().castExpr("sum / n"))
        .endControlFlow()
        .addStatement("samples = n");
    return m.addStatement("return loss / n").build();
  }

  MethodSpec lossOnly() {
    return MethodSpec.methodBuilder("loss").addModifiers(Modifier.PUBLIC)
        .addJavadoc("The mean data loss on {@code n <= BATCH} rows in evaluation mode; changes nothing but scratch buffers.\n")
        .returns(TypeName.DOUBLE)
        .addParameter(array, "x").addParameter(array, "y").addParameter(TypeName.INT, "n")
        .beginControlFlow("if (n < 1 || n > BATCH)")
        .addStatement("throw new $T($S + n)", IllegalArgumentException.class, "rows must be in 1.." + program.batch() + ", got ")
        .endControlFlow()
        .addStatement("forward(x, n, false)")
        .addStatement("return dataLoss(y, n, false)")
        .build();
  }

  MethodSpec stepDataset() {
    MethodSpec.Builder m = MethodSpec.methodBuilder("step").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
        .returns(TypeName.DOUBLE)
        .addParameter(DATASET, "data").addParameter(int[].class, "order").addParameter(TypeName.INT, "from")
        .addParameter(TypeName.INT, "n")
        .addStatement("checkShape(data)");
    if (program.needsStepsPerEpoch()) {
      m.addStatement(program.accumulate() > 1
          ? "stepsPerEpoch = ((data.rows() + ROWS_PER_STEP - 1) / ROWS_PER_STEP + ACCUMULATE - 1) / ACCUMULATE"
          : "stepsPerEpoch = (data.rows() + ROWS_PER_STEP - 1) / ROWS_PER_STEP");
    }
    return m.addStatement("gather(data, order, from, n)")
        .addStatement("return step(xBatch, yBatch, n)")
        .build();
  }

  MethodSpec gather() {
    // float32 reads the dataset's float copy (made once) and float64 its arrays: either way each row is one
    // System.arraycopy, not a conversion per value per batch
    boolean f32 = ctx.types().f32();
    MethodSpec.Builder m = MethodSpec.methodBuilder("gather").addModifiers(Modifier.PRIVATE)
        .addJavadoc("Copies rows {@code order[from..from+n)} (rows {@code from..from+n} when order is null) into the staging buffers.\n")
        .addParameter(DATASET, "data").addParameter(int[].class, "order").addParameter(TypeName.INT, "from")
        .addParameter(TypeName.INT, "n")
        .addStatement("$T x = data.$L", array, f32 ? "xFloat()" : "x()")
        .addStatement("$T y = data.$L", array, f32 ? "yFloat()" : "y()")
        .beginControlFlow("for (int i = 0; i < n; i++)")
        .addStatement("int row = order == null ? from + i : order[from + i]")
        .addStatement("$T.arraycopy(x, row * IN, xBatch, i * IN, IN)", System.class);
    if (program.targetColumns() == 1) {
      m.addStatement("yBatch[i] = y[row]");
    } else {
      m.addStatement("$T.arraycopy(y, row * TARGET_COLUMNS, yBatch, i * TARGET_COLUMNS, TARGET_COLUMNS)", System.class);
    }
    return m.endControlFlow().build();
  }

  MethodSpec checkShape() {
    return MethodSpec.methodBuilder("checkShape").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addParameter(DATASET, "data")
        .beginControlFlow("if (data.inputs() != IN || data.outputs() != TARGET_COLUMNS)")
        .addStatement("throw new $T($S + IN + $S + TARGET_COLUMNS + $S + data)", IllegalArgumentException.class,
            "expected ", " inputs and ", " target columns, got ")
        .endControlFlow()
        .build();
  }
}
