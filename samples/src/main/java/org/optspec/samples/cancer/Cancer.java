package org.optspec.samples.cancer;

import org.optspec.runtime.Metrics;
import org.optspec.runtime.TrainingSpec;
import org.optspec.runtime.data.Splits;
import org.optspec.runtime.ConsoleListener;

/**
 * Malignant or benign, from 30 measurements of a breast tumour: a binary classifier trained with binary cross-entropy
 * on one logit. The build generates {@code CancerClassifierTrainer} from {@code breast_cancer.optspec}.
 */
@TrainingSpec("breast_cancer.optspec")
public final class Cancer {

  private Cancer() {}

  public static void main(String[] args) {
    Splits data = CancerClassifierTrainer.data().load(Cancer.class);
    CancerClassifierTrainer trainer = new CancerClassifierTrainer();
    trainer.fit(data.train(), data.validation(), new ConsoleListener(System.out));
    Metrics test = trainer.evaluate(data.test());
    System.out.println("test: " + test);
  }
}
