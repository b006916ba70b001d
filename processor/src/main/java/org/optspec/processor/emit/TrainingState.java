package org.optspec.processor.emit;

import java.util.ArrayList;
import java.util.List;
import org.optspec.processor.ir.Clip;
import org.optspec.processor.ir.TrainingProgram;

/**
 * The training state outside the flat arrays of the plan that a checkpoint must carry for a resumed run to continue
 * bit for bit: the transforms' scalar state ({@link TransformEmitter#scalars}: NAdam's product of μ, ASGD's η and μ), adaptive clipping's running norm and
 * gradient accumulation's pending micro-batches (their count and the {@code gradientSum} array), early stopping's best
 * epoch and loss (its copies of the best parameters are {@link CheckpointEmitter}'s).
 */
final class TrainingState {

  private TrainingState() {}

  /**
   * A scalar field and its type: {@code double} fields are stored by their exact bits, the others as integers,
   * which {@code load} refuses outside {@code [0, max]} ({@code max} a Java expression over the constants and
   * {@code savedEpoch}).
   */
  record Scalar(String field, String type, String max) {
    Scalar(String field, String type) {
      this(field, type, type.equals("long") ? "Long.MAX_VALUE" : "Integer.MAX_VALUE");
    }
  }

  static List<Scalar> scalars(EmitContext ctx) {
    TrainingProgram program = ctx.program();
    List<Scalar> scalars = new ArrayList<>();
    for (String field : new ChainEmitter(ctx).scalarFields()) {
      scalars.add(new Scalar(field, "double"));
    }
    if (program.clip().filter(Clip.Adaptive.class::isInstance).isPresent()) {
      scalars.add(new Scalar("clipNormAverage", "double"));
      scalars.add(new Scalar("clipNorms", "long"));
    }
    if (program.schedule().hasPlateau()) {
      scalars.add(new Scalar("plateauBest", "double"));
      scalars.add(new Scalar("plateauBadEpochs", "int"));
      scalars.add(new Scalar("plateauCooldown", "int"));
      scalars.add(new Scalar("plateauReductions", "int"));
    }
    if (program.accumulate() > 1) {
      scalars.add(new Scalar("microBatches", "int", "ACCUMULATE - 1"));
    }
    if (program.earlyStopping().isPresent()) {
      scalars.add(new Scalar("bestLoss", "double"));
      scalars.add(new Scalar("bestEpoch", "int", "savedEpoch"));
    }
    return scalars;
  }

  /** Arrays in the layout of the parameters beyond the optimizer's slots. */
  static List<String> arrays(TrainingProgram program) {
    return program.accumulate() > 1 ? List.of("gradientSum") : List.of();
  }
}
