package org.optspec.processor.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.optspec.spec.Call;
import org.optspec.spec.Value;

/**
 * The {@code schedule} phases joined by {@code then} to an {@link LrSchedule}; no schedule is constant 1.
 * Add a schedule as a {@code case} in {@link #lower} (and its {@link LrSchedule.Phase} record).
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
        case "constant" -> phases.add(new LrSchedule.Constant(c.has("factor") ? c.number("factor") : 1, length));
        case "warmup" -> warmup(c, length).ifPresent(phases::add);
        case "cosine" -> {
          if (length.isEmpty()) {
            ctx.report(Lowering.INVALID, "cosine needs a length", c.pos());
          } else {
            phases.add(new LrSchedule.Cosine(length.get(), c.has("min_lr") ? c.number("min_lr") : 0, last));
          }
        }
        case "step" -> {
          if (!last) {
            ctx.report(Lowering.INVALID, "step decays to the end of training, so no phase can follow it", c.pos());
          }
          phases.add(new LrSchedule.StepDecay(c.duration("every"), c.has("gamma") ? c.number("gamma") : 0.1));
        }
        case "exponential" -> phases.add(new LrSchedule.Exponential(c.number("gamma"),
            c.has("every") ? c.duration("every") : new Value.Dur(1, Value.Dur.Unit.EPOCHS), length));
        case "multistep" -> phases.add(new LrSchedule.MultiStep(milestones(c), c.has("gamma") ? c.number("gamma") : 0.1,
            length));
        case "polynomial" -> {
          if (length.isEmpty()) {
            ctx.report(Lowering.INVALID, "polynomial needs a length", c.pos());
          } else {
            phases.add(new LrSchedule.Polynomial(length.get(), c.has("power") ? c.number("power") : 1,
                c.has("end_lr") ? c.number("end_lr") : 0, last));
          }
        }
        case "plateau" -> phases.add(new LrSchedule.Plateau(c.has("factor") ? c.number("factor") : 0.1,
            c.has("patience") ? c.integer("patience") : 10, c.has("min_lr") ? c.number("min_lr") : 0,
            c.has("threshold") ? c.number("threshold") : 1e-4, c.has("cooldown") ? c.integer("cooldown") : 0, length));
        case "cosine_restarts" -> cosineRestarts(c, last, length).ifPresent(phases::add);
        case "one_cycle" -> {
          if (length.isEmpty()) {
            ctx.report(Lowering.INVALID, "one_cycle needs a length", c.pos());
          } else {
            phases.add(new LrSchedule.OneCycle(c.number("max_lr"), length.get(),
                c.has("pct_start") ? c.number("pct_start") : 0.3, c.has("div_factor") ? c.number("div_factor") : 25,
                c.has("final_div_factor") ? c.number("final_div_factor") : 1e4, last));
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
    String warmKind = c.has("kind") ? c.symbol("kind") : "linear";
    double startFactor = c.has("start_factor") ? c.number("start_factor") : 1.0 / 3;
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
    double tMul = c.has("t_mul") ? c.number("t_mul") : 1;
    if (!last) {
      ctx.report(Lowering.INVALID, "cosine_restarts restarts to the end of training, so no phase can follow it", c.pos());
    } else if (first.isEmpty()) {
      ctx.report(Lowering.INVALID, "cosine_restarts needs the length of its first period", c.pos());
    } else if (tMul != Math.rint(tMul)) {
      ctx.report(Lowering.INVALID, "cosine_restarts needs a whole t_mul (torch's T_mult), got " + tMul, c.pos());
    } else {
      return Optional.of(new LrSchedule.CosineRestarts(first.get(), tMul, c.has("m_mul") ? c.number("m_mul") : 1,
          c.has("min_lr") ? c.number("min_lr") : 0));
    }
    return Optional.empty();
  }
}
