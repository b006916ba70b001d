package org.optspec.processor.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.Optional;
import org.optspec.processor.ir.LrSchedule;

/** {@code multistep}: torch MultiStepLR, {@code base · gamma^(milestones reached)}, one constant per milestone. */
final class MultiStepPhaseEmitter implements PhaseEmitter {

  @Override
  public String kind() {
    return "MULTISTEP";
  }

  @Override
  public void constants(LrSchedule.Phase phase, String p, String doc, TypeSpec.Builder type) {
    LrSchedule.MultiStep s = (LrSchedule.MultiStep) phase;
    for (int i = 0; i < s.milestones().size(); i++) {
      type.addField(Durations.constant(p + "_MILESTONE" + i, s.milestones().get(i), i == 0 ? doc : null));
    }
    type.addField(EmitContext.constant(TypeName.DOUBLE, p + "_GAMMA", CodeBlock.of("$L", s.gamma()), null));
    s.length().ifPresent(l -> type.addField(Durations.constant(p + "_LENGTH", l, null)));
  }

  @Override
  public void body(LrSchedule.Phase phase, String p, Optional<CodeBlock> length, MethodSpec.Builder m) {
    LrSchedule.MultiStep s = (LrSchedule.MultiStep) phase;
    m.addComment("multistep: MultiStepLR, base · gamma^(milestones reached)");
    length.ifPresent(l -> m.beginControlFlow("if (t < $L)", l));
    m.addStatement("int reached = 0");
    for (int i = 0; i < s.milestones().size(); i++) {
      m.beginControlFlow("if (t >= $L)", Durations.steps(p + "_MILESTONE" + i, s.milestones().get(i)))
          .addStatement("reached++")
          .endControlFlow();
    }
    m.addStatement("return base * $T.pow($L_GAMMA, reached)", Math.class, p);
  }
}
