package org.optspec.processor.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.Optional;
import org.optspec.processor.ir.LrSchedule;

/**
 * {@code cosine_restarts}: torch CosineAnnealingWarmRestarts (T_0, T_mult, eta_min) with Keras' m_mul shrinking each
 * period's amplitude. The period is found by walking whole periods, as torch's recursive step does, so the boundaries
 * are exact integers (no floating-point logarithm).
 */
final class CosineRestartsPhaseEmitter implements PhaseEmitter {

  @Override
  public String kind() {
    return "COSINE_RESTARTS";
  }

  @Override
  public void constants(LrSchedule.Phase phase, String p, String doc, TypeSpec.Builder type) {
    LrSchedule.CosineRestarts c = (LrSchedule.CosineRestarts) phase;
    type.addField(Durations.constant(p + "_FIRST", c.first(), doc));
    type.addField(EmitContext.constant(TypeName.LONG, p + "_T_MUL", CodeBlock.of("$LL", Math.round(c.tMul())), null));
    type.addField(EmitContext.constant(TypeName.DOUBLE, p + "_M_MUL", CodeBlock.of("$L", c.mMul()), null));
    type.addField(EmitContext.constant(TypeName.DOUBLE, p + "_MIN_LR", CodeBlock.of("$L", c.minLr()), null));
  }

  @Override
  public void body(LrSchedule.Phase phase, String p, Optional<CodeBlock> length, MethodSpec.Builder m) {
    LrSchedule.CosineRestarts c = (LrSchedule.CosineRestarts) phase;
    m.addComment("cosine_restarts: CosineAnnealingWarmRestarts, each period t_mul times longer, m_mul times lower")
        .addStatement("long period = $L", Durations.period(p + "_FIRST", c.first()))
        .addStatement("double amplitude = 1")
        .beginControlFlow("while (t >= period)")
        .addStatement("t -= period")
        .addComment("saturates instead of wrapping, so a huge t_mul ends the loop")
        .addStatement("period = period > Long.MAX_VALUE / $L_T_MUL ? Long.MAX_VALUE : period * $L_T_MUL", p, p)
        .addStatement("amplitude *= $L_M_MUL", p)
        .endControlFlow()
        .addStatement("return $L_MIN_LR + amplitude * (base - $L_MIN_LR) * (1 + $T.cos($T.PI * t / period)) / 2", p, p,
            Math.class, Math.class);
  }
}
