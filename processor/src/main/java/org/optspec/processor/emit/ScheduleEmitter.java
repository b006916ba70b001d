package org.optspec.processor.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Modifier;
import org.optspec.processor.ir.LrSchedule;
import org.optspec.processor.ir.TrainingProgram;

/**
 * The learning-rate schedule: its constants, {@code learningRate(step)}, the closed form {@code scheduled(base, step)}
 * joining the phases ({@code then}), and {@code setStepsPerEpoch}. Each phase kind is a {@link PhaseEmitter}.
 */
final class ScheduleEmitter {

  private final EmitContext ctx;
  private final LrSchedule schedule;

  ScheduleEmitter(EmitContext ctx) {
    this.ctx = ctx;
    this.schedule = ctx.optimization().schedule();
  }

  /** The plateau detector's state, when a phase reduces on a plateau; a trainer's learning-rate override. */
  void fields(TypeSpec.Builder type) {
    if (schedule.hasPlateau()) {
      PlateauPhaseEmitter.fields(type);
    }
    if (trainer()) {
      type.addField(FieldSpec.builder(TypeName.DOUBLE, "lrOverride", Modifier.PRIVATE)
          .addJavadoc("The first group's learning rate instead of the schedule's when not NaN ({@code overrideLearningRate}).\n")
          .initializer("Double.NaN").build());
    }
  }

  void constants(TypeSpec.Builder type) {
    List<LrSchedule.Phase> phases = schedule.phases();
    for (int i = 0; i < phases.size(); i++) {
      String doc = i == 0 ? schedule.origin().describe() : null;
      PhaseEmitters.of(phases.get(i)).constants(phases.get(i), prefix(i), doc, type);
    }
  }

  /** {@code learningRate}, {@code scheduled} and, when a duration is in epochs, {@code setStepsPerEpoch}. */
  void methods(TypeSpec.Builder type) {
    type.addMethod(learningRate());
    type.addMethod(scheduled());
    if (trainer()) {
      type.addMethod(MethodSpec.methodBuilder("overrideLearningRate").addAnnotation(Override.class)
          .addModifiers(Modifier.PUBLIC).addParameter(TypeName.DOUBLE, "lr")
          .addStatement("lrOverride = lr").build());
    }
    if (ctx.needsStepsPerEpoch()) {
      type.addMethod(setStepsPerEpoch());
      if (trainer()) {
        type.addMethod(MethodSpec.methodBuilder("needsStepsPerEpoch").addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC).returns(TypeName.BOOLEAN)
            .addStatement("return true").build());
      }
    }
    for (int i = 0; i < schedule.phases().size(); i++) {
      if (schedule.phases().get(i) instanceof LrSchedule.Plateau) {
        type.addMethod(PlateauPhaseEmitter.observe(prefix(i)));
      }
    }
  }

  /** Whether the class is a trainer, whose {@code Trainer} interface declares these methods (an objective's does not). */
  private boolean trainer() {
    return ctx.optimization() instanceof TrainingProgram;
  }

  private MethodSpec.Builder overriding(MethodSpec.Builder m) {
    return trainer() ? m.addAnnotation(Override.class) : m;
  }

  private MethodSpec learningRate() {
    return overriding(MethodSpec.methodBuilder("learningRate")).addModifiers(Modifier.PUBLIC)
        .addJavadoc("The first group's learning rate at optimizer step {@code step} (counted from 0).\n")
        .returns(TypeName.DOUBLE)
        .addParameter(TypeName.LONG, "step")
        .addStatement("return scheduled(LR, step)")
        .build();
  }

  private MethodSpec scheduled() {
    MethodSpec.Builder m = MethodSpec.methodBuilder("scheduled").addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L\n<p>Closed form of the schedule for a group whose base learning rate is {@code base}; each phase's\n"
            + "clock restarts at 0 (SequentialLR).\n", schedule.origin().describe())
        .returns(TypeName.DOUBLE)
        .addParameter(TypeName.DOUBLE, "base").addParameter(TypeName.LONG, "step");
    if (trainer()) {
      m.beginControlFlow("if (!Double.isNaN(lrOverride))")
          .addComment("overrideLearningRate: each group in proportion to its base")
          .addStatement("return base / LR * lrOverride")
          .endControlFlow();
    }
    m.addStatement("long t = step");
    List<LrSchedule.Phase> phases = schedule.phases();
    for (int i = 0; i < phases.size(); i++) {
      LrSchedule.Phase phase = phases.get(i);
      String p = prefix(i);
      Optional<CodeBlock> length = phase.length().map(d -> Durations.steps(p + "_LENGTH", d));
      PhaseEmitters.of(phase).body(phase, p, length, m);
      length.ifPresent(l -> m.endControlFlow().addStatement("t -= $L", l));
      if (length.isPresent() && i == phases.size() - 1) {
        m.addStatement("return base");
      }
    }
    return m.build();
  }

  private MethodSpec setStepsPerEpoch() {
    return overriding(MethodSpec.methodBuilder("setStepsPerEpoch")).addModifiers(Modifier.PUBLIC)
        .addJavadoc("Tells the schedule how many steps an epoch has, for callers of step(x, y, n) that do not use fit.\n")
        .addParameter(TypeName.LONG, "stepsPerEpoch")
        .addStatement("this.stepsPerEpoch = stepsPerEpoch")
        .build();
  }

  /** The constant prefix of phase {@code i}: its kind, with its index when the kind repeats. */
  private String prefix(int i) {
    return prefix(schedule, i);
  }

  /** The constant prefix of phase {@code i} of {@code schedule}. */
  static String prefix(LrSchedule schedule, int i) {
    List<LrSchedule.Phase> phases = schedule.phases();
    String kind = PhaseEmitters.of(phases.get(i)).kind();
    long same = phases.stream().filter(p -> PhaseEmitters.of(p).kind().equals(kind)).count();
    return same > 1 ? kind + i : kind;
  }
}
