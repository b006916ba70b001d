package org.optspec.processor.emit;

import static org.optspec.processor.emit.RuntimeTypes.GENERATED;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.TypeSpec;
import javax.lang.model.element.Modifier;
import org.optspec.processor.ir.ObjectiveProgram;
import org.optspec.processor.plan.MemoryPlan;

/**
 * Writes the class of a lowered objective, {@code <Name>Trainer implements Objective}: the flat layout, optimizer,
 * schedule and clipping exactly as a trainer has them (the same emitters), the expression and its reverse-mode
 * gradient ({@link ObjectiveExpressionEmitter}), and the step, run and accessors ({@link ObjectiveRunEmitter}).
 */
public final class ObjectiveGenerator {

  static final ClassName OBJECTIVE = ClassName.get(RuntimeTypes.RUNTIME, "Objective");
  static final ClassName OBJECTIVE_REPORT = ClassName.get(RuntimeTypes.RUNTIME, "ObjectiveReport");

  private final ObjectiveProgram program;
  private final MemoryPlan plan;
  private final EmitContext ctx;

  private ObjectiveGenerator(ObjectiveProgram program, MemoryPlan plan) {
    this.program = program;
    this.plan = plan;
    this.ctx = new EmitContext(program, plan);
  }

  public static JavaFile generate(ObjectiveProgram program, MemoryPlan plan, String packageName) {
    return new ObjectiveGenerator(program, plan).file(packageName);
  }

  private JavaFile file(String packageName) {
    String className = new NameAllocator().newName(program.name() + "Trainer");
    TypeSpec.Builder type = TypeSpec.classBuilder(className)
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addSuperinterface(OBJECTIVE)
        .addAnnotation(AnnotationSpec.builder(GENERATED)
            .addMember("value", "$S", TrainerGenerator.GENERATOR_NAME)
            .addMember("comments", "$S", "from " + program.sourceFile())
            .build())
        .addJavadoc("Minimizes {@code $L} as $L says: generated, do not edit.\n", program.name(), program.sourceFile())
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
