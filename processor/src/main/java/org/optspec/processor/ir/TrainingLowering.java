package org.optspec.processor.ir;

import java.util.List;
import java.util.Optional;
import org.optspec.spec.Call;
import org.optspec.spec.StopRule;
import org.optspec.spec.TrainerSpec;
import org.optspec.spec.Value;

/** The trainer section besides model and optimizer: clipping, early stopping, pruning; rejects accumulation. */
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

  /** {@code stop when validation_loss stalls for N epochs}; other stop rules are objectives' or unsupported. */
  Optional<EarlyStopping> earlyStopping() {
    Optional<StopRule> rule = ctx.spec().stop();
    if (rule.isEmpty()) {
      return Optional.empty();
    }
    StopRule s = rule.get();
    if (s.kind() != StopRule.Kind.STALLS || !s.metric().equals("validation_loss")
        || s.patience().unit() != Value.Dur.Unit.EPOCHS) {
      ctx.unsupported("a trainer stops only when validation_loss stalls for N epochs", s.pos());
      return Optional.empty();
    }
    // a long, as the generated PATIENCE constant and the stop.patience setting: (int) wrapped 2147483648 epochs to
    // -2147483648, which the trainer's own settings check refused at construction (CompileFuzzTest, mutant 9432)
    return Optional.of(new EarlyStopping(Math.round(s.patience().amount()), ctx.ref(s.pos())));
  }

  /**
   * {@code prune magnitude(...)} over the tensors {@code on:} selects. {@code weights} means the layers' weight
   * matrices (dense, rnn, factorize), as Zhu &amp; Gupta prune them: batchnorm's per-feature scale is a
   * {@code weight} in torch's naming, but zeroing it would switch whole units off, so pruning leaves it alone.
   */
  Optional<Pruning> pruning(List<Param> params, List<Layer> layers) {
    Optional<Call> call = ctx.spec().prune();
    if (call.isEmpty()) {
      return Optional.empty();
    }
    Call p = call.get();
    if (!p.name().equals("magnitude")) {
      ctx.unsupported(p.name() + " pruning is not supported yet", p.pos());
      return Optional.empty();
    }
    String on = p.has("on") ? p.symbol("on") : "weights";
    List<String> tensors = params.stream()
        .filter(t -> !(layers.get(t.layerIndex()) instanceof Layer.BatchNorm))
        .filter(t -> on.equals("all") || (on.equals("weights") ? t.role() == Param.Role.WEIGHT : t.role() == Param.Role.BIAS))
        .map(Param::name).toList();
    if (tensors.isEmpty()) {
      ctx.report(Lowering.INVALID, "prune selects no parameters (on: " + on + ")", p.pos());
    }
    Value.Dur from = p.has("from") ? (Value.Dur) p.get("from") : new Value.Dur(0, Value.Dur.Unit.STEPS);
    Value.Dur every = p.has("every") ? (Value.Dur) p.get("every") : new Value.Dur(100, Value.Dur.Unit.STEPS);
    return Optional.of(new Pruning(p.has("initial_sparsity") ? p.number("initial_sparsity") : 0,
        p.number("final_sparsity"), p.has("power") ? p.number("power") : 3, from, (Value.Dur) p.get("to"), every,
        tensors, ctx.ref(p.pos())));
  }
}
