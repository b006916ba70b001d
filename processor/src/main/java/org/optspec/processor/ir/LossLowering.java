package org.optspec.processor.ir;

import java.util.List;
import org.optspec.spec.Call;

/** The {@code loss} call to a {@link Loss}, checked against the data (classes or targets) and the model's output. */
final class LossLowering {

  private final LoweringContext ctx;

  LossLowering(LoweringContext ctx) {
    this.ctx = ctx;
  }

  Loss lower(DataSource data, List<Layer> layers) {
    Call c = ctx.spec().loss();
    Loss.Kind kind;
    switch (c.name()) {
      case "mse" -> kind = Loss.Kind.MSE;
      case "softmax_cross_entropy" -> kind = Loss.Kind.SOFTMAX_CROSS_ENTROPY;
      default -> {
        ctx.unsupported(c.name() + " loss is not supported yet", c.pos());
        return new Loss(Loss.Kind.MSE, ctx.ref(c.pos()));
      }
    }
    if (kind == Loss.Kind.SOFTMAX_CROSS_ENTROPY && data.classes().isEmpty()) {
      ctx.report(Lowering.INVALID, "softmax_cross_entropy needs a classifier: the data section has no 'classes'", c.pos());
    }
    if (kind == Loss.Kind.MSE && data.classes().isPresent()) {
      ctx.report(Lowering.INVALID, "mse needs regression targets, but the data section declares 'classes'", c.pos());
    }
    if (!layers.isEmpty()) {
      Layer last = layers.get(layers.size() - 1);
      int expected = data.classes().orElse(data.targets());
      if (last.outputSize() != expected) {
        String what = data.classes().isPresent() ? expected + " classes" : expected + " targets";
        ctx.report(Lowering.SHAPE, "the model outputs " + last.outputSize() + " values per sample but the data has "
            + what, last.origin().pos());
      }
    }
    return new Loss(kind, ctx.ref(c.pos()));
  }
}
