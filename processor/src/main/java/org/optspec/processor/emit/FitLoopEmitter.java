package org.optspec.processor.emit;

import static org.optspec.processor.emit.RuntimeTypes.DATASET;
import static org.optspec.processor.emit.RuntimeTypes.EPOCH_SUMMARY;
import static org.optspec.processor.emit.RuntimeTypes.LISTENER;
import static org.optspec.processor.emit.RuntimeTypes.REPORT;
import static org.optspec.processor.emit.RuntimeTypes.STOP_REASON;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.lang.model.element.Modifier;
import org.optspec.processor.ir.TrainingProgram;

/**
 * {@code fit(train, validation, listener)}: shuffled batches, validation and listener calls for every epoch
 * after the ones already completed (none on a fresh trainer, the checkpoint's after {@code load}) up to EPOCHS.
 * The epoch counter (and early stopping's best epoch) is updated before {@code onEpochEnd}, so a listener that saves
 * there saves a resumable state; the parameters are checked for finiteness before that, after every epoch.
 * After each epoch the listener may ask to stop ({@code stopRequest()}, one call, no allocation while it says no):
 * the loop ends there and the report carries the listener's reason.
 */
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
        .addParameter(DATASET, "train").addParameter(DATASET, "validation").addParameter(LISTENER, "listener");
    new PreprocessingEmitter(ctx).beforeFit(m);
    m.addStatement("checkShape(train)")
        .addStatement("int rows = train.rows()")
        .addStatement("int steps = (rows + ROWS_PER_STEP - 1) / ROWS_PER_STEP");
    if (program.needsStepsPerEpoch()) {
      m.addStatement(program.accumulate() > 1 ? "stepsPerEpoch = (steps + ACCUMULATE - 1) / ACCUMULATE" : "stepsPerEpoch = steps");
    }
    program.layers().forEach(layer -> LayerEmitters.of(layer).beforeFit(ctx, layer, m));
    EarlyStoppingEmitter stopping = new EarlyStoppingEmitter(ctx);
    m.beginControlFlow("if (order == null)")
        .addStatement("order = new int[rows]")
        .beginControlFlow("for (int i = 0; i < rows; i++)")
        .addStatement("order[i] = i")
        .endControlFlow()
        .nextControlFlow("else if (order.length != rows)")
        .addStatement("throw new $T($S + order.length + $S + rows + $S)", IllegalStateException.class,
            "this trainer's shuffle order (from a checkpoint or an earlier fit) covers ", " rows, the training set has ",
            ": resume on the data the checkpoint was trained on")
        .endControlFlow()
        .addStatement("double[] validationOut = validation == null ? null : new double[validation.rows() * OUT]")
        .addStatement("int firstEpoch = epochsDone")
        .addStatement("$T history = new $T<>($T.max(0, EPOCHS - firstEpoch))", history, ArrayList.class, Math.class)
        .addStatement("long firstStep = step")
        .addStatement("long start = $T.nanoTime()", System.class);
    m.addStatement("String stoppedBecause = \"completed \" + EPOCHS + \" epochs\"")
        .addStatement("$T stopReason = $T.COMPLETED", STOP_REASON, STOP_REASON);
    m.beginControlFlow("while (epochsDone < EPOCHS)");
    stopping.atEpochStart(m);
    m.addStatement("int epoch = epochsDone + 1")
        .addStatement("long epochStart = $T.nanoTime()", System.class)
        .addStatement("listener.onEpochStart(epoch, steps)")
        .addStatement("rng.shuffle(order, rows)")
        .addStatement("double total = 0")
        .beginControlFlow("for (int from = 0; from < rows; from += ROWS_PER_STEP)")
        .addStatement("int n = $T.min(ROWS_PER_STEP, rows - from)", Math.class)
        .addStatement("double loss = step(train, order, from, n)")
        .addStatement("total += loss * n")
        .addStatement("listener.onStep(epoch, step, loss, lastLr)")
        .endControlFlow()
        .addStatement("double validationLoss = validation == null ? Double.NaN : predictInto(validation, validationOut)")
        .addStatement("endEpoch(epoch, total / rows, validationLoss, validation != null)")
        .addStatement("$T summary = new $T(epoch, EPOCHS, step, total / rows, validationLoss, lastLr,\n"
            + "(System.nanoTime() - epochStart) / 1e9)", EPOCH_SUMMARY, EPOCH_SUMMARY);
    m.addStatement("epochsDone = epoch")
        .addStatement("history.add(summary)")
        .addStatement("listener.onEpochEnd(summary)");
    stopping.atEpochEnd(m);
    m.addStatement("$T requested = listener.stopRequest()", STOP_REASON)
        .beginControlFlow("if (requested != null)")
        .addStatement("stopReason = requested")
        .addStatement("stoppedBecause = requested + \" after epoch \" + epoch")
        .addStatement("break")
        .endControlFlow();
    m.endControlFlow();
    stopping.after(m);
    m.addStatement("double seconds = ($T.nanoTime() - start) / 1e9", System.class)
        .addStatement("int epochs = $T.max(0, epochsDone - firstEpoch)", Math.class);
    if (program.pruning().isPresent()) {
      m.addStatement("stoppedBecause += $T.format($T.ROOT, $S, sparsity())", String.class, Locale.class,
          "; weight sparsity %.4f (measured on the pruned weights)");
    }
    // the restored epoch's figures are the ones to report (TrainingReport.finalEpoch)
    return m.addStatement("return new $T(epochs, step - firstStep, (long) epochs * rows, seconds, history, stoppedBecause, $L,"
            + " stopReason)", REPORT, program.earlyStopping().isPresent() ? "bestEpoch" : "0")
        .build();
  }

  /**
   * {@code endEpoch(epoch, trainLoss, validationLoss, validated)}: what {@code fit} does after an epoch's steps, before
   * the epoch counts (the parameters' check, the plateau schedule's metric, early stopping's best epoch), public so
   * that a data-parallel driver ends its epochs the same way.
   */
  MethodSpec endEpoch(boolean dataParallel) {
    MethodSpec.Builder m = MethodSpec.methodBuilder("endEpoch").addModifiers(Modifier.PUBLIC)
        .addJavadoc("After epoch {@code epoch}'s steps, before it counts as completed: the parameters' check$L$L.\n",
            program.schedule().hasPlateau() ? ", the plateau schedule's metric" : "",
            program.earlyStopping().isPresent() ? ", the best epoch for early stopping" : "")
        .addParameter(TypeName.INT, "epoch").addParameter(TypeName.DOUBLE, "trainLoss")
        .addParameter(TypeName.DOUBLE, "validationLoss").addParameter(TypeName.BOOLEAN, "validated");
    if (dataParallel) {
      m.addAnnotation(Override.class);
    }
    m.addStatement("checkParameters()");
    if (program.schedule().hasPlateau()) {
      m.addStatement("observePlateau(validated ? validationLoss : trainLoss)");
    }
    new EarlyStoppingEmitter(ctx).track(m);
    return m.build();
  }
}
