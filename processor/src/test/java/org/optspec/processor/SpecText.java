package org.optspec.processor;

import org.optspec.grammar.Frontend;
import org.optspec.spec.CheckResult;
import org.optspec.spec.SourceText;
import org.optspec.spec.TrainerSpec;

/** Trainer specs written as text in tests, checked by the real front end. */
final class SpecText {

  private SpecText() {}

  static TrainerSpec trainer(String text) {
    CheckResult checked = Frontend.check(new SourceText("test.optspec", text));
    if (!checked.ok()) {
      throw new AssertionError("spec does not check: " + checked.diagnostics());
    }
    return (TrainerSpec) checked.spec().get();
  }

  /** A float64 trainer with sgd, no split: {@code data} is the data section's body, {@code rest} model and loss. */
  static TrainerSpec float64(String data, String model, String loss) {
    return trainer("trainer T {\n  precision float64\n  seed 5\n  data {\n    source csv(\"t.csv\", target: last)\n"
        + data + "\n  }\n  model {\n" + model + "\n  }\n  loss " + loss + "\n  optimizer sgd(lr: 0.1)\n  batch 8\n  epochs 1\n}\n");
  }
}
