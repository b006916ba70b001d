package org.optspec.processor.emit;

import static org.optspec.processor.emit.EmitContext.constant;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import org.optspec.processor.plan.MemoryPlan;

/** The flat layout's constants: each tensor's offset and size, PARAMETER_COUNT, each group's range. */
final class LayoutEmitter {

  private final MemoryPlan plan;

  LayoutEmitter(EmitContext ctx) {
    this.plan = ctx.plan();
  }

  void tensorConstants(TypeSpec.Builder type) {
    for (MemoryPlan.Tensor t : plan.tensors()) {
      type.addField(constant(TypeName.INT, t.constant(), CodeBlock.of("$L", t.offset()),
          "Offset of {@code " + t.name() + "} in the flat arrays."));
      type.addField(constant(TypeName.INT, t.constant() + "_SIZE", CodeBlock.of("$L", t.length()), null));
    }
    type.addField(constant(TypeName.INT, "PARAMETER_COUNT", CodeBlock.of("$L", plan.parameterCount()), null));
  }

  void groupConstants(TypeSpec.Builder type) {
    for (MemoryPlan.GroupRange g : plan.groups()) {
      type.addField(constant(TypeName.INT, g.constant() + "_START", CodeBlock.of("$L", g.start()),
          "Optimizer group {@code " + g.group() + "}: parameters [" + g.constant() + "_START, " + g.constant() + "_END)."));
      type.addField(constant(TypeName.INT, g.constant() + "_END", CodeBlock.of("$L", g.end()), null));
    }
  }
}
