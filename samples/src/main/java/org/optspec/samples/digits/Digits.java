package org.optspec.samples.digits;

import org.optspec.runtime.Metrics;
import org.optspec.runtime.TrainingSpec;
import org.optspec.runtime.data.Splits;
import org.optspec.runtime.ConsoleListener;

/**
 * Handwritten digits (8x8 images) with a two-layer perceptron. The annotation makes the build generate
 * {@code DigitsClassifierTrainer} from {@code digits.optspec}, which sits beside this class in
 * {@code src/main/resources}.
 */
@TrainingSpec("digits.optspec")
public final class Digits {

  private Digits() {}

  public static void main(String[] args) {
    Splits data = DigitsClassifierTrainer.data().load(Digits.class);
    DigitsClassifierTrainer trainer = new DigitsClassifierTrainer();
    trainer.fit(data.train(), data.validation(), new ConsoleListener(System.out));
    Metrics test = trainer.evaluate(data.test());
    System.out.println("test: " + test);
  }
}
