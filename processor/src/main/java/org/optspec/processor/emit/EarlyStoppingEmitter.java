package org.optspec.processor.emit;

import com.palantir.javapoet.MethodSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.optspec.processor.ir.EarlyStopping;
import org.optspec.processor.ir.Layer;

/**
 * {@code stop when validation_loss stalls for N epochs}, inside {@code fit}: remembers the parameters (and the
 * evaluation state, e.g. batchnorm's running statistics) of the epoch with the lowest validation loss, stops after
 * N epochs in a row without a strictly lower one, and restores the best epoch at the end. Without validation data it
 * trains every epoch and says so.
 */
final class EarlyStoppingEmitter {

  private final EmitContext ctx;
  private final Optional<EarlyStopping> rule;

  EarlyStoppingEmitter(EmitContext ctx) {
    this.ctx = ctx;
    this.rule = ctx.program().earlyStopping();
  }

  /** The evaluation-state fields of every layer, saved with the parameters. */
  private List<String> evaluationState() {
    List<String> fields = new ArrayList<>();
    for (Layer layer : ctx.program().layers()) {
      fields.addAll(LayerEmitters.of(layer).evaluationState(layer));
    }
    return fields;
  }

  void before(MethodSpec.Builder m) {
    if (rule.isEmpty()) {
      return;
    }
    m.addComment("Early stopping ($L): the best epoch's parameters and evaluation state.", rule.get().origin().describe())
        .addStatement("$T bestParams = params.clone()", ctx.types().array())
        .addStatement("double bestLoss = Double.POSITIVE_INFINITY")
        .addStatement("int bestEpoch = 0");
    for (String f : evaluationState()) {
      m.addStatement("double[] best$L = $L.clone()", EmitContext.camel(f), f);
    }
  }

  void atEpochEnd(MethodSpec.Builder m) {
    if (rule.isEmpty()) {
      return;
    }
    int patience = rule.get().patience();
    m.beginControlFlow("if (validation != null)")
        .beginControlFlow("if (validationLoss < bestLoss)")
        .addStatement("bestLoss = validationLoss")
        .addStatement("bestEpoch = epoch")
        .addStatement("$T.arraycopy(params, 0, bestParams, 0, PARAMETER_COUNT)", System.class);
    for (String f : evaluationState()) {
      m.addStatement("$T.arraycopy($L, 0, best$L, 0, $L.length)", System.class, f, EmitContext.camel(f), f);
    }
    m.nextControlFlow("else if (epoch - bestEpoch >= $L)", patience)
        .addStatement("stoppedBecause = \"validation_loss stalled for $L epochs: stopped after epoch \" + epoch", patience)
        .addStatement("stopReason = $T.earlyStopped($S, $S)", RuntimeTypes.STOP_REASON, "validation_loss",
            "stalled for " + patience + " epochs")
        .addStatement("break")
        .endControlFlow()
        .endControlFlow();
  }

  void after(MethodSpec.Builder m) {
    if (rule.isEmpty()) {
      return;
    }
    m.beginControlFlow("if (bestEpoch > 0)")
        .addStatement("$T.arraycopy(bestParams, 0, params, 0, PARAMETER_COUNT)", System.class);
    for (String f : evaluationState()) {
      m.addStatement("$T.arraycopy(best$L, 0, $L, 0, $L.length)", System.class, EmitContext.camel(f), f, f);
    }
    m.addStatement("stoppedBecause += $T.format($T.ROOT, $S, bestEpoch, bestLoss)", String.class, java.util.Locale.class,
            "; restored the best epoch %d (validation_loss %.6g)")
        .nextControlFlow("else if (validation == null)")
        .addStatement("stoppedBecause += $S", "; no validation data, so early stopping never ran")
        .endControlFlow();
  }
}
