package org.optspec.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.optspec.runtime.Metrics;
import org.optspec.runtime.TrainingListener;
import org.optspec.runtime.TrainingReport;
import org.optspec.runtime.data.Splits;
import org.optspec.samples.digits.Digits;
import org.optspec.samples.digits.DigitsClassifierTrainer;

class DigitsSampleTest {

  private static final Splits DATA = DigitsClassifierTrainer.data().load(Digits.class);

  @Test
  void learnsTheDigitsToAtLeast96PercentOnTheSpecsOwnSplit() {
    DigitsClassifierTrainer trainer = new DigitsClassifierTrainer();
    TrainingReport report = trainer.fit(DATA.train(), DATA.validation(), TrainingListener.NONE);
    Metrics test = trainer.evaluate(DATA.test());

    assertEquals(20, report.epochs());
    assertEquals(20L * ((DATA.train().rows() + 31) / 32), report.steps(), "steps: 20 epochs of ceil(rows/32) batches");
    assertTrue(test.get("accuracy") >= 0.96, "test accuracy " + test);
    assertTrue(report.history().get(19).trainLoss() < report.history().get(0).trainLoss() / 3, "loss fell: " + report.history());
  }

  @Test
  void theSplitIsTheSpecs() {
    assertEquals(1797, DATA.train().rows() + DATA.test().rows());
    assertEquals(Math.round(0.2 * 1797), DATA.test().rows());
    assertEquals(64, DATA.train().inputs());
  }

  @Test
  void twoTrainingsWithTheSameSeedGiveBitIdenticalParameters() {
    double[] first = trainedParameters();
    double[] second = trainedParameters();
    assertArrayEquals(first, second);
  }

  @Test
  void float64VariantAlsoTrainsDeterministically() {
    Digits64Trainer a = new Digits64Trainer();
    Digits64Trainer b = new Digits64Trainer();
    a.fit(DATA.train(), DATA.validation(), TrainingListener.NONE);
    b.fit(DATA.train(), DATA.validation(), TrainingListener.NONE);
    assertArrayEquals(a.parameters(), b.parameters());
    assertTrue(a.evaluate(DATA.test()).get("accuracy") >= 0.96);
  }

  private static double[] trainedParameters() {
    DigitsClassifierTrainer trainer = new DigitsClassifierTrainer();
    trainer.fit(DATA.train(), DATA.validation(), TrainingListener.NONE);
    return trainer.parameters();
  }
}
