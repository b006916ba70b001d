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

  /** {@code ExponentialLR} stepped every {@code every}: {@code base · gamma^floor(t / every)}. */
  public record Exponential(double gamma, Value.Dur every, Optional<Value.Dur> length) implements Phase {
    @Override
    public boolean inEpochs() {
      return every.unit() == Value.Dur.Unit.EPOCHS || Phase.super.inEpochs();
    }
  }

  /** {@code MultiStepLR}: {@code base · gamma^(milestones passed)}. */
  public record MultiStep(List<Value.Dur> milestones, double gamma, Optional<Value.Dur> length) implements Phase {
    public MultiStep {
      milestones = List.copyOf(milestones);
    }

    @Override
    public boolean inEpochs() {
      return milestones.stream().anyMatch(d -> d.unit() == Value.Dur.Unit.EPOCHS) || Phase.super.inEpochs();
    }
  }

  /**
   * {@code PolynomialLR(total_iters = period, power)} generalised to an end value (optax's polynomial_schedule):
   * {@code end + (base - end) · (1 - t/period)^power}, holding at {@code endLr} past its period.
   */
  public record Polynomial(Value.Dur period, double power, double endLr, boolean last) implements Phase {
    @Override
    public Optional<Value.Dur> length() {
      return last ? Optional.empty() : Optional.of(period);
    }

    @Override
    public boolean inEpochs() {
      return period.unit() == Value.Dur.Unit.EPOCHS;
    }
  }

  /**
   * {@code CosineAnnealingWarmRestarts(T_0 = first, T_mult = tMul, eta_min = minLr)} with Keras' amplitude
   * multiplier: period i lasts {@code first · tMul^i} and its amplitude is {@code mMul^i · (base - minLr)}.
   * Restarts forever, so it is always the last phase.
   */
  public record CosineRestarts(Value.Dur first, double tMul, double mMul, double minLr) implements Phase {
    @Override
    public Optional<Value.Dur> length() {
      return Optional.empty();
    }

    @Override
    public boolean inEpochs() {
      return first.unit() == Value.Dur.Unit.EPOCHS;
    }
  }

  /**
   * {@code OneCycleLR(max_lr, total_steps = period, pct_start, anneal_strategy = 'cos', cycle_momentum = False,
   * div_factor, final_div_factor, three_phase = False)}: cosine up from {@code maxLr/div} to {@code maxLr}, then down
   * to {@code maxLr/div/finalDiv}.
   */
  public record OneCycle(double maxLr, Value.Dur period, double pctStart, double divFactor, double finalDivFactor,
      boolean last) implements Phase {
    @Override
    public Optional<Value.Dur> length() {
      return last ? Optional.empty() : Optional.of(period);
    }

    @Override
    public boolean inEpochs() {
      return period.unit() == Value.Dur.Unit.EPOCHS;
    }
  }

  /**
   * {@code ReduceLROnPlateau(mode='min', factor, patience, threshold, threshold_mode='rel', cooldown, min_lr,
   * eps=1e-8)}: the one schedule that is not a function of the step; it reads a metric reported once per epoch.
   */
  public record Plateau(double factor, int patience, double minLr, double threshold, int cooldown,
      Optional<Value.Dur> length) implements Phase {}

  /** Whether a phase reduces on a plateau, so the trainer reports a metric to the schedule. */
  public boolean hasPlateau() {
    return phases.stream().anyMatch(Plateau.class::isInstance);
  }

  /** {@code warmup(exponential)}: {@code base · s^((L - t)/L)}, the log of the lr rising linearly from {@code s · base}. */
  public record ExponentialWarmup(double startFactor, Value.Dur warmup) implements Phase {
    @Override
    public Optional<Value.Dur> length() {
      return Optional.of(warmup);
    }
  }
}
