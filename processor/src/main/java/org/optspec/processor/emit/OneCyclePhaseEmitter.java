package org.optspec.processor.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.Optional;
import org.optspec.processor.ir.LrSchedule;

/**
 * {@code one_cycle}: torch OneCycleLR (cosine annealing, two phases, no momentum cycling). Like torch it replaces the
 * optimizer's lr: the cycle runs from {@code max_lr/div_factor} up to {@code max_lr} and down to
 * {@code max_lr/div_factor/final_div_factor}; a group with its own lr gets the cycle scaled by its lr over the
 * optimizer's. Torch's formula holds up to step T (torch refuses to step further); past it the lr stays at the minimum.
 */
final class OneCyclePhaseEmitter implements PhaseEmitter {

  @Override
  public String kind() {
    return "ONE_CYCLE";
  }

  @Override
  public void constants(LrSchedule.Phase phase, String p, String doc, TypeSpec.Builder type) {
    LrSchedule.OneCycle c = (LrSchedule.OneCycle) phase;
    type.addField(Durations.constant(p + "_LENGTH", c.period(), doc));
    type.addField(EmitContext.constant(TypeName.DOUBLE, p + "_MAX_LR", CodeBlock.of("$L", c.maxLr()), null));
    type.addField(EmitContext.constant(TypeName.DOUBLE, p + "_PCT_START", CodeBlock.of("$L", c.pctStart()), null));
    type.addField(EmitContext.constant(TypeName.DOUBLE, p + "_DIV_FACTOR", CodeBlock.of("$L", c.divFactor()), null));
    type.addField(EmitContext.constant(TypeName.DOUBLE, p + "_FINAL_DIV_FACTOR", CodeBlock.of("$L", c.finalDivFactor()),
        null));
  }

  @Override
  public void body(LrSchedule.Phase phase, String p, Optional<CodeBlock> length, MethodSpec.Builder m) {
    LrSchedule.OneCycle c = (LrSchedule.OneCycle) phase;
    CodeBlock total = Durations.period(p + "_LENGTH", c.period());
    m.addComment("one_cycle: OneCycleLR, cosine up to max_lr over pct_start of the cycle, then down");
    length.ifPresent(l -> m.beginControlFlow("if (t < $L)", l));
    m.addStatement("double peak = $L_MAX_LR * (base / LR)", p)
        .addStatement("double initial = peak / $L_DIV_FACTOR", p)
        .addStatement("double minimum = initial / $L_FINAL_DIV_FACTOR", p)
        .addStatement("double total = $L", total)
        .addStatement("double peakStep = $L_PCT_START * total - 1", p);
    if (c.last()) {
      m.beginControlFlow("if (t > total)").addStatement("return minimum").endControlFlow();
    }
    m.beginControlFlow("if (t <= peakStep)")
        .addComment("a rise of 0 steps (pct_start · total = 1) starts at the peak, not at 0 / 0")
        .addStatement("return peak + (initial - peak) / 2.0 * ($T.cos($T.PI * (peakStep > 0 ? t / peakStep : 1)) + 1)",
            Math.class, Math.class)
        .endControlFlow()
        .addStatement("double pct = (t - peakStep) / (total - 1 - peakStep)")
        .addStatement("return minimum + (peak - minimum) / 2.0 * ($T.cos($T.PI * pct) + 1)", Math.class, Math.class);
  }
}
