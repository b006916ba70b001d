package org.optspec.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.optspec.runtime.Metrics;
import org.optspec.runtime.TrainingListener;
import org.optspec.runtime.data.Splits;
import org.optspec.samples.cancer.Cancer;
import org.optspec.samples.cancer.CancerClassifierTrainer;

class CancerSampleTest {

  @Test
  void binaryCrossEntropyClassifiesTheTumoursToAtLeast95Percent() {
    Splits data = CancerClassifierTrainer.data().load(Cancer.class);
    CancerClassifierTrainer trainer = new CancerClassifierTrainer();
    trainer.fit(data.train(), data.validation(), TrainingListener.NONE);
    Metrics test = trainer.evaluate(data.test());
    assertTrue(test.get("accuracy") >= 0.95, "test " + test);
    // One logit per case, two class probabilities out.
    assertEquals(16 * 30 + 16 + 16 + 1, trainer.parameterCount());
    assertEquals(2, trainer.outputSize());
    double[] probabilities = new double[data.test().rows() * 2];
    trainer.predict(data.test(), probabilities);
    for (int r = 0; r < data.test().rows(); r++) {
      assertEquals(1, probabilities[2 * r] + probabilities[2 * r + 1], 1e-12);
    }
  }
}
