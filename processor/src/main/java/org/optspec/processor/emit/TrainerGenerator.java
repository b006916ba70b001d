package org.optspec.processor.emit;

import static org.optspec.processor.emit.RuntimeTypes.DATA_PARALLEL_TRAINER;
import static org.optspec.processor.emit.RuntimeTypes.GENERATED;
import static org.optspec.processor.emit.RuntimeTypes.TRAINER;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.TypeSpec;
import java.util.Set;
import javax.lang.model.element.Modifier;
import org.optspec.processor.GeneratedComments;
import org.optspec.processor.ir.TrainingProgram;
import org.optspec.processor.plan.MemoryPlan;

/**
 * Writes the trainer class of a lowered, planned program with JavaPoet by assembling the parts the emitters of this
 * package write, in a fixed order (so the output is deterministic). Each emitter has one concern; the per-kind ones
 * are registered in {@link LayerEmitters}, {@link LossEmitters}, {@link TransformEmitters} and {@link PhaseEmitters}.
 */
public final class TrainerGenerator {

  /** The {@code @Generated} value: the generator as the project names it, independent of its package. */
  public static final String GENERATOR_NAME = "org.optspec.processor.TrainerGenerator";

  private final TrainingProgram program;
  private final MemoryPlan plan;
  private final EmitContext ctx;

  private TrainerGenerator(TrainingProgram program, MemoryPlan plan) {
    this.program = program;
    this.plan = plan;
    this.ctx = new EmitContext(program, plan);
  }

  public static JavaFile generate(TrainingProgram program, MemoryPlan plan, String packageName) {
    TrainerGenerator generator = new TrainerGenerator(program, plan);
    // written twice: the first time with every candidate setting, to leave out those no code reads
    Set<String> unread = SettingsEmitter.unread(generator.file(packageName, Set.of()).typeSpec());
    return generator.file(packageName, unread);
  }

  private JavaFile file(String packageName, Set<String> unreadSettings) {
    String className = new NameAllocator().newName(program.name() + "Trainer");
    TypeSpec.Builder type = TypeSpec.classBuilder(className)
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addSuperinterface(new DataParallelEmitter(ctx).applies() ? DATA_PARALLEL_TRAINER : TRAINER)
        .addAnnotation(AnnotationSpec.builder(GENERATED)
            .addMember("value", "$S", GENERATOR_NAME)
            .addMember("comments", "$S", "from " + program.sourceFile())
            .build())
        .addJavadoc("Trains {@code $L} as $L says: generated, do not edit.\n", program.name(),
            GeneratedComments.quote(program.sourceFile()))
        .addJavadoc("\n<p>Parameters live in one flat {@code $L} array laid out group by group ($L);\n", ctx.types().array(),
            String.join(", ", plan.tensors().stream().map(MemoryPlan.Tensor::name).toList()))
        .addJavadoc("gradients and optimizer state use the same layout.\n");

    ModelEmitter model = new ModelEmitter(ctx);
    LayoutEmitter layout = new LayoutEmitter(ctx);
    InitializationEmitter init = new InitializationEmitter(ctx);
    UpdateEmitter update = new UpdateEmitter(ctx);
    ScheduleEmitter schedule = new ScheduleEmitter(ctx);
    ClippingEmitter clipping = new ClippingEmitter(ctx);
    AccumulationEmitter accumulation = new AccumulationEmitter(ctx);
    RegularizationEmitter regularization = new RegularizationEmitter(ctx);
    StateEmitter state = new StateEmitter(ctx);
    StepEmitter step = new StepEmitter(ctx);
    EvaluationEmitter evaluation = new EvaluationEmitter(ctx);
    PruningEmitter pruning = new PruningEmitter(ctx);
    CheckpointEmitter checkpoint = new CheckpointEmitter(ctx);
    FaultCheckEmitter faults = new FaultCheckEmitter(ctx);

    // constants, written into a scratch class: the settings among them become fields the constructor assigns
    SettingsEmitter settings = new SettingsEmitter(ctx, ClassName.get(packageName, className), unreadSettings);
    TypeSpec.Builder constants = TypeSpec.classBuilder(className);
    new TrainingConstantsEmitter(ctx).constants(constants);
    PreprocessingEmitter preprocessing = new PreprocessingEmitter(ctx);
    preprocessing.constants(constants);
    model.constants(constants);
    layout.tensorConstants(constants);
    init.constants(constants);
    layout.groupConstants(constants);
    update.constants(constants);
    schedule.constants(constants);
    clipping.constants(constants);
    accumulation.constants(constants);
    regularization.constants(constants);
    LossEmitters.of(program.loss()).constants(ctx, constants);
    pruning.constants(constants);
    new EarlyStoppingEmitter(ctx).constants(constants);
    checkpoint.constants(constants);
    settings.addConstants(constants.build(), type);
    // state
    type.addField(settings.field());
    state.fields(type);
    clipping.fields(type);
    accumulation.fields(type);
    schedule.fields(type);
    pruning.fields(type);
    new EarlyStoppingEmitter(ctx).fields(type);
    type.addMethod(state.defaultConstructor());
    type.addMethod(state.constructor(pruning, settings));
    type.addMethod(init.initParameters());
    type.addMethod(new DataPipelineEmitter(ctx).data());
    type.addMethod(new DataPipelineEmitter(ctx).dataPipeline());
    // the step, training and evaluation entry points
    type.addMethod(step.stepArrays(faults, clipping, accumulation, pruning));
    type.addMethod(step.computeGradients(regularization));
    type.addMethod(step.lossOnly());
    type.addMethod(step.stepDataset());
    type.addMethod(new FitLoopEmitter(ctx).fit());
    boolean dataParallelTrainer = new DataParallelEmitter(ctx).applies();
    type.addMethod(new FitLoopEmitter(ctx).endEpoch(dataParallelTrainer));
    new EarlyStoppingEmitter(ctx).methods(type, dataParallelTrainer);
    type.addMethod(evaluation.predict());
    type.addMethod(evaluation.evaluate());
    type.addMethod(evaluation.predictInto());
    // the model, the loss, the gradient and the update
    model.forward(type);
    type.addMethod(LossEmitter.dataLoss(ctx));
    if (evaluation.needsSoftmaxRows()) {
      type.addMethod(evaluation.softmaxRows());
    }
    if (evaluation.needsSigmoidRows()) {
      type.addMethod(evaluation.sigmoidRows());
    }
    if (DenseMseEmitter.applies(program)) {
      // one linear output on mse: computeGradients runs one fused pass instead of forward, dataLoss, backward
      DenseMseEmitter.addTo(type, ctx);
    } else {
      model.backward(type);
    }
    type.addMethod(faults.checkFinite());
    type.addMethod(faults.checkParameters());
    regularization.methods(type);
    accumulation.methods(type);
    clipping.methods(type);
    pruning.methods(type);
    update.methods(type);
    schedule.methods(type);
    // helpers and accessors
    type.addMethod(step.gather());
    type.addMethod(step.checkShape());
    new AccessorsEmitter(ctx).methods(type);
    type.addMethod(preprocessing.accessor());
    type.addMethod(InferenceModelGenerator.trainerModel(ctx, packageName));
    type.addMethod(checkpoint.epochsCompleted());
    type.addMethod(checkpoint.save(settings));
    type.addMethod(checkpoint.load(settings));
    type.addMethod(new InitFromEmitter(ctx).initFrom());
    DataParallelEmitter dataParallel = new DataParallelEmitter(ctx);
    if (dataParallel.applies()) {
      dataParallel.methods(type, faults, clipping, pruning);
    }
    type.addMethod(settings.accessor());
    type.addType(settings.record());
    return JavaFile.builder(packageName, type.build()).skipJavaLangImports(true).build();
  }
}
