package org.optspec.processor.emit;

import static org.optspec.processor.emit.RuntimeTypes.DATASET;
import static org.optspec.processor.emit.RuntimeTypes.EPOCH_SUMMARY;
import static org.optspec.processor.emit.RuntimeTypes.LISTENER;
import static org.optspec.processor.emit.RuntimeTypes.REPORT;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.lang.model.element.Modifier;
import org.optspec.processor.ir.TrainingProgram;

/** {@code fit(train, validation, listener)}: EPOCHS epochs of shuffled batches, validation and listener calls. */
final class FitLoopEmitter {

  private final EmitContext ctx;
  private final TrainingProgram program;

  FitLoopEmitter(EmitContext ctx) {
    this.ctx = ctx;
    this.program = ctx.program();
  }

  MethodSpec fit() {
    ParameterizedTypeName history = ParameterizedTypeName.get(ClassName.get(List.class), EPOCH_SUMMARY);
    MethodSpec.Builder m = MethodSpec.methodBuilder("fit").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
        .returns(REPORT)
        .addParameter(DATASET, "train").addParameter(DATASET, "validation").addParameter(LISTENER, "listener")
        .addStatement("checkShape(train)")
        .addStatement("int rows = train.rows()")
        .addStatement("int steps = (rows + BATCH - 1) / BATCH");
    if (program.needsStepsPerEpoch()) {
      m.addStatement("stepsPerEpoch = steps");
    }
    program.layers().forEach(layer -> LayerEmitters.of(layer).beforeFit(ctx, layer, m));
    EarlyStoppingEmitter stopping = new EarlyStoppingEmitter(ctx);
    stopping.before(m);
    m.addStatement("int[] order = new int[rows]")
        .beginControlFlow("for (int i = 0; i < rows; i++)")
        .addStatement("order[i] = i")
        .endControlFlow()
        .addStatement("double[] validationOut = validation == null ? null : new double[validation.rows() * OUT]")
        .addStatement("$T history = new $T<>(EPOCHS)", history, ArrayList.class)
        .addStatement("long firstStep = step")
        .addStatement("long start = $T.nanoTime()", System.class);
    // Without early stopping or pruning, every epoch runs and the report's reason is a constant.
    boolean reports = program.earlyStopping().isPresent() || program.pruning().isPresent();
    if (reports) {
      m.addStatement("int epochsRun = 0")
          .addStatement("String stoppedBecause = $S", "completed " + program.epochs() + " epochs");
    }
    m.beginControlFlow("for (int epoch = 1; epoch <= EPOCHS; epoch++)")
        .addStatement("long epochStart = $T.nanoTime()", System.class)
        .addStatement("listener.onEpochStart(epoch, steps)")
        .addStatement("rng.shuffle(order, rows)")
        .addStatement("double total = 0")
        .beginControlFlow("for (int from = 0; from < rows; from += BATCH)")
        .addStatement("int n = $T.min(BATCH, rows - from)", Math.class)
        .addStatement("double loss = step(train, order, from, n)")
        .addStatement("total += loss * n")
        .addStatement("listener.onStep(epoch, step, loss, lastLr)")
        .endControlFlow()
        .addStatement("double validationLoss = validation == null ? Double.NaN : predictInto(validation, validationOut)")
        .addStatement("$T summary = new $T(epoch, EPOCHS, step, total / rows, validationLoss, lastLr,\n"
            + "(System.nanoTime() - epochStart) / 1e9)", EPOCH_SUMMARY, EPOCH_SUMMARY)
        .addStatement("history.add(summary)")
        .addStatement("listener.onEpochEnd(summary)");
    if (reports) {
      m.addStatement("epochsRun = epoch");
    }
    stopping.atEpochEnd(m);
    m.endControlFlow();
    stopping.after(m);
    m.addStatement("double seconds = ($T.nanoTime() - start) / 1e9", System.class);
    if (program.pruning().isPresent()) {
      m.addStatement("stoppedBecause += $T.format($T.ROOT, $S, sparsity())", String.class, Locale.class,
          "; weight sparsity %.4f (measured on the pruned weights)");
    }
    if (!reports) {
      return m.addStatement("return new $T(EPOCHS, step - firstStep, (long) EPOCHS * rows, seconds, history, $S)", REPORT,
          "completed " + program.epochs() + " epochs").build();
    }
    return m.addStatement("return new $T(epochsRun, step - firstStep, (long) epochsRun * rows, seconds, history, stoppedBecause)",
            REPORT)
        .build();
  }
}
