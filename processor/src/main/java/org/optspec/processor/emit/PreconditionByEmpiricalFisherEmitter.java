package org.optspec.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import javax.lang.model.element.Modifier;
import org.optspec.processor.ir.ObjectiveProgram;
import org.optspec.processor.ir.Transform;

/**
 * natural_gradient's u = F⁻¹g over every parameter jointly, F the damped empirical Fisher of the batch's per-sample
 * gradients (the runtime's {@code DampedFisher}); it runs once before the groups' loops, which start from its
 * direction.
 */
final class PreconditionByEmpiricalFisherEmitter implements TransformEmitter {

  /** The runtime's damped empirical Fisher solve (EJML's Cholesky on matrices allocated at construction). */
  static final ClassName DAMPED_FISHER = ClassName.get("org.optspec.runtime.kernels", "DampedFisher");

  @Override
  public String name() {
    return "precondition_by_empirical_fisher";
  }

  @Override
  public Scope scope() {
    return Scope.ALL;
  }

  @Override
  public String initialUpdate() {
    return "direction[i]";
  }

  @Override
  public void fields(EmitContext ctx, TypeSpec.Builder type) {
    Types t = ctx.types();
    if (!(ctx.optimization() instanceof ObjectiveProgram)) {
      // computeGradients (StepEmitter) fills these by one forward/backward pass per row of the batch
      type.addField(FieldSpec.builder(t.array(), "sampleX", Modifier.PRIVATE, Modifier.FINAL)
          .addJavadoc("precondition_by_empirical_fisher: one input row, for the per-sample passes.\n")
          .initializer("new $T[IN]", t.elem()).build());
      type.addField(FieldSpec.builder(t.array(), "sampleY", Modifier.PRIVATE, Modifier.FINAL)
          .addJavadoc("precondition_by_empirical_fisher: one target row, for the per-sample passes.\n")
          .initializer("new $T[TARGET_COLUMNS]", t.elem()).build());
      type.addField(FieldSpec.builder(t.array(), "sampleGrads", Modifier.PRIVATE, Modifier.FINAL)
          .addJavadoc("precondition_by_empirical_fisher: the last batch's per-sample gradients, BATCH rows of "
              + "PARAMETER_COUNT.\n")
          .initializer("new $T[BATCH * PARAMETER_COUNT]", t.elem()).build());
      type.addField(FieldSpec.builder(TypeName.INT, "samples", Modifier.PRIVATE)
          .addJavadoc("precondition_by_empirical_fisher: the rows of {@link #sampleGrads} the last computeGradients "
              + "filled.\n").build());
    }
    type.addField(FieldSpec.builder(t.array(), "direction", Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("precondition_by_empirical_fisher: F⁻¹g, the direction every group moves along.\n")
        .initializer("new $T[PARAMETER_COUNT]", t.elem()).build());
    type.addField(FieldSpec.builder(DAMPED_FISHER, "fisher", Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("precondition_by_empirical_fisher: the damped Fisher solve, its PARAMETER_COUNT² matrix allocated "
            + "once.\n")
        .initializer("new $T(PARAMETER_COUNT)", DAMPED_FISHER).build());
  }

  @Override
  public void beforeGroups(EmitContext ctx, Transform t, MethodSpec.Builder update) {
    update.addComment("precondition_by_empirical_fisher: F⁻¹g over every parameter jointly, into direction");
    if (ctx.optimization() instanceof ObjectiveProgram) {
      update.addComment("an objective is one sample: F = g gᵀ + damping·I");
      update.addStatement("fisher.solve(grads, 1, grads, DAMPING, direction)");
    } else {
      update.addStatement("fisher.solve(sampleGrads, samples, grads, DAMPING, direction)");
    }
  }
}
