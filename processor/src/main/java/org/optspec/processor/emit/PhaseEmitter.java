package org.optspec.processor.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import java.util.Optional;
import org.optspec.processor.ir.LrSchedule;

/**
 * One schedule phase kind: its constants (prefixed {@code p}, e.g. {@code COSINE} or {@code COSINE1} when the kind
 * repeats) and its closed form of lr(t) inside {@code scheduled(base, step)}. One implementation per
 * {@link LrSchedule.Phase} kind, registered in {@link PhaseEmitters#of}.
 */
interface PhaseEmitter {

  /** The constant prefix of the kind: {@code CONSTANT}, {@code WARMUP}, ... */
  String kind();

  /** Adds the phase's constants; {@code doc} (maybe null) goes on the first. */
  void constants(LrSchedule.Phase phase, String p, String doc, TypeSpec.Builder type);

  /**
   * Adds the phase's closed form, with {@code t} counted from the phase's start. When the phase has a
   * {@code length} the body opens {@code if (t < length)} and leaves it open; {@link ScheduleEmitter} closes it.
   */
  void body(LrSchedule.Phase phase, String p, Optional<CodeBlock> length, MethodSpec.Builder m);
}
