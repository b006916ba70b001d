package org.optspec.processor.emit;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.lang.model.element.Modifier;
import org.optspec.processor.ir.DataSource;
import org.optspec.processor.ir.Initializer;
import org.optspec.processor.ir.Layer;
import org.optspec.processor.ir.Loss;
import org.optspec.processor.ir.LrSchedule;
import org.optspec.processor.ir.Optimizer;
import org.optspec.processor.ir.Param;
import org.optspec.processor.ir.Regularizer;
import org.optspec.processor.ir.TrainingProgram;
import org.optspec.processor.plan.MemoryPlan;
import org.optspec.processor.plan.MemoryPlanner;
import org.optspec.spec.Precision;
import org.optspec.spec.Value;

/**
 * Writes the trainer class of a lowered, planned program with JavaPoet: one small method here per
 * generated member. The output depends only on the program and the plan, so it is deterministic.
 */
public final class TrainerGenerator {

  private static final String RUNTIME = "org.optspec.runtime";
  private static final ClassName TRAINER = ClassName.get(RUNTIME, "Trainer");
  private static final ClassName DATASET = ClassName.get(RUNTIME, "Dataset");
  private static final ClassName METRICS = ClassName.get(RUNTIME, "Metrics");
  private static final ClassName LISTENER = ClassName.get(RUNTIME, "TrainingListener");
  private static final ClassName EPOCH_SUMMARY = LISTENER.nestedClass("EpochSummary");
  private static final ClassName REPORT = ClassName.get(RUNTIME, "TrainingReport");
  private static final ClassName RNG = ClassName.get(RUNTIME, "Rng");
  private static final ClassName INIT = ClassName.get(RUNTIME, "Init");
  private static final ClassName GEMM = ClassName.get(RUNTIME + ".kernels", "Gemm");
  private static final ClassName VECTORS = ClassName.get(RUNTIME + ".kernels", "Vectors");
  private static final ClassName PIPELINE = ClassName.get(RUNTIME + ".data", "DataPipeline");
  private static final ClassName HEADER = ClassName.get(RUNTIME + ".data", "Header");
  private static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");

  /** The {@code @Generated} value: the generator as the project names it, independent of its package. */
  public static final String GENERATOR_NAME = "org.optspec.processor.TrainerGenerator";

  /** Mixed into the seed for the stream that shuffles and draws dropout masks (the golden ratio, 2^64/φ). */
  static final String TRAINING_STREAM_SALT = "0x9E3779B97F4A7C15L";

  private final TrainingProgram program;
  private final MemoryPlan plan;
  private final boolean f32;
  private final TypeName elem;
  private final ArrayTypeName array;
  private final String className;

  private TrainerGenerator(TrainingProgram program, MemoryPlan plan) {
    this.program = program;
    this.plan = plan;
    this.f32 = program.precision() == Precision.FLOAT32;
    this.elem = f32 ? TypeName.FLOAT : TypeName.DOUBLE;
    this.array = ArrayTypeName.of(elem);
    this.className = new NameAllocator().newName(program.name() + "Trainer");
  }

  public static JavaFile generate(TrainingProgram program, MemoryPlan plan, String packageName) {
    return new TrainerGenerator(program, plan).file(packageName);
  }

  private JavaFile file(String packageName) {
    TypeSpec.Builder type = TypeSpec.classBuilder(className)
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addSuperinterface(TRAINER)
        .addAnnotation(AnnotationSpec.builder(GENERATED)
            .addMember("value", "$S", GENERATOR_NAME)
            .addMember("comments", "$S", "from " + program.sourceFile())
            .build())
        .addJavadoc("Trains {@code $L} as $L says: generated, do not edit.\n", program.name(), program.sourceFile())
        .addJavadoc("\n<p>Parameters live in one flat {@code $L} array laid out group by group ($L);\n", array,
            String.join(", ", plan.tensors().stream().map(MemoryPlan.Tensor::name).toList()))
        .addJavadoc("gradients and optimizer state use the same layout.\n");
    constants(type);
    fields(type);
    type.addMethod(constructor());
    type.addMethod(initParameters());
    type.addMethod(data());
    type.addMethod(stepArrays());
    type.addMethod(computeGradients());
    type.addMethod(lossOnly());
    type.addMethod(stepDataset());
    type.addMethod(fit());
    type.addMethod(predict());
    type.addMethod(evaluate());
    type.addMethod(predictInto());
    type.addMethod(forward());
    for (Layer layer : program.layers()) {
      type.addMethod(layerForward(layer));
    }
    type.addMethod(dataLoss());
    if (program.isClassifier()) {
      type.addMethod(softmaxRows());
    }
    type.addMethod(backward());
    for (int i = program.layers().size() - 1; i >= 0; i--) {
      if (needsBackward(i)) {
        type.addMethod(layerBackward(i));
      }
    }
    if (!program.regularizers().isEmpty()) {
      type.addMethod(addRegularizationGradient());
      type.addMethod(regularization());
    }
    program.clipGlobalNorm().ifPresent(c -> type.addMethod(clipGradients()));
    type.addMethod(update());
    for (Optimizer.Group g : program.optimizer().groups()) {
      type.addMethod(groupUpdate(g));
    }
    type.addMethod(learningRatePublic());
    type.addMethod(scheduled());
    if (program.schedule().needsStepsPerEpoch()) {
      type.addMethod(setStepsPerEpoch());
    }
    type.addMethod(gather());
    type.addMethod(checkShape());
    type.addMethod(accessor("name", ClassName.get(String.class), "NAME", true));
    type.addMethod(accessor("inputSize", TypeName.INT, "IN", true));
    type.addMethod(accessor("outputSize", TypeName.INT, "OUT", true));
    type.addMethod(accessor("parameterCount", TypeName.INT, "PARAMETER_COUNT", true));
    type.addMethod(accessor("stepCount", TypeName.LONG, "step", true));
    type.addMethod(widened("parameters", "params", true, "A copy of the parameters in the flat layout, widened to double."));
    type.addMethod(widened("gradients", "grads", false,
        "A copy of the gradients of the last step or {@link #computeGradients}, widened to double."));
    type.addMethod(liveParams());
    return JavaFile.builder(packageName, type.build()).skipJavaLangImports(true).build();
  }

  // ---- constants ----------------------------------------------------------------------------

  private void constants(TypeSpec.Builder type) {
    type.addField(constant(ClassName.get(String.class), "NAME", CodeBlock.of("$S", program.name()), "The spec's name."));
    type.addField(constant(TypeName.LONG, "SEED", CodeBlock.of("$LL", program.seed()),
        "Seeds initialization ({@code new Rng(SEED)}); shuffling and dropout draw from a second stream."));
    type.addField(constant(TypeName.LONG, "TRAINING_STREAM_SEED", CodeBlock.of("SEED ^ $L", TRAINING_STREAM_SALT),
        "Seeds the stream that shuffles the training rows and draws dropout masks."));
    type.addField(constant(TypeName.INT, "BATCH", CodeBlock.of("$L", program.batch()), "Rows per step; every buffer is sized for it."));
    type.addField(constant(TypeName.INT, "EPOCHS", CodeBlock.of("$L", program.epochs()), null));
    type.addField(constant(TypeName.INT, "IN", CodeBlock.of("$L", program.inputs()), "Inputs per sample."));
    type.addField(constant(TypeName.INT, "OUT", CodeBlock.of("$L", program.outputs()),
        program.isClassifier() ? "Classes." : "Regression targets per sample."));
    type.addField(constant(TypeName.INT, "TARGET_COLUMNS", CodeBlock.of("$L", program.targetColumns()),
        program.isClassifier() ? "Target columns per row: the class label." : "Target columns per row."));
    for (Layer layer : program.layers()) {
      layerConstants(type, layer);
    }
    tensorConstants(type);
    optimizerConstants(type);
    scheduleConstants(type);
    program.clipGlobalNorm().ifPresent(max -> type.addField(constant(TypeName.DOUBLE, "CLIP_MAX_NORM",
        CodeBlock.of("$L", max), program.clipOrigin().get().describe())));
    for (int i = 0; i < program.regularizers().size(); i++) {
      Regularizer r = program.regularizers().get(i);
      String prefix = regularizerPrefix(i);
      if (r.l1() != 0) {
        type.addField(constant(TypeName.DOUBLE, prefix + "L1", CodeBlock.of("$L", r.l1()), r.origin().describe()));
      }
      if (r.l2() != 0) {
        type.addField(constant(TypeName.DOUBLE, prefix + "L2", CodeBlock.of("$L", r.l2()), r.l1() != 0 ? null : r.origin().describe()));
      }
    }
  }

  private void layerConstants(TypeSpec.Builder type, Layer layer) {
    String p = constName(layer.name());
    String doc = layer.origin().describe();
    if (layer instanceof Layer.Dense d) {
      type.addField(constant(TypeName.INT, p + "_IN", CodeBlock.of("$L", d.inputSize()), doc));
      type.addField(constant(TypeName.INT, p + "_OUT", CodeBlock.of("$L", d.outputSize()), null));
    } else {
      type.addField(constant(TypeName.INT, p + "_OUT", CodeBlock.of("$L", layer.outputSize()), doc));
    }
    if (layer instanceof Layer.Dropout d) {
      type.addField(constant(TypeName.DOUBLE, p + "_P", CodeBlock.of("$L", d.p()), "Probability of dropping a unit."));
      type.addField(constant(elem, p + "_SCALE", literal(1 / (1 - d.p())), "Kept units are scaled by 1 / (1 - p)."));
    }
  }

  private void tensorConstants(TypeSpec.Builder type) {
    for (MemoryPlan.Tensor t : plan.tensors()) {
      type.addField(constant(TypeName.INT, t.constant(), CodeBlock.of("$L", t.offset()),
          "Offset of {@code " + t.name() + "} in the flat arrays."));
      type.addField(constant(TypeName.INT, t.constant() + "_SIZE", CodeBlock.of("$L", t.length()), null));
    }
    type.addField(constant(TypeName.INT, "PARAMETER_COUNT", CodeBlock.of("$L", plan.parameterCount()), null));
    for (Param p : program.params()) {
      Initializer init = p.init();
      String c = constName(p.name());
      String doc = "Initializes {@code " + p.name() + "}: " + init.explanation();
      switch (init.kind()) {
        case UNIFORM -> {
          if (init.a() == -init.b()) {
            type.addField(constant(TypeName.DOUBLE, c + "_BOUND", CodeBlock.of("$L", init.b()), doc));
          } else {
            type.addField(constant(TypeName.DOUBLE, c + "_LOW", CodeBlock.of("$L", init.a()), doc));
            type.addField(constant(TypeName.DOUBLE, c + "_HIGH", CodeBlock.of("$L", init.b()), null));
          }
        }
        case NORMAL -> {
          type.addField(constant(TypeName.DOUBLE, c + "_MEAN", CodeBlock.of("$L", init.a()), doc));
          type.addField(constant(TypeName.DOUBLE, c + "_STD", CodeBlock.of("$L", init.b()), null));
        }
        case CONSTANT -> type.addField(constant(TypeName.DOUBLE, c + "_VALUE", CodeBlock.of("$L", init.a()), doc));
      }
    }
    for (MemoryPlan.GroupRange g : plan.groups()) {
      type.addField(constant(TypeName.INT, g.constant() + "_START", CodeBlock.of("$L", g.start()),
          "Optimizer group {@code " + g.group() + "}: parameters [" + g.constant() + "_START, " + g.constant() + "_END)."));
      type.addField(constant(TypeName.INT, g.constant() + "_END", CodeBlock.of("$L", g.end()), null));
    }
  }

  private void optimizerConstants(TypeSpec.Builder type) {
    Optimizer opt = program.optimizer();
    Optimizer.Group base = opt.groups().get(0);
    String doc = opt.origin().describe();
    type.addField(constant(TypeName.DOUBLE, "LR", CodeBlock.of("$L", baseValue(opt, "lr")), doc));
    for (String h : hyperParameters()) {
      if (!h.equals("lr")) {
        type.addField(constant(TypeName.DOUBLE, constName(h), CodeBlock.of("$L", baseValue(opt, h)), null));
      }
    }
    for (Optimizer.Group g : opt.groups()) {
      for (String h : g.overridden()) {
        if (g != base || !g.name().equals("default")) {
          type.addField(constant(TypeName.DOUBLE, constName(g.name()) + "_" + constName(h),
              CodeBlock.of("$L", hyper(g, h)), g.origin().describe()));
        }
      }
    }
  }

  /** The hyper-parameters the optimizer's update reads. */
  private List<String> hyperParameters() {
    return switch (program.optimizer().kind()) {
      case SGD -> List.of("lr", "momentum", "dampening", "weight_decay");
      case ADAM, ADAMW -> List.of("lr", "beta1", "beta2", "eps", "weight_decay");
    };
  }

  /** The optimizer's own value (before any group override), taken from a group that does not override it. */
  private double baseValue(Optimizer opt, String h) {
    for (Optimizer.Group g : opt.groups()) {
      if (!g.overridden().contains(h)) {
        return hyper(g, h);
      }
    }
    return hyper(opt.groups().get(0), h);
  }

  private static double hyper(Optimizer.Group g, String h) {
    return switch (h) {
      case "lr" -> g.lr();
      case "momentum" -> g.momentum();
      case "dampening" -> g.dampening();
      case "weight_decay" -> g.weightDecay();
      case "beta1" -> g.beta1();
      case "beta2" -> g.beta2();
      case "eps" -> g.eps();
      default -> throw new IllegalArgumentException(h);
    };
  }

  /** The constant a group's update reads for {@code h}: its own when its block set it. */
  private String hyperConstant(Optimizer.Group g, String h) {
    if (g.overridden().contains(h) && !(g == program.optimizer().groups().get(0) && g.name().equals("default"))) {
      return constName(g.name()) + "_" + constName(h);
    }
    if (!g.overridden().contains(h) && hyper(g, h) != baseValue(program.optimizer(), h)) {
      throw new IllegalStateException("group " + g.name() + " has " + h + " " + hyper(g, h) + " without overriding it");
    }
    return constName(h);
  }

  private void scheduleConstants(TypeSpec.Builder type) {
    List<LrSchedule.Phase> phases = program.schedule().phases();
    for (int i = 0; i < phases.size(); i++) {
      LrSchedule.Phase phase = phases.get(i);
      String p = phasePrefix(i);
      String doc = i == 0 ? program.schedule().origin().describe() : null;
      if (phase instanceof LrSchedule.Constant c) {
        type.addField(constant(TypeName.DOUBLE, p + "_FACTOR", CodeBlock.of("$L", c.factor()), doc));
        c.length().ifPresent(d -> type.addField(durationConstant(p + "_LENGTH", d, null)));
      } else if (phase instanceof LrSchedule.LinearWarmup w) {
        type.addField(durationConstant(p + "_LENGTH", w.warmup(), doc));
        type.addField(constant(TypeName.DOUBLE, p + "_START_FACTOR", CodeBlock.of("$L", w.startFactor()), null));
      } else if (phase instanceof LrSchedule.Cosine c) {
        type.addField(durationConstant(p + "_LENGTH", c.period(), doc));
        type.addField(constant(TypeName.DOUBLE, p + "_MIN_LR", CodeBlock.of("$L", c.minLr()), null));
      } else if (phase instanceof LrSchedule.StepDecay s) {
        type.addField(durationConstant(p + "_EVERY", s.every(), doc));
        type.addField(constant(TypeName.DOUBLE, p + "_GAMMA", CodeBlock.of("$L", s.gamma()), null));
      }
    }
  }

  /** A duration constant: {@code WARMUP_LENGTH = 100L} (steps) or {@code STEP_EVERY_EPOCHS = 25.0}. */
  private FieldSpec durationConstant(String name, Value.Dur d, String doc) {
    if (d.unit() == Value.Dur.Unit.STEPS) {
      return constant(TypeName.LONG, name, CodeBlock.of("$LL", Math.round(d.amount())), doc);
    }
    return constant(TypeName.DOUBLE, name + "_EPOCHS", CodeBlock.of("$L", d.amount()), doc);
  }

  /** The expression for a duration in steps, inside a method that knows {@code stepsPerEpoch}. */
  private CodeBlock durationSteps(String name, Value.Dur d) {
    if (d.unit() == Value.Dur.Unit.STEPS) {
      return CodeBlock.of("$L", name);
    }
    return CodeBlock.of("$T.round($L_EPOCHS * stepsPerEpoch)", Math.class, name);
  }

  private String phasePrefix(int i) {
    List<LrSchedule.Phase> phases = program.schedule().phases();
    String kind = phaseKind(phases.get(i));
    long same = phases.stream().filter(p -> phaseKind(p).equals(kind)).count();
    return same > 1 ? kind + i : kind;
  }

  private static String phaseKind(LrSchedule.Phase p) {
    if (p instanceof LrSchedule.Constant) {
      return "CONSTANT";
    } else if (p instanceof LrSchedule.LinearWarmup) {
      return "WARMUP";
    } else if (p instanceof LrSchedule.Cosine) {
      return "COSINE";
    }
    return "STEP";
  }

  private String regularizerPrefix(int i) {
    return program.regularizers().size() > 1 ? "REGULARIZER" + i + "_" : "";
  }

  // ---- fields -------------------------------------------------------------------------------

  private void fields(TypeSpec.Builder type) {
    type.addField(FieldSpec.builder(array, "params", Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("All parameters, flat; see the offsets above.\n").build());
    type.addField(FieldSpec.builder(array, "grads", Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("Gradients, in the layout of {@link #params}.\n").build());
    for (String slot : plan.slots()) {
      type.addField(FieldSpec.builder(array, slot, Modifier.PRIVATE, Modifier.FINAL)
          .addJavadoc("Optimizer state ($L), in the layout of {@link #params}.\n", slotDoc(slot)).build());
    }
    for (MemoryPlan.Buffer b : plan.buffers()) {
      type.addField(FieldSpec.builder(array, b.field(), Modifier.PRIVATE, Modifier.FINAL)
          .addJavadoc("$L, BATCH × $L.\n", bufferDoc(b), b.rowWidthConstant()).build());
    }
    type.addField(FieldSpec.builder(RNG, "rng", Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("Shuffles the training rows and draws dropout masks.\n").build());
    type.addField(FieldSpec.builder(TypeName.LONG, "step", Modifier.PRIVATE)
        .addJavadoc("Optimizer steps taken; the schedule's clock.\n").build());
    if (program.schedule().needsStepsPerEpoch()) {
      type.addField(FieldSpec.builder(TypeName.LONG, "stepsPerEpoch", Modifier.PRIVATE)
          .addJavadoc("ceil(training rows / BATCH), set by fit, step(Dataset, ...) and setStepsPerEpoch; read by the\n"
              + "schedule. Until one of them runs it is unknown and phases measured in epochs never end.\n")
          .initializer("Long.MAX_VALUE").build());
    }
    type.addField(FieldSpec.builder(TypeName.DOUBLE, "lastLr", Modifier.PRIVATE)
        .addJavadoc("The learning rate of the last update (of the first group).\n").build());
  }

  private static String slotDoc(String slot) {
    return switch (slot) {
      case "expAvg" -> "Adam's first moment, m";
      case "expAvgSq" -> "Adam's second moment, v";
      case "maxExpAvgSq" -> "AMSGrad's running maximum of v";
      case "momentumBuffer" -> "SGD's momentum buffer";
      default -> slot;
    };
  }

  private static String bufferDoc(MemoryPlan.Buffer b) {
    return switch (b.kind()) {
      case OUTPUT -> "Output of " + b.layer().get();
      case GRADIENT -> "dLoss/d(output of " + b.layer().get() + ")";
      case MASK -> "Dropout mask of " + b.layer().get() + " (0 or the scale)";
      case STAGING -> b.field().equals("xBatch") ? "Inputs gathered from a Dataset" : "Targets gathered from a Dataset";
    };
  }

  // ---- construction and data ----------------------------------------------------------------

  private MethodSpec constructor() {
    MethodSpec.Builder m = MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
        .addJavadoc("Allocates every buffer for BATCH rows and initializes the parameters from SEED.\n")
        .addStatement("params = new $T[PARAMETER_COUNT]", elem)
        .addStatement("grads = new $T[PARAMETER_COUNT]", elem);
    for (String slot : plan.slots()) {
      m.addStatement("$L = new $T[PARAMETER_COUNT]", slot, elem);
    }
    for (MemoryPlan.Buffer b : plan.buffers()) {
      m.addStatement("$L = new $T[BATCH * $L]", b.field(), elem, b.rowWidthConstant());
    }
    return m.addStatement("initParameters(new $T(SEED))", RNG)
        .addStatement("rng = new $T(TRAINING_STREAM_SEED)", RNG)
        .build();
  }

  private MethodSpec initParameters() {
    MethodSpec.Builder m = MethodSpec.methodBuilder("initParameters").addModifiers(Modifier.PRIVATE)
        .addJavadoc("Draws every parameter in layer order, weight then bias, as PyTorch does.\n")
        .addParameter(RNG, "init");
    String lastLayer = "";
    for (Param p : program.params()) {
      Layer layer = program.layers().get(p.layerIndex());
      if (!layer.name().equals(lastLayer)) {
        m.addComment("$L", layer.origin().describe());
        lastLayer = layer.name();
      }
      String c = constName(p.name());
      Initializer init = p.init();
      switch (init.kind()) {
        case UNIFORM -> {
          if (init.a() == -init.b()) {
            m.addStatement("$T.uniform(params, $L, $L_SIZE, -$L_BOUND, $L_BOUND, init)", INIT, c, c, c, c);
          } else {
            m.addStatement("$T.uniform(params, $L, $L_SIZE, $L_LOW, $L_HIGH, init)", INIT, c, c, c, c);
          }
        }
        case NORMAL -> m.addStatement("$T.normal(params, $L, $L_SIZE, $L_MEAN, $L_STD, init)", INIT, c, c, c, c);
        case CONSTANT -> m.addStatement("$T.constant(params, $L, $L_SIZE, $L_VALUE)", INIT, c, c, c);
      }
    }
    return m.build();
  }

  private MethodSpec data() {
    DataSource d = program.data();
    CodeBlock.Builder chain = CodeBlock.builder().add("return $T.csv($S)", PIPELINE, d.file()).indent();
    if (d.target() != -1) {
      chain.add("\n.target($L)", d.target());
    }
    d.header().ifPresent(h -> chain.add("\n.header($T.$L)", HEADER, h ? "PRESENT" : "ABSENT"));
    if (!d.columns().isEmpty()) {
      chain.add("\n.columns($L)", CodeBlock.join(d.columns().stream().map(c -> CodeBlock.of("$S", c)).toList(), ", "));
    }
    chain.add("\n.inputs(IN)");
    chain.add(d.classes().isPresent() ? "\n.classes(OUT)" : "\n.targets(OUT)");
    for (DataSource.Preprocess p : d.preprocessing()) {
      if (p.standardize()) {
        chain.add(p.targets() ? "\n.standardizeTargets()" : "\n.standardizeInputs()");
      } else {
        chain.add(p.targets() ? "\n.scaleTargets($L)" : "\n.scaleInputs($L)", p.factor());
      }
    }
    if (d.hasSplit()) {
      chain.add("\n.split($L, $L, $LL)", d.testFraction(), d.validationFraction(), d.splitSeed());
    }
    chain.add("\n.build();\n").unindent();
    return MethodSpec.methodBuilder("data").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .addJavadoc("The spec's data section: $L\n", d.origin().describe())
        .returns(PIPELINE)
        .addCode(chain.build())
        .build();
  }

  // ---- the step -----------------------------------------------------------------------------

  private MethodSpec stepArrays() {
    MethodSpec.Builder m = MethodSpec.methodBuilder("step").addModifiers(Modifier.PUBLIC)
        .addJavadoc("One optimization step on {@code n <= BATCH} rows: {@code x} is n × IN, {@code y} n × TARGET_COLUMNS,\n")
        .addJavadoc("both row-major. Returns the batch's mean data loss (before regularization). Allocates nothing.\n")
        .returns(TypeName.DOUBLE)
        .addParameter(array, "x").addParameter(array, "y").addParameter(TypeName.INT, "n")
        .addStatement("double loss = computeGradients(x, y, n)");
    if (program.clipGlobalNorm().isPresent()) {
      m.addStatement("clipGradients()");
    }
    return m.addStatement("update()")
        .addStatement("step++")
        .addStatement("return loss")
        .build();
  }

  private MethodSpec computeGradients() {
    MethodSpec.Builder m = MethodSpec.methodBuilder("computeGradients").addModifiers(Modifier.PUBLIC)
        .addJavadoc("Forward in training mode, the loss and its gradient, backward through every layer")
        .addJavadoc(program.regularizers().isEmpty() ? ".\n" : ", and the regularization gradient.\n")
        .addJavadoc("Leaves the gradients in {@link #gradients} and the parameters unchanged. Returns the mean data loss.\n")
        .returns(TypeName.DOUBLE)
        .addParameter(array, "x").addParameter(array, "y").addParameter(TypeName.INT, "n")
        .beginControlFlow("if (n < 1 || n > BATCH)")
        .addStatement("throw new $T($S + n)", IllegalArgumentException.class, "rows per step must be in 1.." + program.batch() + ", got ")
        .endControlFlow()
        .addStatement("forward(x, n, true)")
        .addStatement("double loss = dataLoss(y, n, true)")
        .addStatement("backward(x, n)");
    if (!program.regularizers().isEmpty()) {
      m.addStatement("addRegularizationGradient()");
    }
    return m.addStatement("return loss").build();
  }

  private MethodSpec lossOnly() {
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

  private MethodSpec stepDataset() {
    MethodSpec.Builder m = MethodSpec.methodBuilder("step").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
        .returns(TypeName.DOUBLE)
        .addParameter(DATASET, "data").addParameter(int[].class, "order").addParameter(TypeName.INT, "from")
        .addParameter(TypeName.INT, "n")
        .addStatement("checkShape(data)");
    if (program.schedule().needsStepsPerEpoch()) {
      m.addStatement("stepsPerEpoch = (data.rows() + BATCH - 1) / BATCH");
    }
    return m.addStatement("gather(data, order, from, n)")
        .addStatement("return step(xBatch, yBatch, n)")
        .build();
  }

  private MethodSpec fit() {
    ParameterizedTypeName history = ParameterizedTypeName.get(ClassName.get(List.class), EPOCH_SUMMARY);
    MethodSpec.Builder m = MethodSpec.methodBuilder("fit").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
        .returns(REPORT)
        .addParameter(DATASET, "train").addParameter(DATASET, "validation").addParameter(LISTENER, "listener")
        .addStatement("checkShape(train)")
        .addStatement("int rows = train.rows()")
        .addStatement("int steps = (rows + BATCH - 1) / BATCH");
    if (program.schedule().needsStepsPerEpoch()) {
      m.addStatement("stepsPerEpoch = steps");
    }
    m.addStatement("int[] order = new int[rows]")
        .beginControlFlow("for (int i = 0; i < rows; i++)")
        .addStatement("order[i] = i")
        .endControlFlow()
        .addStatement("double[] validationOut = validation == null ? null : new double[validation.rows() * OUT]")
        .addStatement("$T history = new $T<>(EPOCHS)", history, ArrayList.class)
        .addStatement("long firstStep = step")
        .addStatement("long start = $T.nanoTime()", System.class)
        .beginControlFlow("for (int epoch = 1; epoch <= EPOCHS; epoch++)")
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
        .addStatement("listener.onEpochEnd(summary)")
        .endControlFlow()
        .addStatement("double seconds = ($T.nanoTime() - start) / 1e9", System.class)
        .addStatement("return new $T(EPOCHS, step - firstStep, (long) EPOCHS * rows, seconds, history, $S)", REPORT,
            "completed " + program.epochs() + " epochs");
    return m.build();
  }

  private MethodSpec predict() {
    return MethodSpec.methodBuilder("predict").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
        .addParameter(DATASET, "data").addParameter(double[].class, "out")
        .addStatement("predictInto(data, out)")
        .build();
  }

  private MethodSpec evaluate() {
    MethodSpec.Builder m = MethodSpec.methodBuilder("evaluate").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
        .returns(METRICS)
        .addParameter(DATASET, "data")
        .addStatement("double[] out = new double[data.rows() * OUT]")
        .addStatement("double loss = predictInto(data, out)");
    if (program.isClassifier()) {
      m.addStatement("return $T.classification(loss, out, data, OUT)", METRICS);
    } else {
      m.addStatement("return $T.regression(loss, out, data)", METRICS);
    }
    return m.build();
  }

  private MethodSpec predictInto() {
    MethodSpec.Builder m = MethodSpec.methodBuilder("predictInto").addModifiers(Modifier.PRIVATE)
        .addJavadoc("Evaluation mode over all rows, BATCH at a time: writes $L into {@code out}, returns the mean loss.\n",
            program.isClassifier() ? "class probabilities" : "predictions")
        .returns(TypeName.DOUBLE)
        .addParameter(DATASET, "data").addParameter(double[].class, "out")
        .addStatement("checkShape(data)")
        .addStatement("int rows = data.rows()")
        .beginControlFlow("if (out.length < rows * OUT)")
        .addStatement("throw new $T($S + rows * OUT)", IllegalArgumentException.class, "out must hold rows × OUT values: ")
        .endControlFlow()
        .addStatement("double total = 0")
        .beginControlFlow("for (int from = 0; from < rows; from += BATCH)")
        .addStatement("int n = $T.min(BATCH, rows - from)", Math.class)
        .addStatement("gather(data, null, from, n)")
        .addStatement("forward(xBatch, n, false)")
        .addStatement("total += dataLoss(yBatch, n, false) * n");
    String logits = plan.buffer(program.lastLayer().name(), MemoryPlan.Buffer.Kind.OUTPUT).field();
    if (program.isClassifier()) {
      m.addStatement("softmaxRows(n, out, from * OUT)");
    } else {
      m.beginControlFlow("for (int i = 0; i < n * OUT; i++)")
          .addStatement("out[from * OUT + i] = $L[i]", logits)
          .endControlFlow();
    }
    return m.endControlFlow()
        .addStatement("return rows == 0 ? Double.NaN : total / rows")
        .build();
  }

  // ---- forward ------------------------------------------------------------------------------

  private MethodSpec forward() {
    MethodSpec.Builder m = MethodSpec.methodBuilder("forward").addModifiers(Modifier.PRIVATE)
        .addJavadoc("The model, layer by layer; dropout is active only when {@code training}.\n")
        .addParameter(array, "x").addParameter(TypeName.INT, "n").addParameter(TypeName.BOOLEAN, "training");
    for (int i = 0; i < program.layers().size(); i++) {
      Layer layer = program.layers().get(i);
      String in = inputOf(i);
      if (layer instanceof Layer.Dropout) {
        m.addStatement("$LForward($L, n, training)", layer.name(), in);
      } else {
        m.addStatement("$LForward($L, n)", layer.name(), in);
      }
    }
    return m.build();
  }

  /** The array a layer reads: {@code x} for the first, else the previous layer's output buffer. */
  private String inputOf(int i) {
    return i == 0 ? "x" : plan.buffer(program.layers().get(i - 1).name(), MemoryPlan.Buffer.Kind.OUTPUT).field();
  }

  private MethodSpec layerForward(Layer layer) {
    MethodSpec.Builder m = MethodSpec.methodBuilder(layer.name() + "Forward").addModifiers(Modifier.PRIVATE)
        .addParameter(array, "in").addParameter(TypeName.INT, "n");
    String p = constName(layer.name());
    String out = plan.buffer(layer.name(), MemoryPlan.Buffer.Kind.OUTPUT).field();
    if (layer instanceof Layer.Dense d) {
      String w = constName(d.name() + ".weight");
      m.addJavadoc("$L\n<p>{@code out = in · Wᵀ + b}, W stored [$L_OUT × $L_IN].\n", d.origin().describe(), p, p)
          .addStatement("$T.nt(n, $L_OUT, $L_IN, in, 0, $L_IN, params, $L, $L_IN, $L, 0, $L_OUT, false)",
              GEMM, p, p, p, w, p, out, p);
      if (d.hasBias()) {
        String b = constName(d.name() + ".bias");
        m.beginControlFlow("for (int r = 0; r < n; r++)")
            .addStatement("int row = r * $L_OUT", p)
            .beginControlFlow("for (int j = 0; j < $L_OUT; j++)", p)
            .addStatement("$L[row + j] += params[$L + j]", out, b)
            .endControlFlow()
            .endControlFlow();
      }
    } else if (layer instanceof Layer.Relu r) {
      m.addJavadoc("$L\n", r.origin().describe())
          .beginControlFlow("for (int i = 0; i < n * $L_OUT; i++)", p)
          .addStatement("$L[i] = in[i] > 0 ? in[i] : 0", out)
          .endControlFlow();
    } else if (layer instanceof Layer.Dropout d) {
      String mask = plan.buffer(layer.name(), MemoryPlan.Buffer.Kind.MASK).field();
      m.addJavadoc("$L\n<p>Inverted dropout: in training each unit is kept with probability 1 - p and scaled by\n"
              + "1 / (1 - p); in evaluation the layer is the identity.\n", d.origin().describe())
          .addParameter(TypeName.BOOLEAN, "training")
          .beginControlFlow("if (!training)")
          .addStatement("$T.arraycopy(in, 0, $L, 0, n * $L_OUT)", System.class, out, p)
          .addStatement("return")
          .endControlFlow()
          .beginControlFlow("for (int i = 0; i < n * $L_OUT; i++)", p)
          .addStatement("$T keep = rng.nextDouble() < $L_P ? 0 : $L_SCALE", elem, p, p)
          .addStatement("$L[i] = keep", mask)
          .addStatement("$L[i] = in[i] * keep", out)
          .endControlFlow();
    }
    return m.build();
  }

  // ---- loss ---------------------------------------------------------------------------------

  private MethodSpec dataLoss() {
    Loss loss = program.loss();
    String out = plan.buffer(program.lastLayer().name(), MemoryPlan.Buffer.Kind.OUTPUT).field();
    String grad = plan.buffer(program.lastLayer().name(), MemoryPlan.Buffer.Kind.GRADIENT).field();
    MethodSpec.Builder m = MethodSpec.methodBuilder("dataLoss").addModifiers(Modifier.PRIVATE)
        .returns(TypeName.DOUBLE)
        .addParameter(array, "y").addParameter(TypeName.INT, "n").addParameter(TypeName.BOOLEAN, "gradient");
    if (loss.kind() == Loss.Kind.SOFTMAX_CROSS_ENTROPY) {
      m.addJavadoc("$L\n<p>Fused softmax and negative log-likelihood with a stable log-sum-exp, mean over the rows;\n"
              + "when {@code gradient}, writes dLoss/dlogits = (softmax - onehot) / n into {@code $L}.\n",
              loss.origin().describe(), grad)
          .addStatement("double total = 0")
          .beginControlFlow("for (int r = 0; r < n; r++)")
          .addStatement("int row = r * OUT")
          .addStatement("int label = (int) y[r]")
          .beginControlFlow("if (label < 0 || label >= OUT)")
          .addStatement("throw new $T($S + label)", IllegalArgumentException.class, "class label out of range 0.." + (program.outputs() - 1) + ": ")
          .endControlFlow()
          .addStatement("double max = $L[row]", out)
          .beginControlFlow("for (int j = 1; j < OUT; j++)")
          .addStatement("max = $T.max(max, $L[row + j])", Math.class, out)
          .endControlFlow()
          .addStatement("double sum = 0")
          .beginControlFlow("for (int j = 0; j < OUT; j++)")
          .addStatement("sum += $T.exp($L[row + j] - max)", Math.class, out)
          .endControlFlow()
          .addStatement("double logSumExp = max + $T.log(sum)", Math.class)
          .addStatement("total += logSumExp - $L[row + label]", out)
          .beginControlFlow("if (gradient)")
          .beginControlFlow("for (int j = 0; j < OUT; j++)")
          .addStatement("double p = $T.exp($L[row + j] - logSumExp)", Math.class, out)
          .addStatement("$L[row + j] = $L", grad, castExpr("(j == label ? p - 1 : p) / n"))
          .endControlFlow()
          .endControlFlow()
          .endControlFlow()
          .addStatement("return total / n");
    } else {
      m.addJavadoc("$L\n<p>Mean squared error over all n × OUT elements (torch.nn.MSELoss); when {@code gradient},\n"
              + "writes dLoss/dout = 2 (out - y) / (n × OUT) into {@code $L}.\n", loss.origin().describe(), grad)
          .addStatement("int count = n * OUT")
          .addStatement("double total = 0")
          .beginControlFlow("for (int i = 0; i < count; i++)")
          .addStatement("double diff = $L$L[i] - y[i]", f32 ? "(double) " : "", out)
          .addStatement("total += diff * diff")
          .beginControlFlow("if (gradient)")
          .addStatement("$L[i] = $L", grad, castExpr("2 * diff / count"))
          .endControlFlow()
          .endControlFlow()
          .addStatement("return total / count");
    }
    return m.build();
  }

  private MethodSpec softmaxRows() {
    String out = plan.buffer(program.lastLayer().name(), MemoryPlan.Buffer.Kind.OUTPUT).field();
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

  // ---- backward -----------------------------------------------------------------------------

  /** Whether layer {@code i} must run backward: it has parameters, or a layer before it has. */
  private boolean needsBackward(int i) {
    for (int j = 0; j <= i; j++) {
      if (program.layers().get(j).hasParameters()) {
        return true;
      }
    }
    return false;
  }

  /** Whether layer {@code i} must pass a gradient to its input: some layer before it has parameters. */
  private boolean needsInputGradient(int i) {
    return i > 0 && needsBackward(i - 1);
  }

  private MethodSpec backward() {
    MethodSpec.Builder m = MethodSpec.methodBuilder("backward").addModifiers(Modifier.PRIVATE)
        .addJavadoc("Reverse-mode differentiation, layer by layer from the loss back to the first layer with parameters.\n")
        .addParameter(array, "x").addParameter(TypeName.INT, "n");
    for (int i = program.layers().size() - 1; i >= 0; i--) {
      if (!needsBackward(i)) {
        continue;
      }
      Layer layer = program.layers().get(i);
      if (layer instanceof Layer.Dense) {
        m.addStatement("$LBackward($L, n)", layer.name(), inputOf(i));
      } else {
        m.addStatement("$LBackward(n)", layer.name());
      }
    }
    return m.build();
  }

  private MethodSpec layerBackward(int i) {
    Layer layer = program.layers().get(i);
    String p = constName(layer.name());
    String dOut = plan.buffer(layer.name(), MemoryPlan.Buffer.Kind.GRADIENT).field();
    Optional<String> dIn = needsInputGradient(i)
        ? Optional.of(plan.buffer(program.layers().get(i - 1).name(), MemoryPlan.Buffer.Kind.GRADIENT).field())
        : Optional.empty();
    MethodSpec.Builder m = MethodSpec.methodBuilder(layer.name() + "Backward").addModifiers(Modifier.PRIVATE);
    if (layer instanceof Layer.Dense d) {
      String w = constName(d.name() + ".weight");
      m.addJavadoc("$L\n<p>dW = dOutᵀ · in$L$L.\n", d.origin().describe(), d.hasBias() ? ", db = Σ_rows dOut" : "",
              dIn.isPresent() ? ", dIn = dOut · W" : "")
          .addParameter(array, "in").addParameter(TypeName.INT, "n")
          .addStatement("$T.tn($L_OUT, $L_IN, n, $L, 0, $L_OUT, in, 0, $L_IN, grads, $L, $L_IN, false)",
              GEMM, p, p, dOut, p, p, w, p);
      if (d.hasBias()) {
        String b = constName(d.name() + ".bias");
        m.beginControlFlow("for (int j = 0; j < $L_OUT; j++)", p)
            .addStatement("double sum = 0")
            .beginControlFlow("for (int r = 0; r < n; r++)")
            .addStatement("sum += $L[r * $L_OUT + j]", dOut, p)
            .endControlFlow()
            .addStatement("grads[$L + j] = $Lsum", b, cast())
            .endControlFlow();
      }
      dIn.ifPresent(target -> m.addStatement(
          "$T.nn(n, $L_IN, $L_OUT, $L, 0, $L_OUT, params, $L, $L_IN, $L, 0, $L_IN, false)",
          GEMM, p, p, dOut, p, w, p, target, p));
    } else if (layer instanceof Layer.Relu r) {
      String out = plan.buffer(layer.name(), MemoryPlan.Buffer.Kind.OUTPUT).field();
      m.addJavadoc("$L\n<p>dIn = dOut where the output is positive, else 0.\n", r.origin().describe())
          .addParameter(TypeName.INT, "n")
          .beginControlFlow("for (int i = 0; i < n * $L_OUT; i++)", p)
          .addStatement("$L[i] = $L[i] > 0 ? $L[i] : 0", dIn.get(), out, dOut)
          .endControlFlow();
    } else if (layer instanceof Layer.Dropout d) {
      String mask = plan.buffer(layer.name(), MemoryPlan.Buffer.Kind.MASK).field();
      m.addJavadoc("$L\n<p>dIn = dOut · mask.\n", d.origin().describe())
          .addParameter(TypeName.INT, "n")
          .beginControlFlow("for (int i = 0; i < n * $L_OUT; i++)", p)
          .addStatement("$L[i] = $L[i] * $L[i]", dIn.get(), dOut, mask)
          .endControlFlow();
    }
    return m.build();
  }

  // ---- regularization and clipping ----------------------------------------------------------

  private MethodSpec addRegularizationGradient() {
    MethodSpec.Builder m = MethodSpec.methodBuilder("addRegularizationGradient").addModifiers(Modifier.PRIVATE)
        .addJavadoc("Adds the gradient of the regularization term: l1 · sign(w) + 2 · l2 · w.\n");
    for (int i = 0; i < program.regularizers().size(); i++) {
      Regularizer r = program.regularizers().get(i);
      String prefix = regularizerPrefix(i);
      m.addComment("$L", r.origin().describe());
      List<String> terms = new ArrayList<>();
      if (r.l1() != 0) {
        terms.add(prefix + "L1 * Math.signum(params[i])");
      }
      if (r.l2() != 0) {
        terms.add("2 * " + prefix + "L2 * params[i]");
      }
      for (Param p : program.params()) {
        if (r.on().selects(p)) {
          String c = constName(p.name());
          m.beginControlFlow("for (int i = $L; i < $L + $L_SIZE; i++)", c, c, c)
              .addStatement("grads[i] += $L", castExpr(String.join(" + ", terms)))
              .endControlFlow();
        }
      }
    }
    return m.build();
  }

  private MethodSpec regularization() {
    MethodSpec.Builder m = MethodSpec.methodBuilder("regularization").addModifiers(Modifier.PUBLIC)
        .addJavadoc("The regularization term the spec adds to the loss: l1 · Σ|w| + l2 · Σw².\n")
        .returns(TypeName.DOUBLE)
        .addStatement("double total = 0");
    for (int i = 0; i < program.regularizers().size(); i++) {
      Regularizer r = program.regularizers().get(i);
      String prefix = regularizerPrefix(i);
      List<String> terms = new ArrayList<>();
      if (r.l1() != 0) {
        terms.add(prefix + "L1 * Math.abs(w)");
      }
      if (r.l2() != 0) {
        terms.add(prefix + "L2 * w * w");
      }
      for (Param p : program.params()) {
        if (r.on().selects(p)) {
          String c = constName(p.name());
          m.beginControlFlow("for (int i = $L; i < $L + $L_SIZE; i++)", c, c, c)
              .addStatement("double w = params[i]")
              .addStatement("total += $L", String.join(" + ", terms))
              .endControlFlow();
        }
      }
    }
    return m.addStatement("return total").build();
  }

  private MethodSpec clipGradients() {
    return MethodSpec.methodBuilder("clipGradients").addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L\n<p>torch.nn.utils.clip_grad_norm_: scales all gradients by max_norm / (norm + 1e-6) when that is < 1.\n",
            program.clipOrigin().get().describe())
        .addStatement("double norm = $T.sqrt($T.sumOfSquares(grads, 0, PARAMETER_COUNT))", Math.class, VECTORS)
        .addStatement("double coef = CLIP_MAX_NORM / (norm + 1e-6)")
        .beginControlFlow("if (coef < 1)")
        .addStatement("$T.scale(grads, 0, PARAMETER_COUNT, coef)", VECTORS)
        .endControlFlow()
        .build();
  }

  // ---- optimizer ----------------------------------------------------------------------------

  private MethodSpec update() {
    Optimizer opt = program.optimizer();
    MethodSpec.Builder m = MethodSpec.methodBuilder("update").addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L\n<p>The learning rate of this step from the schedule, then one fused loop per parameter group.\n",
            opt.origin().describe())
        .addStatement("double lr = scheduled(LR, step)")
        .addStatement("lastLr = lr");
    for (Optimizer.Group g : opt.groups()) {
      String lr = g.overridden().contains("lr") ? CodeBlock.of("scheduled($L, step)", hyperConstant(g, "lr")).toString() : "lr";
      m.addStatement("$L($L)", groupMethod(g), lr);
    }
    return m.build();
  }

  private String groupMethod(Optimizer.Group g) {
    return "update" + camel(g.name());
  }

  private MethodSpec groupUpdate(Optimizer.Group g) {
    MemoryPlan.GroupRange range = plan.group(g.name());
    MethodSpec.Builder m = MethodSpec.methodBuilder(groupMethod(g)).addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L\n<p>Group {@code $L}: $L.\n", g.origin().describe(), g.name(), String.join(", ", g.params()))
        .addParameter(TypeName.DOUBLE, "lr");
    if (program.optimizer().kind() == Optimizer.Kind.SGD) {
      sgdBody(m, g, range);
    } else {
      adamBody(m, g, range);
    }
    return m.build();
  }

  /** torch.optim.SGD, one loop. */
  private void sgdBody(MethodSpec.Builder m, Optimizer.Group g, MemoryPlan.GroupRange range) {
    String start = range.constant() + "_START";
    String end = range.constant() + "_END";
    m.addStatement("$T rate = $Llr", elem, cast());
    if (g.weightDecay() != 0) {
      m.addStatement("$T weightDecay = $L$L", elem, cast(), hyperConstant(g, "weight_decay"));
    }
    boolean momentum = g.momentum() != 0;
    if (momentum) {
      m.addStatement("$T momentum = $L$L", elem, cast(), hyperConstant(g, "momentum"))
          .addStatement("$T gradientScale = $L", elem, castExpr("1 - " + hyperConstant(g, "dampening")))
          .addStatement("boolean first = step == 0");
    }
    m.beginControlFlow("for (int i = $L; i < $L; i++)", start, end)
        .addStatement("$T g = $Lgrads[i]", elem, g.maximize() ? "-" : "");
    if (g.weightDecay() != 0) {
      m.addStatement("g += weightDecay * params[i]");
    }
    if (momentum) {
      m.addStatement("momentumBuffer[i] = first ? g : momentum * momentumBuffer[i] + gradientScale * g");
      m.addStatement(g.nesterov() ? "g += momentum * momentumBuffer[i]" : "g = momentumBuffer[i]");
    }
    m.addStatement("params[i] -= rate * g").endControlFlow();
  }

  /** torch.optim.Adam / AdamW, one loop. */
  private void adamBody(MethodSpec.Builder m, Optimizer.Group g, MemoryPlan.GroupRange range) {
    boolean decoupled = program.optimizer().kind() == Optimizer.Kind.ADAMW;
    String start = range.constant() + "_START";
    String end = range.constant() + "_END";
    String beta1 = hyperConstant(g, "beta1");
    String beta2 = hyperConstant(g, "beta2");
    m.addStatement("long t = step + 1")
        .addStatement("double biasCorrection1 = 1 - $T.pow($L, t)", Math.class, beta1)
        .addStatement("double biasCorrection2 = 1 - $T.pow($L, t)", Math.class, beta2)
        .addStatement("$T stepSize = $L", elem, castExpr("lr / biasCorrection1"))
        .addStatement("$T biasCorrection2Sqrt = $L$T.sqrt(biasCorrection2)", elem, cast(), Math.class)
        .addStatement("$T oneMinusBeta1 = $L", elem, castExpr("1 - " + beta1))
        .addStatement("$T beta2 = $L$L", elem, cast(), beta2)
        .addStatement("$T oneMinusBeta2 = $L", elem, castExpr("1 - " + beta2))
        .addStatement("$T eps = $L$L", elem, cast(), hyperConstant(g, "eps"));
    if (g.weightDecay() != 0) {
      if (decoupled) {
        m.addStatement("$T decay = $L", elem, castExpr("1 - lr * " + hyperConstant(g, "weight_decay")));
      } else {
        m.addStatement("$T weightDecay = $L$L", elem, cast(), hyperConstant(g, "weight_decay"));
      }
    }
    m.beginControlFlow("for (int i = $L; i < $L; i++)", start, end)
        .addStatement("$T g = $Lgrads[i]", elem, g.maximize() ? "-" : "");
    if (g.weightDecay() != 0) {
      m.addStatement(decoupled ? "params[i] *= decay" : "g += weightDecay * params[i]");
    }
    m.addStatement("expAvg[i] += oneMinusBeta1 * (g - expAvg[i])")
        .addStatement("expAvgSq[i] = beta2 * expAvgSq[i] + oneMinusBeta2 * g * g");
    String second = "expAvgSq[i]";
    if (g.amsgrad()) {
      m.addStatement("maxExpAvgSq[i] = $T.max(maxExpAvgSq[i], expAvgSq[i])", Math.class);
      second = "maxExpAvgSq[i]";
    }
    m.addStatement("$T denom = $L$T.sqrt($L) / biasCorrection2Sqrt + eps", elem, cast(), Math.class, second)
        .addStatement("params[i] -= stepSize * expAvg[i] / denom")
        .endControlFlow();
  }

  // ---- schedule -----------------------------------------------------------------------------

  private MethodSpec learningRatePublic() {
    return MethodSpec.methodBuilder("learningRate").addModifiers(Modifier.PUBLIC)
        .addJavadoc("The first group's learning rate at optimizer step {@code step} (counted from 0).\n")
        .returns(TypeName.DOUBLE)
        .addParameter(TypeName.LONG, "step")
        .addStatement("return scheduled(LR, step)")
        .build();
  }

  private MethodSpec scheduled() {
    MethodSpec.Builder m = MethodSpec.methodBuilder("scheduled").addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L\n<p>Closed form of the schedule for a group whose base learning rate is {@code base}; each phase's\n"
            + "clock restarts at 0 (SequentialLR).\n", program.schedule().origin().describe())
        .returns(TypeName.DOUBLE)
        .addParameter(TypeName.DOUBLE, "base").addParameter(TypeName.LONG, "step");
    m.addStatement("long t = step");
    List<LrSchedule.Phase> phases = program.schedule().phases();
    for (int i = 0; i < phases.size(); i++) {
      schedulePhase(m, phases.get(i), phasePrefix(i));
    }
    return m.build();
  }

  private void schedulePhase(MethodSpec.Builder m, LrSchedule.Phase phase, String p) {
    Optional<CodeBlock> length = phase.length().map(d -> durationSteps(p + "_LENGTH", d));
    if (phase instanceof LrSchedule.Constant c) {
      m.addComment("constant: base · factor");
      length.ifPresent(l -> m.beginControlFlow("if (t < $L)", l));
      m.addStatement("return base * $L_FACTOR", p);
    } else if (phase instanceof LrSchedule.LinearWarmup w) {
      m.addComment("warmup: LinearLR, factor rises from start_factor to 1 over its length")
          .beginControlFlow("if (t < $L)", length.get())
          .addStatement("return base * ($L_START_FACTOR + (1 - $L_START_FACTOR) * t / $L)", p, p, length.get());
    } else if (phase instanceof LrSchedule.Cosine c) {
      CodeBlock period = durationSteps(p + "_LENGTH", c.period());
      m.addComment("cosine: CosineAnnealingLR, holding at min_lr past its length");
      length.ifPresent(l -> m.beginControlFlow("if (t < $L)", l));
      if (c.last()) {
        m.beginControlFlow("if (t >= $L)", period)
            .addStatement("return $L_MIN_LR", p)
            .endControlFlow();
      }
      m.addStatement("return $L_MIN_LR + (base - $L_MIN_LR) * (1 + $T.cos($T.PI * t / $L)) / 2", p, p, Math.class, Math.class,
              period);
    } else if (phase instanceof LrSchedule.StepDecay s) {
      m.addComment("step: StepLR, base · gamma^floor(t / every)")
          .addStatement("return base * $T.pow($L_GAMMA, t / $L)", Math.class, p, durationSteps(p + "_EVERY", s.every()));
    }
    length.ifPresent(l -> m.endControlFlow().addStatement("t -= $L", l));
    if (length.isPresent() && phase == program.schedule().phases().get(program.schedule().phases().size() - 1)) {
      m.addStatement("return base");
    }
  }

  private MethodSpec setStepsPerEpoch() {
    return MethodSpec.methodBuilder("setStepsPerEpoch").addModifiers(Modifier.PUBLIC)
        .addJavadoc("Tells the schedule how many steps an epoch has, for callers of step(x, y, n) that do not use fit.\n")
        .addParameter(TypeName.LONG, "stepsPerEpoch")
        .addStatement("this.stepsPerEpoch = stepsPerEpoch")
        .build();
  }

  // ---- helpers in the generated class -------------------------------------------------------

  private MethodSpec gather() {
    return MethodSpec.methodBuilder("gather").addModifiers(Modifier.PRIVATE)
        .addJavadoc("Copies rows {@code order[from..from+n)} (rows {@code from..from+n} when order is null) into the staging buffers.\n")
        .addParameter(DATASET, "data").addParameter(int[].class, "order").addParameter(TypeName.INT, "from")
        .addParameter(TypeName.INT, "n")
        .addStatement("double[] x = data.x()")
        .addStatement("double[] y = data.y()")
        .beginControlFlow("for (int i = 0; i < n; i++)")
        .addStatement("int row = order == null ? from + i : order[from + i]")
        .beginControlFlow("for (int j = 0; j < IN; j++)")
        .addStatement("xBatch[i * IN + j] = $Lx[row * IN + j]", cast())
        .endControlFlow()
        .beginControlFlow("for (int j = 0; j < TARGET_COLUMNS; j++)")
        .addStatement("yBatch[i * TARGET_COLUMNS + j] = $Ly[row * TARGET_COLUMNS + j]", cast())
        .endControlFlow()
        .endControlFlow()
        .build();
  }

  private MethodSpec checkShape() {
    return MethodSpec.methodBuilder("checkShape").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addParameter(DATASET, "data")
        .beginControlFlow("if (data.inputs() != IN || data.outputs() != TARGET_COLUMNS)")
        .addStatement("throw new $T($S + IN + $S + TARGET_COLUMNS + $S + data)", IllegalArgumentException.class,
            "expected ", " inputs and ", " target columns, got ")
        .endControlFlow()
        .build();
  }

  private MethodSpec accessor(String name, TypeName type, String value, boolean override) {
    MethodSpec.Builder m = MethodSpec.methodBuilder(name).addModifiers(Modifier.PUBLIC).returns(type)
        .addStatement("return $L", value);
    if (override) {
      m.addAnnotation(Override.class);
    }
    return m.build();
  }

  private MethodSpec widened(String name, String field, boolean override, String doc) {
    MethodSpec.Builder m = MethodSpec.methodBuilder(name).addModifiers(Modifier.PUBLIC).returns(double[].class)
        .addStatement("double[] copy = new double[PARAMETER_COUNT]")
        .beginControlFlow("for (int i = 0; i < PARAMETER_COUNT; i++)")
        .addStatement("copy[i] = $L[i]", field)
        .endControlFlow()
        .addStatement("return copy");
    if (override) {
      m.addAnnotation(Override.class);
    } else {
      m.addJavadoc("$L\n", doc);
    }
    return m.build();
  }

  private MethodSpec liveParams() {
    return MethodSpec.methodBuilder("params").addModifiers(Modifier.PUBLIC).returns(array)
        .addJavadoc("The live flat parameter array (not a copy), for tests and benchmarks.\n")
        .addStatement("return params")
        .build();
  }

  // ---- small utilities ----------------------------------------------------------------------

  private FieldSpec constant(TypeName type, String name, CodeBlock value, String doc) {
    FieldSpec.Builder f = FieldSpec.builder(type, name, Modifier.STATIC, Modifier.FINAL).initializer(value);
    if (doc != null) {
      f.addJavadoc("$L\n", doc);
    }
    return f.build();
  }

  /** The cast to the element type, {@code (float) } for float32 and nothing for float64. */
  private String cast() {
    return f32 ? "(float) " : "";
  }

  /** {@code (float) (expr)} for float32, {@code expr} for float64. */
  private String castExpr(String expr) {
    return f32 ? "(float) (" + expr + ")" : expr;
  }

  private CodeBlock literal(double v) {
    return f32 ? CodeBlock.of("$Lf", Float.toString((float) v)) : CodeBlock.of("$L", Double.toString(v));
  }

  private static String constName(String name) {
    return MemoryPlanner.constantName(name);
  }

  private static String camel(String name) {
    StringBuilder b = new StringBuilder();
    for (String part : name.split("[^A-Za-z0-9]+")) {
      if (!part.isEmpty()) {
        b.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
      }
    }
    return b.toString();
  }
}
