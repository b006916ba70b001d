package org.optspec.processor.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.TypeName;
import java.util.Locale;
import javax.lang.model.element.Modifier;
import org.optspec.processor.ir.Layer;
import org.optspec.processor.ir.Optimization;
import org.optspec.processor.ir.TrainingProgram;
import org.optspec.processor.plan.MemoryPlan;
import org.optspec.processor.plan.MemoryPlanner;

/** What every emitter reads: the program, its plan, the element types; and the naming helpers they share. */
final class EmitContext {

  private final TrainingProgram program;
  private final Optimization optimization;
  private final MemoryPlan plan;
  private final Types types;
  private final boolean inference;

  EmitContext(TrainingProgram program, MemoryPlan plan) {
    this(program, program, plan, false);
  }

  /** The context of an objective's class: no layers, no data, only what the optimizer and schedule emitters read. */
  EmitContext(Optimization optimization, MemoryPlan plan) {
    this(null, optimization, plan, false);
  }

  private EmitContext(TrainingProgram program, Optimization optimization, MemoryPlan plan, boolean inference) {
    this.inference = inference;
    this.program = program;
    this.optimization = optimization;
    this.plan = plan;
    this.types = new Types(optimization.precision());
  }

  /** The same program for the inference model's class: layers emit their evaluation-mode forward pass only. */
  EmitContext forInference() {
    return new EmitContext(program, optimization, plan, true);
  }

  /** Whether the class being written is the inference model (no training mode, no gradients, no optimizer). */
  boolean inference() {
    return inference;
  }

  TrainingProgram program() {
    if (program == null) {
      throw new IllegalStateException("an objective has no training program");
    }
    return program;
  }

  /**
   * Whether the class needs a {@code stepsPerEpoch} field: a trainer whose schedule or pruning counts in
   * epochs; an objective only through its schedule (it has no epochs, so lowering rejects those).
   */
  boolean needsStepsPerEpoch() {
    return program != null ? program.needsStepsPerEpoch() : optimization.schedule().needsStepsPerEpoch();
  }

  /** The optimizer, schedule and clipping: what the update, schedule and clipping emitters read. */
  Optimization optimization() {
    return optimization;
  }

  MemoryPlan plan() {
    return plan;
  }

  Types types() {
    return types;
  }

  Layer layer(int i) {
    return program.layers().get(i);
  }

  /** The output buffer field of a layer. */
  String output(Layer layer) {
    return plan.buffer(layer.name(), MemoryPlan.Buffer.Kind.OUTPUT).field();
  }

  /** The dLoss/d(output) buffer field of a layer. */
  String gradient(Layer layer) {
    return plan.buffer(layer.name(), MemoryPlan.Buffer.Kind.GRADIENT).field();
  }

  /** The array layer {@code i} reads: {@code x} for the first, else the previous layer's output buffer. */
  String inputOf(int i) {
    return i == 0 ? "x" : output(layer(i - 1));
  }

  /** Whether layer {@code i} must run backward: it has parameters, or a layer before it has. */
  boolean needsBackward(int i) {
    for (int j = 0; j <= i; j++) {
      if (layer(j).hasParameters()) {
        return true;
      }
    }
    return false;
  }

  /** Whether layer {@code i} must pass a gradient to its input: some layer before it has parameters. */
  boolean needsInputGradient(int i) {
    return i > 0 && needsBackward(i - 1);
  }

  /** A {@code static final} constant of the generated class, with its javadoc when {@code doc} is not null. */
  static FieldSpec constant(TypeName type, String name, CodeBlock value, String doc) {
    FieldSpec.Builder f = FieldSpec.builder(type, name, Modifier.STATIC, Modifier.FINAL).initializer(value);
    if (doc != null) {
      f.addJavadoc("$L\n", doc);
    }
    return f.build();
  }

  /** {@code dense0.weight} → {@code DENSE0_WEIGHT}. */
  static String constName(String name) {
    return MemoryPlanner.constantName(name);
  }

  /** {@code my-group} → {@code MyGroup}. */
  static String camel(String name) {
    StringBuilder b = new StringBuilder();
    for (String part : name.split("[^A-Za-z0-9]+")) {
      if (!part.isEmpty()) {
        b.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
      }
    }
    return b.toString();
  }
}
