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
    List<Call> calls = ctx.spec().schedule().phases();
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
        default -> ctx.unsupported(c.name() + " schedules are not supported yet", c.pos());
      }
    }
    if (calls.isEmpty()) {
      phases.add(new LrSchedule.Constant(1, Optional.empty()));
    }
    return new LrSchedule(phases, ctx.ref(ctx.spec().schedule().pos()));
  }

  private Optional<LrSchedule.Phase> warmup(Call c, Optional<Value.Dur> length) {
    String warmKind = c.has("kind") ? c.symbol("kind") : "linear";
    if (!warmKind.equals("linear")) {
      ctx.unsupported(warmKind + " warmup is not supported yet", c.pos());
    } else if (length.isEmpty()) {
      ctx.report(Lowering.INVALID, "warmup needs a length", c.pos());
    } else {
      return Optional.of(new LrSchedule.LinearWarmup(
          c.has("start_factor") ? c.number("start_factor") : 1.0 / 3, length.get()));
    }
    return Optional.empty();
  }
}
