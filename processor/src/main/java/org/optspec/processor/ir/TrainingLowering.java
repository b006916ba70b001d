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

  /** The {@code clip} statement, if any; a spec clips one way. */
  Optional<Clip> clipping() {
    Optional<Clip> clip = Optional.empty();
    for (Call c : ctx.common().clipping()) {
      if (clip.isPresent()) {
        ctx.report(Lowering.INVALID, "gradients are clipped once: a second clip statement is not allowed", c.pos());
        continue;
      }
      SpecRef origin = ctx.ref(c.pos());
      switch (c.name()) {
        case "global_norm" -> clip = Optional.of(new Clip.GlobalNorm(c.number("max_norm"), origin));
        case "value" -> clip = Optional.of(new Clip.ByValue(c.number("max"), origin));
        case "adaptive" -> clip = Optional.of(new Clip.Adaptive(c.has("factor") ? c.number("factor") : 2,
            c.has("beta") ? c.number("beta") : 0.99, origin));
        case "agc" -> clip = Optional.of(new Clip.Agc(c.has("clipping") ? c.number("clipping") : 0.01,
            c.has("eps") ? c.number("eps") : 1e-3, origin));
        default -> ctx.unsupported("clip " + c.name() + " is not supported yet", c.pos());
      }
    }
    return clip;
  }

  /** Reports {@code stop} and {@code prune}, not supported yet. */
  void checkUnsupported() {
    TrainerSpec spec = ctx.spec();
    spec.stop().ifPresent(s -> ctx.unsupported("early stopping is not supported yet", s.pos()));
    spec.prune().ifPresent(p -> ctx.unsupported(p.name() + " pruning is not supported yet", p.pos()));
  }
}
