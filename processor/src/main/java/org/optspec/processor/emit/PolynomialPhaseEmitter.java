package org.optspec.processor.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.Optional;
import org.optspec.processor.ir.LrSchedule;

/** {@code polynomial}: torch PolynomialLR with an end value, {@code end + (base - end)·(1 - t/T)^power}, then end. */
final class PolynomialPhaseEmitter implements PhaseEmitter {

  @Override
  public String kind() {
    return "POLYNOMIAL";
  }

  @Override
  public void constants(LrSchedule.Phase phase, String p, String doc, TypeSpec.Builder type) {
    LrSchedule.Polynomial s = (LrSchedule.Polynomial) phase;
    type.addField(Durations.constant(p + "_LENGTH", s.period(), doc));
    type.addField(EmitContext.constant(TypeName.DOUBLE, p + "_POWER", CodeBlock.of("$L", s.power()), null));
    type.addField(EmitContext.constant(TypeName.DOUBLE, p + "_END_LR", CodeBlock.of("$L", s.endLr()), null));
  }

  @Override
  public void body(LrSchedule.Phase phase, String p, Optional<CodeBlock> length, MethodSpec.Builder m) {
    LrSchedule.Polynomial s = (LrSchedule.Polynomial) phase;
    CodeBlock period = Durations.steps(p + "_LENGTH", s.period());
    m.addComment("polynomial: PolynomialLR decaying to end_lr, holding there past its length");
    length.ifPresent(l -> m.beginControlFlow("if (t < $L)", l));
    if (s.last()) {
      m.beginControlFlow("if (t >= $L)", period).addStatement("return $L_END_LR", p).endControlFlow();
    }
    m.addStatement("return $L_END_LR + (base - $L_END_LR) * $T.pow(1 - (double) t / $L, $L_POWER)", p, p, Math.class,
        period, p);
  }
}
