package org.optspec.samples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.optspec.runtime.TrainingListener;
import org.optspec.runtime.TrainingReport;
import org.optspec.runtime.data.Splits;
import org.optspec.samples.sine.Sine;
import org.optspec.samples.sine.SineForecasterTrainer;

class SineSampleTest {

  @Test
  void theRnnForecastsAtLeastFiveTimesBetterThanTheLastValue() {
    Splits data = SineForecasterTrainer.data().load(Sine.class);
    SineForecasterTrainer trainer = new SineForecasterTrainer();
    TrainingReport report = trainer.fit(data.train(), data.validation(), TrainingListener.NONE);
    double mse = trainer.evaluate(data.test()).get("mse");
    double naive = Sine.lastValueMse(data.test());
    assertTrue(mse * 5 <= naive, "rnn mse " + mse + ", last-value mse " + naive + "; " + report.stoppedBecause());
    // Early stopping restored the best epoch (chosen on the validation split): its validation loss is what evaluation
    // now sees, and the report's final figures are that epoch's.
    double best = report.history().stream().mapToDouble(e -> e.validationLoss()).min().orElseThrow();
    double restored = trainer.evaluate(data.validation()).get("loss");
    assertTrue(Math.abs(best - restored) < 1e-9, "best validation " + best + ", restored " + restored);
    assertTrue(report.restoredEpoch() > 0 && report.finalEpoch().validationLoss() == best, report.stoppedBecause());
  }
}
