package org.optspec.processor.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Modifier;
import org.optspec.processor.ir.EarlyStopping;
import org.optspec.processor.ir.Layer;

/**
 * {@code stop when validation_loss stalls for N epochs}, inside {@code fit}: remembers the parameters (and the
 * evaluation state, e.g. batchnorm's running statistics) of the epoch with the lowest validation loss, stops after
 * N epochs in a row without a strictly lower one, and restores the best epoch at the end. Without validation data it
 * trains every epoch and says so. The best epoch, its loss and its copies are fields that a checkpoint carries
 * ({@link CheckpointEmitter}, {@link TrainingState}), so a resumed run stops and restores exactly where an
 * uninterrupted one does, and a run resumed from the epoch it stopped after stays stopped.
 */
final class EarlyStoppingEmitter {

  /** The checkpoint's prefix for the best epoch's copies ({@code trainer.}: no weights for {@code --init-from}). */
  static final String BEST = "trainer.early_stopping.best.";

  private final EmitContext ctx;
  private final Optional<EarlyStopping> rule;

  EarlyStoppingEmitter(EmitContext ctx) {
    this.ctx = ctx;
    this.rule = ctx.program().earlyStopping();
  }

  /**
   * {@code PATIENCE}, the rule's {@code for N epochs}: the run-time setting {@code stop.patience}
   * ({@link RunTimeSettings}).
   */
  void constants(TypeSpec.Builder type) {
    if (rule.isEmpty()) {
      return;
    }
    type.addField(EmitContext.constant(TypeName.LONG, RunTimeSettings.PATIENCE, CodeBlock.of("$LL", rule.get().patience()),
        rule.get().origin().describe() + "\n<p>Epochs in a row without a lower validation loss after which fit stops."));
  }

  /** The evaluation-state fields of every layer, saved with the parameters. */
  List<String> evaluationState() {
    List<String> fields = new ArrayList<>();
    for (Layer layer : ctx.program().layers()) {
      fields.addAll(LayerEmitters.of(layer).evaluationState(layer));
    }
    return fields;
  }

  /** The field holding the best epoch's copy of an evaluation-state field. */
  static String bestField(String field) {
    return "best" + EmitContext.camel(field);
  }

  void fields(TypeSpec.Builder type) {
    if (rule.isEmpty()) {
      return;
    }
    type.addField(FieldSpec.builder(ctx.types().array(), "bestParams", Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("Early stopping: the parameters of the best epoch so far, in the layout of {@link #params}.\n")
        .initializer("new $T[PARAMETER_COUNT]", ctx.types().elem()).build());
    for (String f : evaluationState()) {
      type.addField(FieldSpec.builder(double[].class, bestField(f), Modifier.PRIVATE, Modifier.FINAL)
          .addJavadoc("Early stopping: {@link #$L} of the best epoch so far.\n", f).build());
    }
    type.addField(FieldSpec.builder(TypeName.DOUBLE, "bestLoss", Modifier.PRIVATE)
        .addJavadoc("Early stopping: the lowest validation loss so far.\n").initializer("Double.POSITIVE_INFINITY").build());
    type.addField(FieldSpec.builder(TypeName.INT, "bestEpoch", Modifier.PRIVATE)
        .addJavadoc("Early stopping: the epoch of {@link #bestLoss} (0 before the first validated epoch).\n").build());
  }

  /** The constructor's allocation of the evaluation-state copies (after the layers allocate their state). */
  void initState(MethodSpec.Builder constructor) {
    if (rule.isEmpty()) {
      return;
    }
    for (String f : evaluationState()) {
      constructor.addStatement("$L = new double[$L.length]", bestField(f), f);
    }
  }

  /** The stop condition after {@code epochsDone} completed epochs: not the best one, {@code patience} past it. */
  private String stalled() {
    return "validated && bestEpoch != epochsDone && epochsDone - bestEpoch >= " + RunTimeSettings.PATIENCE;
  }

  /**
   * {@code stopRule}, {@code restoreBestEpoch} and {@code restoredEpoch}: the rule as {@code fit} applies it, public
   * for a data-parallel driver ({@code DataParallelTrainer}'s, whose defaults say "no rule"); nothing without a rule.
   */
  void methods(TypeSpec.Builder type, boolean dataParallel) {
    if (rule.isEmpty()) {
      return;
    }
    MethodSpec.Builder stop = MethodSpec.methodBuilder("stopRule").addModifiers(Modifier.PUBLIC)
        .addJavadoc("The spec's stop rule ($L) after the epochs completed: why to stop, or null.\n",
            rule.get().origin().describe())
        .returns(RuntimeTypes.STOP_REASON).addParameter(TypeName.BOOLEAN, "validated")
        .beginControlFlow("if ($L)", stalled())
        .addStatement("return $T.earlyStopped($S, \"stalled for \" + $L + \" epochs\")", RuntimeTypes.STOP_REASON,
            "validation_loss", RunTimeSettings.PATIENCE)
        .endControlFlow()
        .addStatement("return null");
    MethodSpec.Builder restore = MethodSpec.methodBuilder("restoreBestEpoch").addModifiers(Modifier.PUBLIC)
        .addJavadoc("Puts the best epoch's parameters and evaluation state back; returns the report's note.\n")
        .returns(String.class).addParameter(TypeName.BOOLEAN, "validated")
        .beginControlFlow("if (bestEpoch > 0)")
        .addStatement("$T.arraycopy(bestParams, 0, params, 0, PARAMETER_COUNT)", System.class);
    for (String f : evaluationState()) {
      restore.addStatement("$T.arraycopy($L, 0, $L, 0, $L.length)", System.class, bestField(f), f, f);
    }
    restore.addStatement("return $T.format($T.ROOT, $S, bestEpoch, bestLoss)", String.class, java.util.Locale.class,
            "; restored the best epoch %d (validation_loss %.6g)")
        .endControlFlow()
        .addStatement("return validated ? \"\" : $S", "; no validation data, so early stopping never ran");
    MethodSpec.Builder restored = MethodSpec.methodBuilder("restoredEpoch").addModifiers(Modifier.PUBLIC)
        .addJavadoc("The epoch {@link #restoreBestEpoch} restores (0 before the first validated epoch).\n")
        .returns(TypeName.INT)
        .addStatement("return bestEpoch");
    for (MethodSpec.Builder m : List.of(stop, restore, restored)) {
      if (dataParallel) {
        m.addAnnotation(Override.class);
      }
      type.addMethod(m.build());
    }
  }

  /** At the top of each epoch: a trainer loaded from the checkpoint of the epoch that stalled stops again. */
  void atEpochStart(MethodSpec.Builder m) {
    if (rule.isEmpty()) {
      return;
    }
    m.addStatement("$T stalled = stopRule(validation != null)", RuntimeTypes.STOP_REASON)
        .beginControlFlow("if (stalled != null)")
        .addComment("only after a resume: an uninterrupted run stopped at the end of that epoch")
        .addStatement("stoppedBecause = stalled.ruleStoppedAfter(epochsDone)")
        .addStatement("stopReason = stalled")
        .addStatement("break")
        .endControlFlow();
  }

  /**
   * In {@code endEpoch}, before the epoch counts as done (and a listener saves it): a strictly lower validation loss
   * makes this epoch the best, so the checkpoint of an epoch holds that epoch's verdict.
   */
  void track(MethodSpec.Builder m) {
    if (rule.isEmpty()) {
      return;
    }
    m.addComment("Early stopping ($L): keep the best epoch's parameters and evaluation state.", rule.get().origin().describe())
        .beginControlFlow("if (validated && validationLoss < bestLoss)")
        .addStatement("bestLoss = validationLoss")
        .addStatement("bestEpoch = epoch")
        .addStatement("$T.arraycopy(params, 0, bestParams, 0, PARAMETER_COUNT)", System.class);
    for (String f : evaluationState()) {
      m.addStatement("$T.arraycopy($L, 0, $L, 0, $L.length)", System.class, f, bestField(f), f);
    }
    m.endControlFlow();
  }

  /** After the listener saw the epoch: stop when it stalled. */
  void atEpochEnd(MethodSpec.Builder m) {
    if (rule.isEmpty()) {
      return;
    }
    m.addStatement("stalled = stopRule(validation != null)")
        .beginControlFlow("if (stalled != null)")
        .addStatement("stoppedBecause = stalled.ruleStoppedAfter(epoch)")
        .addStatement("stopReason = stalled")
        .addStatement("break")
        .endControlFlow();
  }

  void after(MethodSpec.Builder m) {
    if (rule.isEmpty()) {
      return;
    }
    m.addStatement("stoppedBecause += restoreBestEpoch(validation != null)");
  }
}
