package org.optspec.processor.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.Optional;
import org.optspec.processor.ir.LrSchedule;

/** {@code warmup(kind: linear)}: torch LinearLR, the factor rises from start_factor to 1 over the length. */
final class WarmupPhaseEmitter implements PhaseEmitter {

  @Override
  public String kind() {
    return "WARMUP";
  }

  @Override
  public void constants(LrSchedule.Phase phase, String p, String doc, TypeSpec.Builder type) {
    LrSchedule.LinearWarmup w = (LrSchedule.LinearWarmup) phase;
    type.addField(Durations.constant(p + "_LENGTH", w.warmup(), doc));
    type.addField(EmitContext.constant(TypeName.DOUBLE, p + "_START_FACTOR", CodeBlock.of("$L", w.startFactor()), null));
  }

  @Override
  public void body(LrSchedule.Phase phase, String p, Optional<CodeBlock> length, MethodSpec.Builder m) {
    m.addComment("warmup: LinearLR, factor rises from start_factor to 1 over its length")
        .beginControlFlow("if (t < $L)", length.get())
        .addStatement("return base * ($L_START_FACTOR + (1 - $L_START_FACTOR) * t / $L)", p, p, length.get());
  }
}
