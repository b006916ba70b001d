package org.optspec.processor.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.Optional;
import org.optspec.processor.ir.LrSchedule;

/** {@code exponential}: torch ExponentialLR stepped every {@code every}, {@code base · gamma^floor(t / every)}. */
final class ExponentialPhaseEmitter implements PhaseEmitter {

  @Override
  public String kind() {
    return "EXPONENTIAL";
  }

  @Override
  public void constants(LrSchedule.Phase phase, String p, String doc, TypeSpec.Builder type) {
    LrSchedule.Exponential e = (LrSchedule.Exponential) phase;
    type.addField(Durations.constant(p + "_EVERY", e.every(), doc));
    type.addField(EmitContext.constant(TypeName.DOUBLE, p + "_GAMMA", CodeBlock.of("$L", e.gamma()), null));
    e.length().ifPresent(l -> type.addField(Durations.constant(p + "_LENGTH", l, null)));
  }

  @Override
  public void body(LrSchedule.Phase phase, String p, Optional<CodeBlock> length, MethodSpec.Builder m) {
    LrSchedule.Exponential e = (LrSchedule.Exponential) phase;
    m.addComment("exponential: ExponentialLR, base · gamma^floor(t / every)");
    length.ifPresent(l -> m.beginControlFlow("if (t < $L)", l));
    m.addStatement("return base * $T.pow($L_GAMMA, t / $L)", Math.class, p, Durations.period(p + "_EVERY", e.every()));
  }
}
