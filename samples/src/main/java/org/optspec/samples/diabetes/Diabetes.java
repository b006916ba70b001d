package org.optspec.samples.diabetes;

import org.optspec.runtime.Metrics;
import org.optspec.runtime.TrainingSpec;
import org.optspec.runtime.data.Splits;
import org.optspec.runtime.ConsoleListener;

/**
 * Disease progression from ten clinical measurements, by linear regression with an elastic-net penalty.
 * The build generates {@code DiabetesRegressionTrainer} from {@code diabetes.optspec}.
 */
@TrainingSpec("diabetes.optspec")
public final class Diabetes {

  private Diabetes() {}

  public static void main(String[] args) {
    Splits data = DiabetesRegressionTrainer.data().load(Diabetes.class);
    DiabetesRegressionTrainer trainer = new DiabetesRegressionTrainer();
    trainer.fit(data.train(), data.validation(), new ConsoleListener(System.out));
    Metrics test = trainer.evaluate(data.test());
    System.out.println("test: " + test);
  }
}
