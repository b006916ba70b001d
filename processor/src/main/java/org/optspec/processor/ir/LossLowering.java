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
      case "mae" -> kind = Loss.Kind.MAE;
      case "huber" -> kind = Loss.Kind.HUBER;
      case "binary_cross_entropy" -> kind = Loss.Kind.BINARY_CROSS_ENTROPY;
      default -> {
        ctx.unsupported(c.name() + " loss is not supported yet", c.pos());
        return new Loss(Loss.Kind.MSE, ctx.ref(c.pos()));
      }
    }
    if (kind == Loss.Kind.SOFTMAX_CROSS_ENTROPY && data.classes().isEmpty()) {
      ctx.report(Lowering.INVALID, "softmax_cross_entropy needs a classifier: the data section has no 'classes'", c.pos());
    }
    boolean regression = kind == Loss.Kind.MSE || kind == Loss.Kind.MAE || kind == Loss.Kind.HUBER;
    if (regression && data.classes().isPresent()) {
      ctx.report(Lowering.INVALID, c.name() + " needs regression targets, but the data section declares 'classes'", c.pos());
    }
    // binary_cross_entropy takes either 'classes 2' (one logit, labels 0/1, accuracy reported) or 'targets N'
    // (N independent logits, targets in [0, 1]); more classes need softmax_cross_entropy.
    if (kind == Loss.Kind.BINARY_CROSS_ENTROPY && data.classes().isPresent() && data.classes().get() != 2) {
      ctx.report(Lowering.INVALID, "binary_cross_entropy needs 'classes 2' (one logit) or 'targets'; "
          + data.classes().get() + " classes need softmax_cross_entropy", c.pos());
    }
    if (!layers.isEmpty()) {
      Layer last = layers.get(layers.size() - 1);
      int expected = kind == Loss.Kind.BINARY_CROSS_ENTROPY ? data.classes().map(k -> 1).orElse(data.targets())
          : data.classes().orElse(data.targets());
      if (last.outputSize() != expected) {
        String what = data.classes().isPresent()
            ? data.classes().get() + " classes" + (expected == 1 ? " (one logit for binary_cross_entropy)" : "")
            : expected + " targets";
        ctx.report(Lowering.SHAPE, "the model outputs " + last.outputSize() + " values per sample but the data has "
            + what, last.origin().pos());
      }
    }
    return new Loss(kind, kind == Loss.Kind.HUBER ? (c.has("delta") ? c.number("delta") : 1.0) : 0, ctx.ref(c.pos()));
  }
}
