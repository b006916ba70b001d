package org.optspec.grammar.check;

import java.util.List;
import org.optspec.spec.Call;
import org.optspec.spec.DataSpec;

/** Consistency between the data, the layers and the loss of a trainer. */
final class ModelRules {

  private final Reporter reporter;

  ModelRules(Reporter reporter) {
    this.reporter = reporter;
  }

  void check(DataSpec data, List<CallBinder.Bound> layers, Call loss) {
    String input = data.input().name();
    for (CallBinder.Bound layer : layers) {
      String name = layer.call().name();
      if (name.equals("factorize") && !input.equals("pairs")) {
        reporter.error(Reporter.SEMANTIC, "factorize needs 'pairs(users, items)' input, but the data has '"
            + input + "'", layer.call().pos());
      }
      if (name.equals("rnn") && !input.equals("sequence")) {
        reporter.error(Reporter.SEMANTIC, "rnn needs 'sequence(length, features)' input, but the data has '"
            + input + "'", layer.call().pos());
      }
    }
    if (loss.name().equals("softmax_cross_entropy") && data.classes().isEmpty()) {
      reporter.error(Reporter.SEMANTIC, "softmax_cross_entropy needs a classifier: add 'classes N' to data", loss.pos());
    }
    lastDenseMatchesOutputs(data, layers, loss);
  }

  /** The last dense layer produces the outputs: one per class, one per target, or one logit for binary labels. */
  private void lastDenseMatchesOutputs(DataSpec data, List<CallBinder.Bound> layers, Call loss) {
    CallBinder.Bound last = null;
    for (CallBinder.Bound layer : layers) {
      if (layer.call().name().equals("dense")) {
        last = layer;
      }
    }
    if (last == null) {
      return;
    }
    int units = last.call().integer("units");
    String what;
    int expected;
    if (data.classes().isPresent()) {
      boolean binaryLogit = loss.name().equals("binary_cross_entropy") && data.classes().get() == 2;
      expected = binaryLogit ? 1 : data.classes().get();
      what = binaryLogit ? "1 unit (one logit for 2 classes)" : expected + " units (classes " + expected + ")";
    } else {
      expected = data.targets();
      what = expected + (expected == 1 ? " unit" : " units") + " (targets " + expected + ")";
    }
    if (units != expected) {
      reporter.error(Reporter.SEMANTIC, "the last dense layer must have " + what + ", got " + units,
          last.positionOf("units"));
    }
  }
}
