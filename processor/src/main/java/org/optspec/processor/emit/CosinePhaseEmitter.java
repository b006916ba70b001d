package org.optspec.processor.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.Optional;
import org.optspec.processor.ir.LrSchedule;

/** {@code cosine}: torch CosineAnnealingLR down to min_lr, holding there past its length. */
final class CosinePhaseEmitter implements PhaseEmitter {

  @Override
  public String kind() {
    return "COSINE";
  }

  @Override
  public void constants(LrSchedule.Phase phase, String p, String doc, TypeSpec.Builder type) {
    LrSchedule.Cosine c = (LrSchedule.Cosine) phase;
    type.addField(Durations.constant(p + "_LENGTH", c.period(), doc));
    type.addField(EmitContext.constant(TypeName.DOUBLE, p + "_MIN_LR", CodeBlock.of("$L", c.minLr()), null));
  }

  @Override
  public void body(LrSchedule.Phase phase, String p, Optional<CodeBlock> length, MethodSpec.Builder m) {
    LrSchedule.Cosine c = (LrSchedule.Cosine) phase;
    CodeBlock period = Durations.steps(p + "_LENGTH", c.period());
    m.addComment("cosine: CosineAnnealingLR, holding at min_lr past its length");
    length.ifPresent(l -> m.beginControlFlow("if (t < $L)", l));
    if (c.last()) {
      m.beginControlFlow("if (t >= $L)", period)
          .addStatement("return $L_MIN_LR", p)
          .endControlFlow();
    }
    m.addStatement("return $L_MIN_LR + (base - $L_MIN_LR) * (1 + $T.cos($T.PI * t / $L)) / 2", p, p, Math.class, Math.class,
        period);
  }
}
