package org.optspec.processor.emit;

import org.optspec.processor.ir.LrSchedule;

/** The one place that maps an IR schedule phase to its emitter: add a line here for a new schedule. */
final class PhaseEmitters {

  private PhaseEmitters() {}

  static PhaseEmitter of(LrSchedule.Phase phase) {
    if (phase instanceof LrSchedule.Constant) {
      return new ConstantPhaseEmitter();
    } else if (phase instanceof LrSchedule.LinearWarmup) {
      return new WarmupPhaseEmitter();
    } else if (phase instanceof LrSchedule.Cosine) {
      return new CosinePhaseEmitter();
    } else if (phase instanceof LrSchedule.StepDecay) {
      return new StepDecayPhaseEmitter();
    }
    throw new IllegalArgumentException("no emitter for schedule phase " + phase);
  }
}
