package org.optspec.processor.ir;

import java.util.List;
import java.util.Optional;
import org.optspec.spec.Value;

/**
 * The learning-rate schedule as closed-form functions of the optimizer step (counted from 0, what
 * {@code get_last_lr()} gives after that many scheduler steps). Phases run in sequence; each phase's
 * clock restarts at 0 and starts from the group's base learning rate (SequentialLR).
 */
public record LrSchedule(List<Phase> phases, SpecRef origin) {

  public LrSchedule {
    phases = List.copyOf(phases);
  }

  /** Whether some duration is in epochs, so the schedule needs the steps per epoch at run time. */
  public boolean needsStepsPerEpoch() {
    return phases.stream().anyMatch(Phase::inEpochs);
  }

  public sealed interface Phase {
    /** How long the phase runs; empty for the last phase, which runs to the end of training. */
    Optional<Value.Dur> length();

    default boolean inEpochs() {
      return length().filter(d -> d.unit() == Value.Dur.Unit.EPOCHS).isPresent();
    }
  }

  /** {@code base · factor}. */
  public record Constant(double factor, Optional<Value.Dur> length) implements Phase {}

  /** {@code LinearLR(start_factor, end_factor = 1, total_iters = length)}. */
  public record LinearWarmup(double startFactor, Value.Dur warmup) implements Phase {
    @Override
    public Optional<Value.Dur> length() {
      return Optional.of(warmup);
    }
  }

  /** {@code CosineAnnealingLR(T_max = length, eta_min = minLr)}, holding at {@code minLr} past its length. */
  public record Cosine(Value.Dur period, double minLr, boolean last) implements Phase {
    @Override
    public Optional<Value.Dur> length() {
      return last ? Optional.empty() : Optional.of(period);
    }

    @Override
    public boolean inEpochs() {
      return period.unit() == Value.Dur.Unit.EPOCHS;
    }
  }

  /** {@code StepLR(step_size = every, gamma)}: {@code base · gamma^floor(t / every)}; always the last phase. */
  public record StepDecay(Value.Dur every, double gamma) implements Phase {
    @Override
    public Optional<Value.Dur> length() {
      return Optional.empty();
    }

    @Override
    public boolean inEpochs() {
      return every.unit() == Value.Dur.Unit.EPOCHS;
    }
  }
}
