package org.optspec.processor.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.optspec.spec.Call;
import org.optspec.spec.Value;

/**
 * The {@code schedule} phases joined by {@code then} to an {@link LrSchedule}; no schedule is constant 1.
 * Add a schedule as a {@code case} in {@link #lower} (and its {@link LrSchedule.Phase} record). Every defaulted
 * argument is read from the checked {@link Call}, which has the catalogue's default filled in
 * ({@code TrainingEntries}): no default is repeated here.
 */
final class ScheduleLowering {

  private final LoweringContext ctx;

  ScheduleLowering(LoweringContext ctx) {
    this.ctx = ctx;
  }

  LrSchedule lower() {
    List<LrSchedule.Phase> phases = new ArrayList<>();
    List<Call> calls = ctx.common().schedule().phases();
    for (int i = 0; i < calls.size(); i++) {
      Call c = calls.get(i);
      boolean last = i == calls.size() - 1;
      Optional<Value.Dur> length = c.has("length") ? Optional.of(c.duration("length")) : Optional.empty();
      if (!last && length.isEmpty()) {
        ctx.report(Lowering.INVALID, c.name() + " has no length, so no phase can follow it", c.pos());
        continue;
      }
      switch (c.name()) {
        case "constant" -> phases.add(new LrSchedule.Constant(c.number("factor"), length));
        case "warmup" -> warmup(c, length).ifPresent(phases::add);
        case "cosine" -> {
          if (length.isEmpty()) {
            ctx.report(Lowering.INVALID, "cosine needs a length", c.pos());
          } else {
            phases.add(new LrSchedule.Cosine(length.get(), c.number("min_lr"), last));
          }
        }
        case "step" -> {
          if (!last) {
            ctx.report(Lowering.INVALID, "step decays to the end of training, so no phase can follow it", c.pos());
          }
          phases.add(new LrSchedule.StepDecay(c.duration("every"), c.number("gamma")));
        }
        case "exponential" -> phases.add(new LrSchedule.Exponential(c.number("gamma"), c.duration("every"),
            length));
        case "multistep" -> phases.add(new LrSchedule.MultiStep(milestones(c), c.number("gamma"), length));
        case "polynomial" -> {
          if (length.isEmpty()) {
            ctx.report(Lowering.INVALID, "polynomial needs a length", c.pos());
          } else {
            phases.add(new LrSchedule.Polynomial(length.get(), c.number("power"), c.number("end_lr"),
                last));
          }
        }
        case "plateau" -> phases.add(new LrSchedule.Plateau(c.number("factor"), c.integer("patience"),
            c.number("min_lr"), c.number("threshold"), c.integer("cooldown"), length));
        case "cosine_restarts" -> cosineRestarts(c, last, length).ifPresent(phases::add);
        case "one_cycle" -> {
          if (length.isEmpty()) {
            ctx.report(Lowering.INVALID, "one_cycle needs a length", c.pos());
          } else {
            phases.add(new LrSchedule.OneCycle(c.number("max_lr"), length.get(),
                c.number("pct_start"), c.number("div_factor"), c.number("final_div_factor"), last));
          }
        }
        default -> ctx.unsupported(c.name() + " schedules are not supported yet", c.pos());
      }
    }
    if (calls.isEmpty()) {
      phases.add(new LrSchedule.Constant(1, Optional.empty()));
    }
    return new LrSchedule(phases, ctx.ref(ctx.common().schedule().pos()));
  }

  private Optional<LrSchedule.Phase> warmup(Call c, Optional<Value.Dur> length) {
    String warmKind = c.symbol("kind");
    double startFactor = c.number("start_factor");
    if (length.isEmpty()) {
      ctx.report(Lowering.INVALID, "warmup needs a length", c.pos());
    } else if (warmKind.equals("linear")) {
      return Optional.of(new LrSchedule.LinearWarmup(startFactor, length.get()));
    } else {
      return Optional.of(new LrSchedule.ExponentialWarmup(startFactor, length.get()));
    }
    return Optional.empty();
  }

  /** Multistep milestones: durations, or bare numbers counting epochs (torch steps MultiStepLR per epoch). */
  private static List<Value.Dur> milestones(Call c) {
    List<Value.Dur> milestones = new ArrayList<>();
    if (c.get("milestones") instanceof Value.Tuple t) {
      for (Value v : t.items()) {
        milestones.add(v instanceof Value.Dur d ? d : new Value.Dur(((Value.Num) v).value(), Value.Dur.Unit.EPOCHS));
      }
    }
    return milestones;
  }

  /** {@code cosine_restarts}: its {@code length} is the first period; it restarts forever, so it must be last. */
  private Optional<LrSchedule.Phase> cosineRestarts(Call c, boolean last, Optional<Value.Dur> first) {
    double tMul = c.number("t_mul");
    if (!last) {
      ctx.report(Lowering.INVALID, "cosine_restarts restarts to the end of training, so no phase can follow it", c.pos());
    } else if (first.isEmpty()) {
      ctx.report(Lowering.INVALID, "cosine_restarts needs the length of its first period", c.pos());
    } else if (tMul != Math.rint(tMul)) {
      ctx.report(Lowering.INVALID, "cosine_restarts needs a whole t_mul (torch's T_mult), got " + tMul, c.pos());
    } else {
      return Optional.of(new LrSchedule.CosineRestarts(first.get(), tMul, c.number("m_mul"), c.number("min_lr")));
    }
    return Optional.empty();
  }
}
