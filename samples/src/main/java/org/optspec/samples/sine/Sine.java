package org.optspec.samples.sine;

import org.optspec.runtime.Dataset;
import org.optspec.runtime.Metrics;
import org.optspec.runtime.TrainingReport;
import org.optspec.runtime.TrainingSpec;
import org.optspec.runtime.data.Splits;
import org.optspec.runtime.ConsoleListener;

/**
 * The next value of a noisy sine wave from the last 50, by a tanh RNN trained through time, compared with the naive
 * forecast "the next value is the last one seen". The build generates {@code SineForecasterTrainer} from
 * {@code sine_rnn.optspec}.
 */
@TrainingSpec("sine_rnn.optspec")
public final class Sine {

  private Sine() {}

  public static void main(String[] args) {
    Splits data = SineForecasterTrainer.data().load(Sine.class);
    SineForecasterTrainer trainer = new SineForecasterTrainer();
    TrainingReport report = trainer.fit(data.train(), data.validation(), new ConsoleListener(System.out));
    System.out.println(report.stoppedBecause());
    Metrics test = trainer.evaluate(data.test());
    System.out.println("test: " + test);
    System.out.printf("last-value forecast mse %.5f%n", lastValueMse(data.test()));
  }

  /** The mse of predicting each window's last value as the next one. */
  public static double lastValueMse(Dataset data) {
    double total = 0;
    for (int r = 0; r < data.rows(); r++) {
      double d = data.x()[r * data.inputs() + data.inputs() - 1] - data.y()[r];
      total += d * d;
    }
    return total / data.rows();
  }
}
