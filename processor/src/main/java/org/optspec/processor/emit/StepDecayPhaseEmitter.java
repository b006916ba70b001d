package org.optspec.processor.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.Optional;
import org.optspec.processor.ir.LrSchedule;

/** {@code step}: torch StepLR, base · gamma^floor(t / every). */
final class StepDecayPhaseEmitter implements PhaseEmitter {

  @Override
  public String kind() {
    return "STEP";
  }

  @Override
  public void constants(LrSchedule.Phase phase, String p, String doc, TypeSpec.Builder type) {
    LrSchedule.StepDecay s = (LrSchedule.StepDecay) phase;
    type.addField(Durations.constant(p + "_EVERY", s.every(), doc));
    type.addField(EmitContext.constant(TypeName.DOUBLE, p + "_GAMMA", CodeBlock.of("$L", s.gamma()), null));
  }

  @Override
  public void body(LrSchedule.Phase phase, String p, Optional<CodeBlock> length, MethodSpec.Builder m) {
    LrSchedule.StepDecay s = (LrSchedule.StepDecay) phase;
    m.addComment("step: StepLR, base · gamma^floor(t / every)")
        .addStatement("return base * $T.pow($L_GAMMA, t / $L)", Math.class, p, Durations.period(p + "_EVERY", s.every()));
  }
}
