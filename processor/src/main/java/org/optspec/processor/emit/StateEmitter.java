package org.optspec.processor.emit;

import static org.optspec.processor.emit.RuntimeTypes.RNG;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import javax.lang.model.element.Modifier;
import org.optspec.processor.plan.MemoryPlan;

/** The instance fields (parameters, gradients, optimizer slots, the plan's buffers, rng, step, ...) and the constructor. */
final class StateEmitter {

  private final EmitContext ctx;
  private final MemoryPlan plan;

  StateEmitter(EmitContext ctx) {
    this.ctx = ctx;
    this.plan = ctx.plan();
  }

  void fields(TypeSpec.Builder type) {
    ArrayTypeName array = ctx.types().array();
    parameterFields(type);
    for (MemoryPlan.Buffer b : plan.buffers()) {
      type.addField(FieldSpec.builder(array, b.field(), Modifier.PRIVATE, Modifier.FINAL)
          .addJavadoc("$L, BATCH × $L.\n", bufferDoc(b), b.rowWidthConstant()).build());
    }
    ctx.program().layers().forEach(layer -> LayerEmitters.of(layer).state(ctx, layer, type));
    new PreprocessingEmitter(ctx).field(type);
    type.addField(FieldSpec.builder(RNG, "rng", Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("Shuffles the training rows and draws dropout masks.\n").build());
    type.addField(FieldSpec.builder(TypeName.LONG, "step", Modifier.PRIVATE)
        .addJavadoc("Optimizer steps taken; the schedule's clock.\n").build());
    if (ctx.needsStepsPerEpoch()) {
      type.addField(FieldSpec.builder(TypeName.LONG, "stepsPerEpoch", Modifier.PRIVATE)
          .addJavadoc("ceil(training rows / ROWS_PER_STEP), set by fit, step(Dataset, ...) and setStepsPerEpoch; read by the\n"
              + "schedule. Until one of them runs it is unknown and phases measured in epochs never end.\n")
          .initializer("Long.MAX_VALUE").build());
    }
    type.addField(FieldSpec.builder(TypeName.INT, "epochsDone", Modifier.PRIVATE)
        .addJavadoc("Epochs fit has completed; fit continues after them (a loaded checkpoint sets it).\n").build());
    type.addField(FieldSpec.builder(int[].class, "order", Modifier.PRIVATE)
        .addJavadoc("The training rows' order, shuffled again at the start of every epoch; null until fit first runs.\n")
        .build());
    type.addField(FieldSpec.builder(TypeName.DOUBLE, "lastLr", Modifier.PRIVATE)
        .addJavadoc("The learning rate of the last update (of the first group).\n").build());
  }

  /** {@code params}, {@code grads} and the optimizer's slots: the state a trainer and an objective share. */
  void parameterFields(TypeSpec.Builder type) {
    ArrayTypeName array = ctx.types().array();
    type.addField(FieldSpec.builder(array, "params", Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("All parameters, flat; see the offsets above.\n").build());
    type.addField(FieldSpec.builder(array, "grads", Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("Gradients, in the layout of {@link #params}.\n").build());
    ChainEmitter optimizer = new ChainEmitter(ctx);
    for (TransformEmitter.Slot slot : optimizer.slots()) {
      type.addField(FieldSpec.builder(array, slot.field(), Modifier.PRIVATE, Modifier.FINAL)
          .addJavadoc("Optimizer state ($L), in the layout of {@link #params}.\n", slot.doc()).build());
    }
    optimizer.fields(type);
  }

  /** The constructor's allocation of the arrays {@link #parameterFields} declares. */
  void allocateParameterFields(MethodSpec.Builder m) {
    TypeName elem = ctx.types().elem();
    m.addStatement("params = new $T[PARAMETER_COUNT]", elem)
        .addStatement("grads = new $T[PARAMETER_COUNT]", elem);
    ChainEmitter optimizer = new ChainEmitter(ctx);
    for (TransformEmitter.Slot slot : optimizer.slots()) {
      m.addStatement("$L = new $T[PARAMETER_COUNT]", slot.field(), elem);
    }
    optimizer.initState(m);
  }

  /** The trainer of the spec's settings. */
  MethodSpec defaultConstructor() {
    return MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
        .addJavadoc("A trainer with the spec's settings ({@link Settings#defaults()}).\n")
        .addStatement("this(Settings.defaults())")
        .build();
  }

  MethodSpec constructor(PruningEmitter pruning, SettingsEmitter settings) {
    TypeName elem = ctx.types().elem();
    MethodSpec.Builder m = MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
        .addJavadoc("Allocates every buffer for BATCH rows and initializes the parameters from the seed of {@code settings}.\n")
        .addParameter(settings.type(), "settings");
    settings.assign(m);
    allocateParameterFields(m);
    for (MemoryPlan.Buffer b : plan.buffers()) {
      m.addStatement("$L = new $T[BATCH * $L]", b.field(), elem, b.rowWidthConstant());
    }
    ctx.program().layers().forEach(layer -> LayerEmitters.of(layer).initState(ctx, layer, m));
    pruning.initState(m);
    new EarlyStoppingEmitter(ctx).initState(m);
    new PreprocessingEmitter(ctx).initState(m);
    return m.addStatement("initParameters(new $T(SEED))", RNG)
        .addStatement("rng = new $T(TRAINING_STREAM_SEED)", RNG)
        .build();
  }

  private static String bufferDoc(MemoryPlan.Buffer b) {
    return switch (b.kind()) {
      case OUTPUT -> "Output of " + b.layer().get();
      case GRADIENT -> "dLoss/d(output of " + b.layer().get() + ")";
      case MASK -> "Dropout mask of " + b.layer().get() + " (0 or the scale)";
      case STAGING -> b.field().equals("xBatch") ? "Inputs gathered from a Dataset" : "Targets gathered from a Dataset";
    };
  }
}
