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
    } else if (phase instanceof LrSchedule.Exponential) {
      return new ExponentialPhaseEmitter();
    } else if (phase instanceof LrSchedule.MultiStep) {
      return new MultiStepPhaseEmitter();
    } else if (phase instanceof LrSchedule.Polynomial) {
      return new PolynomialPhaseEmitter();
    } else if (phase instanceof LrSchedule.CosineRestarts) {
      return new CosineRestartsPhaseEmitter();
    } else if (phase instanceof LrSchedule.OneCycle) {
      return new OneCyclePhaseEmitter();
    } else if (phase instanceof LrSchedule.Plateau) {
      return new PlateauPhaseEmitter();
    } else if (phase instanceof LrSchedule.ExponentialWarmup) {
      return new ExponentialWarmupPhaseEmitter();
    }
    throw new IllegalArgumentException("no emitter for schedule phase " + phase);
  }
}
