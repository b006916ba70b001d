package org.optspec.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.List;
import javax.lang.model.element.Modifier;
import org.optspec.processor.ir.ObjectiveProgram;
import org.optspec.processor.ir.Optimizer;

/**
 * {@code natural_gradient(lr, damping)}: {@code p -= lr · F⁻¹g} over all parameters jointly, with the damped
 * empirical Fisher {@code F = (1/B)·Σ gᵢgᵢᵀ + damping·I} of the batch's B per-sample gradients and g their mean
 * (after regularization and clipping). {@code computeGradients} gets the per-sample gradients by B forward/backward
 * passes of one row each ({@link StepEmitter}); {@code update()} solves once with the runtime's
 * {@code DampedFisher} (EJML's Cholesky on matrices allocated at construction), and each group moves by its lr.
 */
final class NaturalGradientEmitter implements OptimizerEmitter {

  static final ClassName DAMPED_FISHER = ClassName.get("org.optspec.runtime.kernels", "DampedFisher");

  @Override
  public List<String> hyperParameters() {
    return List.of("lr", "damping");
  }

  @Override
  public void fields(EmitContext ctx, HyperParameters hp, Optimizer opt, TypeSpec.Builder type) {
    Types t = ctx.types();
    if (!(ctx.optimization() instanceof ObjectiveProgram)) {
      trainerFields(t, type);
    }
    type.addField(FieldSpec.builder(t.array(), "direction", Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("natural_gradient: F⁻¹g, the direction every group moves along.\n")
        .initializer("new $T[PARAMETER_COUNT]", t.elem()).build());
    type.addField(FieldSpec.builder(DAMPED_FISHER, "fisher", Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("natural_gradient: the damped Fisher solve, its PARAMETER_COUNT² matrix allocated once.\n")
        .initializer("new $T(PARAMETER_COUNT)", DAMPED_FISHER).build());
  }

  /** A trainer's per-sample staging: one row of inputs and targets, and every row's gradient. */
  private static void trainerFields(Types t, TypeSpec.Builder type) {
    type.addField(FieldSpec.builder(t.array(), "sampleX", Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("natural_gradient: one input row, for the per-sample passes.\n")
        .initializer("new $T[IN]", t.elem()).build());
    type.addField(FieldSpec.builder(t.array(), "sampleY", Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("natural_gradient: one target row, for the per-sample passes.\n")
        .initializer("new $T[TARGET_COLUMNS]", t.elem()).build());
    type.addField(FieldSpec.builder(t.array(), "sampleGrads", Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("natural_gradient: the last batch's per-sample gradients, BATCH rows of PARAMETER_COUNT.\n")
        .initializer("new $T[BATCH * PARAMETER_COUNT]", t.elem()).build());
    type.addField(FieldSpec.builder(TypeName.INT, "samples", Modifier.PRIVATE)
        .addJavadoc("natural_gradient: the rows of {@link #sampleGrads} the last computeGradients filled.\n").build());
  }

  @Override
  public void beforeGroups(EmitContext ctx, Optimizer opt, MethodSpec.Builder update) {
    if (ctx.optimization() instanceof ObjectiveProgram) {
      update.addComment("an objective is one sample: F = g gᵀ + damping·I");
      update.addStatement("fisher.solve(grads, 1, grads, DAMPING, direction)");
    } else {
      update.addStatement("fisher.solve(sampleGrads, samples, grads, DAMPING, direction)");
    }
  }

  @Override
  public void groupBody(EmitContext ctx, HyperParameters hp, Optimizer.Group g, String start, String end,
      MethodSpec.Builder m) {
    Types t = ctx.types();
    m.addStatement("$T rate = $Llr", t.elem(), t.cast())
        .beginControlFlow("for (int i = $L; i < $L; i++)", start, end)
        .addStatement("params[i] -= rate * direction[i]")
        .endControlFlow();
  }
}
