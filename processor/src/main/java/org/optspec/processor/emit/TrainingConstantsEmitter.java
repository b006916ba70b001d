package org.optspec.processor.emit;

import static org.optspec.processor.emit.EmitContext.constant;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import org.optspec.processor.ir.TrainingProgram;

/** The first constants of the class: NAME, SEED, TRAINING_STREAM_SEED, BATCH, ROWS_PER_STEP, EPOCHS, IN, OUT, TARGET_COLUMNS. */
final class TrainingConstantsEmitter {

  /** Mixed into the seed for the stream that shuffles and draws dropout masks (the golden ratio, 2^64/φ). */
  static final String TRAINING_STREAM_SALT = "0x9E3779B97F4A7C15L";

  private final TrainingProgram program;

  TrainingConstantsEmitter(EmitContext ctx) {
    this.program = ctx.program();
  }

  void constants(TypeSpec.Builder type) {
    type.addField(constant(ClassName.get(String.class), "NAME", CodeBlock.of("$S", program.name()), "The spec's name."));
    type.addField(constant(TypeName.LONG, "SEED", CodeBlock.of("$LL", program.seed()),
        "Seeds initialization ({@code new Rng(SEED)}); shuffling and dropout draw from a second stream."));
    type.addField(constant(TypeName.LONG, "TRAINING_STREAM_SEED", CodeBlock.of("SEED ^ $L", TRAINING_STREAM_SALT),
        "Seeds the stream that shuffles the training rows and draws dropout masks."));
    type.addField(constant(TypeName.INT, "BATCH", CodeBlock.of("$L", program.batch()),
        "The most rows a step takes (the spec's batch); every buffer is sized for it."));
    type.addField(constant(TypeName.INT, RunTimeSettings.ROWS_PER_STEP, CodeBlock.of("$L", program.batch()),
        "Rows per step of fit and predict: the epoch is cut into batches of this many rows (the last may have fewer)."));
    type.addField(constant(TypeName.INT, "EPOCHS", CodeBlock.of("$L", program.epochs()), null));
    type.addField(constant(TypeName.INT, "IN", CodeBlock.of("$L", program.inputs()), "Inputs per sample."));
    type.addField(constant(TypeName.INT, "OUT", CodeBlock.of("$L", program.outputs()),
        program.isClassifier() ? "Classes." : "Regression targets per sample."));
    type.addField(constant(TypeName.INT, "TARGET_COLUMNS", CodeBlock.of("$L", program.targetColumns()),
        program.isClassifier() ? "Target columns per row: the class label." : "Target columns per row."));
  }
}
