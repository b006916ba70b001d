package org.optspec.processor.emit;

import static org.optspec.processor.emit.RuntimeTypes.GENERATED;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Modifier;
import org.optspec.processor.GeneratedComments;
import org.optspec.processor.ir.ObjectiveProgram;
import org.optspec.processor.plan.MemoryPlan;

/**
 * Writes the class of a lowered objective, {@code <Name>Trainer implements Objective}: the flat layout, optimizer,
 * schedule and clipping exactly as a trainer has them (the same emitters), the expression and its reverse-mode
 * gradient ({@link ObjectiveExpressionEmitter}), and the step, run and accessors ({@link ObjectiveRunEmitter}).
 */
public final class ObjectiveGenerator {

  private final ObjectiveProgram program;
  private final MemoryPlan plan;
  private final EmitContext ctx;

  private ObjectiveGenerator(ObjectiveProgram program, MemoryPlan plan) {
    this.program = program;
    this.plan = clearOfOtherMembers(plan, otherMembers(program, plan));
    this.ctx = new EmitContext(program, this.plan);
  }

  /**
   * The plan with each tensor's offset constant renamed ({@code LR} → {@code LR_PARAM}) where it, its {@code _SIZE}
   * or its {@code INITIAL_} array would take the name of another member: a parameter may be called {@code lr},
   * {@code eps} or {@code steps}.
   */
  private static MemoryPlan clearOfOtherMembers(MemoryPlan plan, Set<String> taken) {
    Set<String> used = new HashSet<>(taken);
    List<MemoryPlan.Tensor> tensors = new ArrayList<>();
    for (MemoryPlan.Tensor t : plan.tensors()) {
      String c = t.constant();
      while (used.contains(c) || used.contains(c + "_SIZE") || used.contains("INITIAL_" + c)) {
        c = c + "_PARAM";
      }
      used.addAll(List.of(c, c + "_SIZE", "INITIAL_" + c));
      tensors.add(new MemoryPlan.Tensor(t.name(), c, t.offset(), t.length()));
    }
    return new MemoryPlan(tensors, plan.groups(), plan.buffers(), plan.parameterCount());
  }

  /** The members the class has besides the tensors' offsets, sizes and initial values. */
  private static Set<String> otherMembers(ObjectiveProgram program, MemoryPlan plan) {
    EmitContext scratch = new EmitContext(program, plan);
    TypeSpec.Builder type = TypeSpec.classBuilder("Members");
    new LayoutEmitter(scratch).groupConstants(type);
    new UpdateEmitter(scratch).constants(type);
    ScheduleEmitter schedule = new ScheduleEmitter(scratch);
    schedule.constants(type);
    schedule.fields(type);
    ClippingEmitter clipping = new ClippingEmitter(scratch);
    clipping.constants(type);
    clipping.fields(type);
    new StateEmitter(scratch).parameterFields(type);
    new ObjectiveRunEmitter(scratch, program).fields(type);
    new ObjectiveExpressionEmitter(scratch, program).fields(type);
    Set<String> names = new HashSet<>(List.of("NAME", "STEPS", "STOP_BELOW", "PARAMETER_NAMES", "PARAMETER_COUNT"));
    type.build().fieldSpecs().forEach(f -> names.add(f.name()));
    return names;
  }

  public static JavaFile generate(ObjectiveProgram program, MemoryPlan plan, String packageName) {
    return new ObjectiveGenerator(program, plan).file(packageName);
  }

  private JavaFile file(String packageName) {
    String className = new NameAllocator().newName(program.name() + "Trainer");
    TypeSpec.Builder type = TypeSpec.classBuilder(className)
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addSuperinterface(RuntimeTypes.OBJECTIVE)
        .addAnnotation(AnnotationSpec.builder(GENERATED)
            .addMember("value", "$S", TrainerGenerator.GENERATOR_NAME)
            .addMember("comments", "$S", "from " + program.sourceFile())
            .build())
        .addJavadoc("Minimizes {@code $L} as $L says: generated, do not edit.\n", program.name(),
            GeneratedComments.quote(program.sourceFile()))
        .addJavadoc("\n<p>Parameters live in one flat {@code $L} array laid out group by group ($L);\n", ctx.types().array(),
            String.join(", ", plan.tensors().stream().map(MemoryPlan.Tensor::name).toList()))
        .addJavadoc("gradients and optimizer state use the same layout.\n");

    LayoutEmitter layout = new LayoutEmitter(ctx);
    UpdateEmitter update = new UpdateEmitter(ctx);
    ScheduleEmitter schedule = new ScheduleEmitter(ctx);
    ClippingEmitter clipping = new ClippingEmitter(ctx);
    StateEmitter state = new StateEmitter(ctx);
    ObjectiveExpressionEmitter expression = new ObjectiveExpressionEmitter(ctx, program);
    ObjectiveRunEmitter run = new ObjectiveRunEmitter(ctx, program);

    // constants
    run.constants(type);
    layout.tensorConstants(type);
    layout.groupConstants(type);
    update.constants(type);
    schedule.constants(type);
    clipping.constants(type);
    // state
    state.parameterFields(type);
    clipping.fields(type);
    schedule.fields(type);
    run.fields(type);
    expression.fields(type);
    type.addMethod(run.constructor(state));
    // the run, the step, the expression and its gradient, the update
    type.addMethod(run.minimize());
    type.addMethod(run.step(clipping));
    expression.methods(type);
    clipping.methods(type);
    update.methods(type);
    schedule.methods(type);
    run.accessors(type);
    return JavaFile.builder(packageName, type.build()).skipJavaLangImports(true).build();
  }
}
