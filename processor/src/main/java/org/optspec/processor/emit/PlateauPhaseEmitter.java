package org.optspec.processor.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.Optional;
import javax.lang.model.element.Modifier;
import org.optspec.processor.ir.LrSchedule;

/**
 * {@code plateau}: torch ReduceLROnPlateau (mode min, relative threshold). {@code observePlateau(metric)} counts the
 * reductions; the lr is the base reduced that many times as torch does it, {@code max(lr·factor, min_lr)} and skipped
 * when that changes the lr by at most 1e-8, so every group follows torch's per-group recursion.
 */
final class PlateauPhaseEmitter implements PhaseEmitter {

  @Override
  public String kind() {
    return "PLATEAU";
  }

  @Override
  public void constants(LrSchedule.Phase phase, String p, String doc, TypeSpec.Builder type) {
    LrSchedule.Plateau s = (LrSchedule.Plateau) phase;
    type.addField(EmitContext.constant(TypeName.DOUBLE, p + "_FACTOR", CodeBlock.of("$L", s.factor()), doc));
    type.addField(EmitContext.constant(TypeName.INT, p + "_PATIENCE", CodeBlock.of("$L", s.patience()), null));
    type.addField(EmitContext.constant(TypeName.DOUBLE, p + "_MIN_LR", CodeBlock.of("$L", s.minLr()), null));
    type.addField(EmitContext.constant(TypeName.DOUBLE, p + "_THRESHOLD", CodeBlock.of("$L", s.threshold()), null));
    type.addField(EmitContext.constant(TypeName.INT, p + "_COOLDOWN", CodeBlock.of("$L", s.cooldown()), null));
    s.length().ifPresent(l -> type.addField(Durations.constant(p + "_LENGTH", l, null)));
  }

  @Override
  public void body(LrSchedule.Phase phase, String p, Optional<CodeBlock> length, MethodSpec.Builder m) {
    m.addComment("plateau: ReduceLROnPlateau, the base reduced plateauReductions times");
    length.ifPresent(l -> m.beginControlFlow("if (t < $L)", l));
    m.addStatement("double reduced = base")
        .beginControlFlow("for (int i = 0; i < plateauReductions; i++)")
        .addStatement("double next = $T.max(reduced * $L_FACTOR, $L_MIN_LR)", Math.class, p, p)
        .beginControlFlow("if (reduced - next > 1e-8)")
        .addStatement("reduced = next")
        .endControlFlow()
        .endControlFlow()
        .addStatement("return reduced");
  }

  /** The state of the plateau detector. */
  static void fields(TypeSpec.Builder type) {
    type.addField(FieldSpec.builder(TypeName.DOUBLE, "plateauBest", Modifier.PRIVATE)
        .addJavadoc("plateau: the best metric so far.\n").initializer("Double.POSITIVE_INFINITY").build());
    type.addField(FieldSpec.builder(TypeName.INT, "plateauBadEpochs", Modifier.PRIVATE)
        .addJavadoc("plateau: reports since the metric last improved.\n").build());
    type.addField(FieldSpec.builder(TypeName.INT, "plateauCooldown", Modifier.PRIVATE)
        .addJavadoc("plateau: reports left in the cooldown after a reduction.\n").build());
    type.addField(FieldSpec.builder(TypeName.INT, "plateauReductions", Modifier.PRIVATE)
        .addJavadoc("plateau: how many times the lr was reduced.\n").build());
  }

  /** {@code observePlateau(metric)}: ReduceLROnPlateau.step(metric). */
  static MethodSpec observe(String p) {
    return MethodSpec.methodBuilder("observePlateau").addModifiers(Modifier.PUBLIC)
        .addJavadoc("Reports the metric the plateau schedule watches (fit reports the validation loss of every epoch, or the\n"
            + "epoch's mean training loss without a validation split); ReduceLROnPlateau.step(metric).\n")
        .addParameter(TypeName.DOUBLE, "metric")
        .beginControlFlow("if (metric < plateauBest * (1 - $L_THRESHOLD))", p)
        .addStatement("plateauBest = metric")
        .addStatement("plateauBadEpochs = 0")
        .nextControlFlow("else")
        .addStatement("plateauBadEpochs++")
        .endControlFlow()
        .beginControlFlow("if (plateauCooldown > 0)")
        .addStatement("plateauCooldown--")
        .addStatement("plateauBadEpochs = 0")
        .endControlFlow()
        .beginControlFlow("if (plateauBadEpochs > $L_PATIENCE)", p)
        .addStatement("plateauReductions++")
        .addStatement("plateauCooldown = $L_COOLDOWN", p)
        .addStatement("plateauBadEpochs = 0")
        .endControlFlow()
        .build();
  }
}
