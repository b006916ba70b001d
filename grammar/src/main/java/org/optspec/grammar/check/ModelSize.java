package org.optspec.grammar.check;

import java.util.List;
import org.optspec.spec.Call;
import org.optspec.spec.DataSpec;
import org.optspec.spec.SourcePos;

/**
 * The sizes a trainer's model adds up to, in long arithmetic: the layer count, the parameter count (one flat array
 * each for parameters, gradients and optimizer state) and the batch buffers (batch × width). Each limit is
 * {@link Limits}; the error points at the layer that crosses it and says the limit.
 */
final class ModelSize {

  private final Reporter reporter;

  ModelSize(Reporter reporter) {
    this.reporter = reporter;
  }

  void check(DataSpec data, List<CallBinder.Bound> layers, int batch, SourcePos model) {
    if (layers.size() > Limits.MAX_LAYERS) {
      reporter.error(Reporter.RANGE, "a model may have at most " + Limits.MAX_LAYERS + " layers, this one has "
          + layers.size(), layers.get(Limits.MAX_LAYERS).call().pos());
      return;
    }
    Call input = data.input();
    long width = switch (input.name()) {
      case "sequence" -> input.integer("features");
      case "pairs" -> 2;
      default -> input.integer("count");
    };
    long steps = input.name().equals("sequence") ? input.integer("length") : 1;
    if (!buffer(batch * steps * width, "the input batch (" + batch + " rows × " + steps * width + ")", data.pos())) {
      return;
    }
    long parameters = 0;
    for (CallBinder.Bound bound : layers) {
      Call layer = bound.call();
      long out = width;
      switch (layer.name()) {
        case "dense" -> {
          out = layer.integer("units");
          parameters += width * out + (layer.flag("bias") ? out : 0);
        }
        case "rnn" -> {
          out = layer.integer("hidden");
          parameters += out * width + out * out + 2 * out;
          if (!buffer(batch * steps * out, "rnn's states (" + batch + " rows × " + steps + " steps × " + out + ")",
              layer.pos())) {
            return;
          }
        }
        case "factorize" -> {
          long factors = layer.integer("factors");
          long users = input.name().equals("pairs") ? input.integer("users") : 1;
          long items = input.name().equals("pairs") ? input.integer("items") : 1;
          parameters += (users + items) * factors + (layer.flag("bias") ? users + items + 1 : 0);
          out = 1;
        }
        case "batchnorm" -> parameters += 2 * width;
        default -> {}
      }
      if (parameters > Limits.MAX_ARRAY) {
        reporter.error(Reporter.RANGE, "the model has " + parameters + " parameters up to this layer; they live in one "
            + "Java array, which holds at most " + Limits.MAX_ARRAY + " elements", layer.pos());
        return;
      }
      if (!buffer(batch * out, layer.name() + "'s output batch (" + batch + " rows × " + out + ")", layer.pos())) {
        return;
      }
      width = out;
      steps = layer.name().equals("rnn") ? 1 : steps;
    }
  }

  private boolean buffer(long elements, String what, SourcePos pos) {
    if (elements <= Limits.MAX_ARRAY) {
      return true;
    }
    reporter.error(Reporter.RANGE, what + " is " + elements + " elements; one Java array holds at most " + Limits.MAX_ARRAY
        + " (lower the batch or the width)", pos);
    return false;
  }
}
