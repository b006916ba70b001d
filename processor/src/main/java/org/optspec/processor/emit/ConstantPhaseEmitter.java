package org.optspec.processor.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.Optional;
import org.optspec.processor.ir.LrSchedule;

/** {@code constant}: base · factor. */
final class ConstantPhaseEmitter implements PhaseEmitter {

  @Override
  public String kind() {
    return "CONSTANT";
  }

  @Override
  public void constants(LrSchedule.Phase phase, String p, String doc, TypeSpec.Builder type) {
    LrSchedule.Constant c = (LrSchedule.Constant) phase;
    type.addField(EmitContext.constant(TypeName.DOUBLE, p + "_FACTOR", CodeBlock.of("$L", c.factor()), doc));
    c.length().ifPresent(d -> type.addField(Durations.constant(p + "_LENGTH", d, null)));
  }

  @Override
  public void body(LrSchedule.Phase phase, String p, Optional<CodeBlock> length, MethodSpec.Builder m) {
    m.addComment("constant: base · factor");
    length.ifPresent(l -> m.beginControlFlow("if (t < $L)", l));
    m.addStatement("return base * $L_FACTOR", p);
  }
}
