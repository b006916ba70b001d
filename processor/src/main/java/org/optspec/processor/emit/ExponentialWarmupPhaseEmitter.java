package org.optspec.processor.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.Optional;
import org.optspec.processor.ir.LrSchedule;

/** {@code warmup(kind: exponential)}: {@code base · start_factor^((L - t)/L)}, geometric from start_factor·base to base. */
final class ExponentialWarmupPhaseEmitter implements PhaseEmitter {

  @Override
  public String kind() {
    return "WARMUP";
  }

  @Override
  public void constants(LrSchedule.Phase phase, String p, String doc, TypeSpec.Builder type) {
    LrSchedule.ExponentialWarmup w = (LrSchedule.ExponentialWarmup) phase;
    type.addField(Durations.constant(p + "_LENGTH", w.warmup(), doc));
    type.addField(EmitContext.constant(TypeName.DOUBLE, p + "_START_FACTOR", CodeBlock.of("$L", w.startFactor()), null));
  }

  @Override
  public void body(LrSchedule.Phase phase, String p, Optional<CodeBlock> length, MethodSpec.Builder m) {
    m.addComment("warmup: exponential, the log of the lr rises linearly from log(start_factor · base) to log(base)")
        .beginControlFlow("if (t < $L)", length.get())
        .addStatement("return base * $T.pow($L_START_FACTOR, (double) ($L - t) / $L)", Math.class, p, length.get(),
            length.get());
  }
}
