package org.optspec.processor.emit;

import static org.optspec.processor.emit.RuntimeTypes.PREPROCESSING;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import javax.lang.model.element.Modifier;
import org.optspec.processor.ir.DataSource;
import org.optspec.processor.ir.TrainingProgram;

/**
 * The spec's preprocessing as part of the model: the recipe {@code PREPROCESSING} (which {@code data()} hands to the
 * pipeline too), the trainer's fitted {@code preprocessing} (fitted on the training rows when {@code fit} starts, kept,
 * saved in the checkpoint) and the statements that apply it to raw rows in {@code predict} and {@code evaluate}.
 */
final class PreprocessingEmitter {

  private final TrainingProgram program;

  PreprocessingEmitter(EmitContext ctx) {
    this.program = ctx.program();
  }

  /** Whether a step changes the targets, so predictions go back to the targets' units. */
  boolean changesTargets() {
    return program.data().preprocessing().stream().anyMatch(DataSource.Preprocess::targets);
  }

  /** {@code static final Preprocessing PREPROCESSING = Preprocessing.recipe(IN, ...)...build()}. */
  void constants(TypeSpec.Builder type) {
    type.addField(FieldSpec.builder(PREPROCESSING, "PREPROCESSING", Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("The spec's preprocessing ($L), unfitted: the trainer fits it on its training rows.\n",
            program.data().origin().describe())
        .initializer(recipe())
        .build());
  }

  /** The recipe expression, for the constant. */
  CodeBlock recipe() {
    CodeBlock.Builder b = CodeBlock.builder().add("$T.recipe(IN, $L)", PREPROCESSING, program.isClassifier() ? "0" : "TARGET_COLUMNS");
    for (DataSource.Preprocess p : program.data().preprocessing()) {
      String what = p.targets() ? "Targets" : "Features";
      if (p.standardize()) {
        b.add("\n    .standardize$L()", what);
      } else {
        b.add("\n    .scale$L($L)", what, p.factor());
      }
    }
    return b.add("\n    .build()").build();
  }

  void field(TypeSpec.Builder type) {
    type.addField(FieldSpec.builder(PREPROCESSING, "preprocessing", Modifier.PRIVATE)
        .addJavadoc("The preprocessing this model applies to raw rows: PREPROCESSING until fit fits it on the training\n"
            + "rows (or load reads the checkpoint's statistics); then kept, and saved with the parameters.\n")
        .build());
  }

  void initState(MethodSpec.Builder constructor) {
    constructor.addStatement("preprocessing = PREPROCESSING");
  }

  /** The start of {@code fit}: fit the preprocessing on the training rows (once), then see both datasets through it. */
  void beforeFit(MethodSpec.Builder fit) {
    fit.addComment("The spec's preprocessing, fitted on the training rows only (or kept from an earlier fit or checkpoint);")
        .addComment("rows a data pipeline already preprocessed with it are used as they are.")
        .addStatement("preprocessing = preprocessing.fitTo(train)")
        .addStatement("train = preprocessing.prepare(train)")
        .addStatement("validation = validation == null ? null : preprocessing.prepare(validation)");
  }

  MethodSpec accessor() {
    return MethodSpec.methodBuilder("preprocessing").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
        .returns(PREPROCESSING)
        .addStatement("return preprocessing")
        .build();
  }
}
