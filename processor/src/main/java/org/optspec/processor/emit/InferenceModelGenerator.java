package org.optspec.processor.emit;

import static org.optspec.processor.emit.EmitContext.constant;
import static org.optspec.processor.emit.RuntimeTypes.DTYPE;
import static org.optspec.processor.emit.RuntimeTypes.GENERATED;
import static org.optspec.processor.emit.RuntimeTypes.MODEL;
import static org.optspec.processor.emit.RuntimeTypes.PREPROCESSING;
import static org.optspec.processor.emit.RuntimeTypes.SAFE_TENSORS;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;
import org.optspec.processor.GeneratedComments;
import org.optspec.processor.ir.Layer;
import org.optspec.processor.ir.TrainingProgram;
import org.optspec.processor.plan.MemoryPlan;

/**
 * Writes the inference model beside the trainer ({@code DigitsClassifierModel} for {@code DigitsClassifierTrainer}): the
 * parameters, the layers' evaluation state and the fitted preprocessing, the evaluation-mode forward pass written by
 * the same layer emitters as the trainer's (in their inference form: no dropout masks, batchnorm on its running
 * statistics), and no gradients, optimizer or data pipeline. It depends on the runtime only, not on the trainer, so
 * it can be shipped alone. Buffers are made by the constructor; predicting allocates nothing.
 */
public final class InferenceModelGenerator {

  private final TrainingProgram program;
  private final MemoryPlan plan;
  private final EmitContext ctx;
  private final ClassName self;
  private final ArrayTypeName array;
  private final TypeName elem;

  private InferenceModelGenerator(EmitContext trainerContext, String packageName) {
    this.ctx = trainerContext.forInference();
    this.program = ctx.program();
    this.plan = ctx.plan();
    this.self = modelClass(program, packageName);
    this.array = ctx.types().array();
    this.elem = ctx.types().elem();
  }

  /** The model class of a lowered, planned program, in {@code packageName}. */
  public static JavaFile generate(TrainingProgram program, MemoryPlan plan, String packageName) {
    return new InferenceModelGenerator(new EmitContext(program, plan), packageName).file();
  }

  static ClassName modelClass(TrainingProgram program, String packageName) {
    return ClassName.get(packageName, program.name() + "Model");
  }

  /** A layer's evaluation-state field and its checkpoint tensor. */
  private record State(String field, String tensor) {}

  private List<State> states() {
    List<State> states = new ArrayList<>();
    for (Layer layer : program.layers()) {
      for (String field : LayerEmitters.of(layer).evaluationState(layer)) {
        states.add(new State(field, CheckpointEmitter.evaluationTensorName(layer, field)));
      }
    }
    return states;
  }

  /** The trainer's {@code model()}: a copy of the parameters and evaluation state, and the fitted preprocessing. */
  static MethodSpec trainerModel(EmitContext ctx, String packageName) {
    InferenceModelGenerator g = new InferenceModelGenerator(ctx, packageName);
    CodeBlock state = CodeBlock.join(g.states().stream().map(s -> CodeBlock.of("$L", s.field())).toList(), ", ");
    return MethodSpec.methodBuilder("model").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
        .returns(g.self)
        .addJavadoc("An inference model of the current parameters (copied: training on does not change it) and the fitted\n"
            + "preprocessing; no optimizer state.\n")
        .beginControlFlow("if (!preprocessing.isFitted())")
        .addStatement("throw new $T($S + preprocessing.describe() + $S)", IllegalStateException.class,
            "the model's preprocessing (", ") is not fitted yet: fit the trainer, or load a checkpoint, first")
        .endControlFlow()
        .addStatement("return new $T(params.clone(), preprocessing, new double[][] {$L})", g.self, state)
        .build();
  }

  private JavaFile file() {
    TypeSpec.Builder type = TypeSpec.classBuilder(self.simpleName())
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addSuperinterface(MODEL)
        .addAnnotation(AnnotationSpec.builder(GENERATED)
            .addMember("value", "$S", TrainerGenerator.GENERATOR_NAME)
            .addMember("comments", "$S", "from " + program.sourceFile())
            .build())
        .addJavadoc("The trained {@code $L} of $L for inference: generated, do not edit.\n", program.name(),
            GeneratedComments.quote(program.sourceFile()))
        .addJavadoc("\n<p>Raw rows in (as the CSV file holds them: the spec's preprocessing is applied here), $L out.\n",
            program.isClassifier() ? "class probabilities" : "values in the targets' own units")
        .addJavadoc("Made by {@code $LTrainer.model()} or {@link #load} from a trainer checkpoint. Nothing is allocated after\n",
            program.name())
        .addJavadoc("construction; an instance is not safe to use from two threads at once: give each thread its own\n")
        .addJavadoc("{@link #copy}, which shares the parameters.\n");
    constants(type);
    fields(type);
    type.addMethod(constructor());
    type.addMethod(load());
    type.addMethod(copy());
    accessors(type);
    predictMethods(type);
    if (program.isClassifier()) {
      classifyMethods(type);
    }
    type.addMethod(run());
    forward(type);
    EvaluationEmitter evaluation = new EvaluationEmitter(ctx);
    if (evaluation.needsSoftmaxRows()) {
      type.addMethod(evaluation.softmaxRows());
    }
    if (evaluation.needsSigmoidRows()) {
      type.addMethod(evaluation.sigmoidRows());
    }
    return JavaFile.builder(self.packageName(), type.build()).skipJavaLangImports(true).build();
  }

  private void constants(TypeSpec.Builder type) {
    type.addField(constant(ClassName.get(String.class), "NAME", CodeBlock.of("$S", program.name()), "The spec's name."));
    type.addField(constant(TypeName.INT, "BATCH", CodeBlock.of("$L", program.batch()),
        "Rows per forward pass (the spec's batch); longer inputs are predicted BATCH rows at a time."));
    type.addField(constant(TypeName.INT, "IN", CodeBlock.of("$L", program.inputs()), "Raw inputs per row."));
    type.addField(constant(TypeName.INT, "OUT", CodeBlock.of("$L", program.outputs()),
        program.isClassifier() ? "Classes." : "Regression targets per row."));
    type.addField(constant(TypeName.INT, "TARGET_COLUMNS", CodeBlock.of("$L", program.targetColumns()),
        "Target columns of a training row (the spec's preprocessing recipe counts them)."));
    new ModelEmitter(ctx).constants(type);
    new LayoutEmitter(ctx).tensorConstants(type);
    new PreprocessingEmitter(ctx).constants(type);
    new CheckpointEmitter(ctx).constants(type);
  }

  private void fields(TypeSpec.Builder type) {
    type.addField(FieldSpec.builder(array, "params", Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("All parameters, flat, in the trainer's layout; shared with copies, never written.\n").build());
    type.addField(FieldSpec.builder(PREPROCESSING, "preprocessing", Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("The fitted preprocessing, applied to every raw row.\n").build());
    type.addField(FieldSpec.builder(array, "xBatch", Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("Preprocessed inputs, BATCH × IN.\n").build());
    for (MemoryPlan.Buffer b : outputBuffers()) {
      type.addField(FieldSpec.builder(array, b.field(), Modifier.PRIVATE, Modifier.FINAL)
          .addJavadoc("Output of $L, BATCH × $L.\n", b.layer().get(), b.rowWidthConstant()).build());
    }
    program.layers().forEach(layer -> LayerEmitters.of(layer).state(ctx, layer, type));
    type.addField(FieldSpec.builder(double[].class, "scores", Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("The predictions of the last BATCH rows, BATCH × OUT: $L.\n",
            program.isClassifier() ? "class probabilities" : "values in the targets' own units").build());
  }

  private List<MemoryPlan.Buffer> outputBuffers() {
    return plan.buffers().stream().filter(b -> b.kind() == MemoryPlan.Buffer.Kind.OUTPUT).toList();
  }

  private MethodSpec constructor() {
    MethodSpec.Builder m = MethodSpec.constructorBuilder()
        .addJavadoc("A model of {@code params} (kept, not copied), {@code preprocessing} (fitted) and the layers' evaluation\n"
            + "state (copied; null leaves it at its initial values, for load to fill in), in the order the trainer keeps them.\n")
        .addParameter(array, "params").addParameter(PREPROCESSING, "preprocessing").addParameter(double[][].class, "evaluationState")
        .beginControlFlow("if (params.length != PARAMETER_COUNT || !preprocessing.isFitted()\n|| (evaluationState != null && evaluationState.length != $L))",
            states().size())
        .addStatement("throw new $T($S)", IllegalArgumentException.class,
            "need PARAMETER_COUNT parameters, fitted preprocessing and the layers' evaluation state")
        .endControlFlow()
        .addStatement("this.params = params")
        .addStatement("this.preprocessing = preprocessing")
        .addStatement("xBatch = new $T[BATCH * IN]", elem);
    for (MemoryPlan.Buffer b : outputBuffers()) {
      m.addStatement("$L = new $T[BATCH * $L]", b.field(), elem, b.rowWidthConstant());
    }
    program.layers().forEach(layer -> LayerEmitters.of(layer).initState(ctx, layer, m));
    List<State> states = states();
    if (!states.isEmpty()) {
      m.beginControlFlow("if (evaluationState != null)");
      for (int i = 0; i < states.size(); i++) {
        String f = states.get(i).field();
        m.addStatement("$T.arraycopy(evaluationState[$L], 0, $L, 0, $L.length)", System.class, i, f, f);
      }
      m.endControlFlow();
    }
    return m.addStatement("scores = new double[BATCH * OUT]").build();
  }

  private MethodSpec load() {
    String dtype = ctx.types().f32() ? "F32" : "F64";
    MethodSpec.Builder m = MethodSpec.methodBuilder("load").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(self)
        .addJavadoc("Reads the parameters, evaluation state and preprocessing statistics of a trainer checkpoint\n"
            + "({@code $LTrainer.save}); ignores its optimizer state. Checks the spec's hash and every tensor's dtype, shape\n"
            + "and range, and refuses with a {@code CheckpointException} that says why.\n", program.name())
        .addParameter(Path.class, "path")
        .addStatement("$T checkpoint = $T.read(path)", SAFE_TENSORS, SAFE_TENSORS)
        .addStatement("checkpoint.requireSpec(NAME, SPEC_SHA256)");
    for (MemoryPlan.Tensor t : plan.tensors()) {
      m.addStatement("checkpoint.expect($S, $T.$L, $L)", t.name(), DTYPE, dtype, shape(t.name()));
    }
    m.addStatement("$T preprocessing = PREPROCESSING.readFrom(checkpoint, true)", PREPROCESSING)
        .addStatement("$T params = new $T[PARAMETER_COUNT]", array, elem);
    for (MemoryPlan.Tensor t : plan.tensors()) {
      m.addStatement("checkpoint.copy($S, params, $L)", t.name(), t.constant());
    }
    m.addStatement("$T model = new $T(params, preprocessing, null)", self, self);
    for (State s : states()) {
      m.addStatement("checkpoint.expect($S, $T.F64, model.$L.length)", s.tensor(), DTYPE, s.field())
          .addStatement("checkpoint.copy($S, model.$L, 0)", s.tensor(), s.field());
    }
    return m.addStatement("return model").build();
  }

  private String shape(String tensor) {
    return String.join(", ", TensorShapes.of(program, tensor).stream().map(String::valueOf).toList());
  }

  private MethodSpec copy() {
    CodeBlock state = CodeBlock.join(states().stream().map(s -> CodeBlock.of("$L", s.field())).toList(), ", ");
    return MethodSpec.methodBuilder("copy").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
        .returns(self)
        .addStatement("return new $T(params, preprocessing, new double[][] {$L})", self, state)
        .build();
  }

  private void accessors(TypeSpec.Builder type) {
    type.addMethod(accessor("name", ClassName.get(String.class), "NAME"));
    type.addMethod(accessor("inputSize", TypeName.INT, "IN"));
    type.addMethod(accessor("outputSize", TypeName.INT, "OUT"));
    type.addMethod(accessor("isClassifier", TypeName.BOOLEAN, Boolean.toString(program.isClassifier())));
    type.addMethod(accessor("preprocessing", PREPROCESSING, "preprocessing"));
  }

  private static MethodSpec accessor(String name, TypeName type, String value) {
    return MethodSpec.methodBuilder(name).addAnnotation(Override.class).addModifiers(Modifier.PUBLIC).returns(type)
        .addStatement("return $L", value)
        .build();
  }

  private void predictMethods(TypeSpec.Builder type) {
    for (TypeName in : List.of(TypeName.DOUBLE, TypeName.FLOAT)) {
      ArrayTypeName row = ArrayTypeName.of(in);
      String cast = in.equals(TypeName.FLOAT) ? "(float) " : "";
      type.addMethod(MethodSpec.methodBuilder("predict").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
          .addParameter(row, "raw").addParameter(row, "out")
          .addStatement("predict(raw, 1, out)")
          .build());
      type.addMethod(MethodSpec.methodBuilder("predict").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
          .addParameter(row, "raw").addParameter(TypeName.INT, "rows").addParameter(row, "out")
          .beginControlFlow("if (rows < 0 || raw.length < (long) rows * IN || out.length < (long) rows * OUT)")
          .addStatement("throw new $T($S + rows + $S + raw.length + $S + out.length)", IllegalArgumentException.class,
              "need rows × IN raw values and rows × OUT outputs for ", " rows, have ", " and ")
          .endControlFlow()
          .beginControlFlow("for (int from = 0; from < rows; from += BATCH)")
          .addStatement("int n = $T.min(BATCH, rows - from)", Math.class)
          .beginControlFlow("for (int i = 0; i < n; i++)")
          .addStatement("preprocessing.features(raw, (from + i) * IN, xBatch, i * IN)")
          .endControlFlow()
          .addStatement("run(n)")
          .beginControlFlow("for (int i = 0; i < n * OUT; i++)")
          .addStatement("out[from * OUT + i] = $Lscores[i]", cast)
          .endControlFlow()
          .endControlFlow()
          .build());
      type.addMethod(MethodSpec.methodBuilder("predict").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
          .addParameter(ArrayTypeName.of(row), "raw").addParameter(ArrayTypeName.of(row), "out")
          .beginControlFlow("if (out.length < raw.length)")
          .addStatement("throw new $T($S + raw.length + $S + out.length + $S)", IllegalArgumentException.class,
              "need an output row per input row: ", " rows in, ", " out")
          .endControlFlow()
          .beginControlFlow("for (int from = 0; from < raw.length; from += BATCH)")
          .addStatement("int n = $T.min(BATCH, raw.length - from)", Math.class)
          .beginControlFlow("for (int i = 0; i < n; i++)")
          .addStatement("requireLengths(raw[from + i].length, out[from + i].length, from + i)")
          .addStatement("preprocessing.features(raw[from + i], 0, xBatch, i * IN)")
          .endControlFlow()
          .addStatement("run(n)")
          .beginControlFlow("for (int i = 0; i < n; i++)")
          .beginControlFlow("for (int j = 0; j < OUT; j++)")
          .addStatement("out[from + i][j] = $Lscores[i * OUT + j]", cast)
          .endControlFlow()
          .endControlFlow()
          .endControlFlow()
          .build());
    }
    type.addMethod(MethodSpec.methodBuilder("requireLengths").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addParameter(TypeName.INT, "in").addParameter(TypeName.INT, "out").addParameter(TypeName.INT, "row")
        .beginControlFlow("if (in != IN || out < OUT)")
        .addStatement("throw new $T($S + row + $S + in + $S + out + $S)", IllegalArgumentException.class,
            "row ", " has ", " raw values and room for ", " outputs; the model takes " + program.inputs() + " and gives "
                + program.outputs())
        .endControlFlow()
        .build());
  }

  private void classifyMethods(TypeSpec.Builder type) {
    for (TypeName in : List.of(TypeName.DOUBLE, TypeName.FLOAT)) {
      ArrayTypeName row = ArrayTypeName.of(in);
      type.addMethod(MethodSpec.methodBuilder("classify").addModifiers(Modifier.PUBLIC).returns(TypeName.INT)
          .addJavadoc("The most probable class of one raw row (ties go to the lower class).\n")
          .addParameter(row, "raw")
          .beginControlFlow("if (raw.length < IN)")
          .addStatement("throw new $T($S + raw.length)", IllegalArgumentException.class,
              "need " + program.inputs() + " raw values, have ")
          .endControlFlow()
          .addStatement("preprocessing.features(raw, 0, xBatch, 0)")
          .addStatement("run(1)")
          .addStatement("return best(0)")
          .build());
      type.addMethod(MethodSpec.methodBuilder("classify").addModifiers(Modifier.PUBLIC)
          .addJavadoc("The most probable class of each raw row into {@code classes}.\n")
          .addParameter(ArrayTypeName.of(row), "raw").addParameter(int[].class, "classes")
          .beginControlFlow("if (classes.length < raw.length)")
          .addStatement("throw new $T($S + raw.length + $S + classes.length)", IllegalArgumentException.class,
              "need a class per row: ", " rows, room for ")
          .endControlFlow()
          .beginControlFlow("for (int from = 0; from < raw.length; from += BATCH)")
          .addStatement("int n = $T.min(BATCH, raw.length - from)", Math.class)
          .beginControlFlow("for (int i = 0; i < n; i++)")
          .addStatement("requireLengths(raw[from + i].length, OUT, from + i)")
          .addStatement("preprocessing.features(raw[from + i], 0, xBatch, i * IN)")
          .endControlFlow()
          .addStatement("run(n)")
          .beginControlFlow("for (int i = 0; i < n; i++)")
          .addStatement("classes[from + i] = best(i)")
          .endControlFlow()
          .endControlFlow()
          .build());
    }
    type.addMethod(MethodSpec.methodBuilder("best").addModifiers(Modifier.PRIVATE).returns(TypeName.INT)
        .addParameter(TypeName.INT, "r")
        .addStatement("int best = 0")
        .beginControlFlow("for (int c = 1; c < OUT; c++)")
        .beginControlFlow("if (scores[r * OUT + c] > scores[r * OUT + best])")
        .addStatement("best = c")
        .endControlFlow()
        .endControlFlow()
        .addStatement("return best")
        .build());
  }

  /** The forward pass over the staged rows, then the scores: probabilities, or values in the targets' units. */
  private MethodSpec run() {
    String out = ctx.output(program.lastLayer());
    EvaluationEmitter evaluation = new EvaluationEmitter(ctx);
    MethodSpec.Builder m = MethodSpec.methodBuilder("run").addModifiers(Modifier.PRIVATE)
        .addJavadoc("Evaluation mode on the first {@code n} staged rows of {@code xBatch}; the predictions into {@code scores}.\n")
        .addParameter(TypeName.INT, "n")
        .addStatement("forward(xBatch, n)");
    if (evaluation.needsSoftmaxRows()) {
      m.addStatement("softmaxRows(n, scores, 0)");
    } else if (evaluation.needsSigmoidRows()) {
      m.addStatement("sigmoidRows(n, scores, 0)");
    } else {
      m.beginControlFlow("for (int i = 0; i < n * OUT; i++)")
          .addStatement("scores[i] = $L[i]", out)
          .endControlFlow();
      if (new PreprocessingEmitter(ctx).changesTargets()) {
        m.addStatement("preprocessing.originalTargets(scores, 0, n)");
      }
    }
    return m.build();
  }

  private void forward(TypeSpec.Builder type) {
    MethodSpec.Builder m = MethodSpec.methodBuilder("forward").addModifiers(Modifier.PRIVATE)
        .addJavadoc("The model in evaluation mode, layer by layer.\n")
        .addParameter(array, "x").addParameter(TypeName.INT, "n");
    int layers = program.layers().size();
    for (int i = 0; i < layers; i++) {
      m.addStatement("$L", LayerEmitters.of(ctx.layer(i)).forwardCall(ctx, i));
    }
    type.addMethod(m.build());
    for (int i = 0; i < layers; i++) {
      type.addMethod(LayerEmitters.of(ctx.layer(i)).forward(ctx, i));
    }
  }
}
