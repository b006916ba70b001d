package org.optspec.processor.ir;

import java.util.Optional;
import org.optspec.spec.Call;
import org.optspec.spec.TrainerSpec;

/** The trainer section besides model and optimizer: clipping, and the training features this slice rejects. */
final class TrainingLowering {

  private final LoweringContext ctx;

  TrainingLowering(LoweringContext ctx) {
    this.ctx = ctx;
  }

  /** {@code clip global_norm(max_norm)}: the maximum norm, if any. */
  Optional<Double> clipping() {
    Optional<Double> clip = Optional.empty();
    for (Call c : ctx.spec().clipping()) {
      if (!c.name().equals("global_norm")) {
        ctx.unsupported("clip " + c.name() + " is not supported yet", c.pos());
      } else if (clip.isPresent()) {
        ctx.report(Lowering.INVALID, "global_norm clipping is given twice", c.pos());
      } else {
        clip = Optional.of(c.number("max_norm"));
      }
    }
    return clip;
  }

  /** Reports {@code accumulate > 1}, {@code stop} and {@code prune}, not supported yet. */
  void checkUnsupported() {
    TrainerSpec spec = ctx.spec();
    if (spec.accumulate() != 1) {
      ctx.unsupported("gradient accumulation is not supported yet", spec.pos());
    }
    spec.stop().ifPresent(s -> ctx.unsupported("early stopping is not supported yet", s.pos()));
    spec.prune().ifPresent(p -> ctx.unsupported(p.name() + " pruning is not supported yet", p.pos()));
  }
}
