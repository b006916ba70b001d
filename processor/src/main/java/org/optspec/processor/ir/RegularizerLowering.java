package org.optspec.processor.ir;

import java.util.Locale;
import org.optspec.spec.Call;

/** A {@code regularize} call ({@code l1}, {@code l2}, {@code elastic_net}) to a {@link Regularizer}. */
final class RegularizerLowering {

  private final LoweringContext ctx;

  RegularizerLowering(LoweringContext ctx) {
    this.ctx = ctx;
  }

  Regularizer lower(Call c) {
    Regularizer.Target on = Regularizer.Target.WEIGHTS;
    if (c.has("on")) {
      on = Regularizer.Target.valueOf(c.symbol("on").toUpperCase(Locale.ROOT));
    }
    return switch (c.name()) {
      case "l1" -> new Regularizer(c.number("strength"), 0, on, ctx.ref(c.pos()));
      case "l2" -> new Regularizer(0, c.number("strength"), on, ctx.ref(c.pos()));
      case "elastic_net" -> new Regularizer(c.number("l1"), c.number("l2"), on, ctx.ref(c.pos()));
      default -> {
        ctx.unsupported(c.name() + " regularization is not supported yet", c.pos());
        yield new Regularizer(0, 0, on, ctx.ref(c.pos()));
      }
    };
  }
}
