package org.optspec.samples.digits;

import org.optspec.runtime.Metrics;
import org.optspec.runtime.TrainingReport;
import org.optspec.runtime.TrainingSpec;
import org.optspec.runtime.data.Splits;
import org.optspec.runtime.ConsoleListener;

/**
 * The digits with a deeper, batch-normalized network whose weights are gradually pruned to 80% sparsity. The build
 * generates {@code WideClassifierTrainer} from {@code wide_mlp.optspec}.
 */
@TrainingSpec("wide_mlp.optspec")
public final class Wide {

  private Wide() {}

  public static void main(String[] args) {
    Splits data = WideClassifierTrainer.data().load(Wide.class);
    WideClassifierTrainer trainer = new WideClassifierTrainer();
    TrainingReport report = trainer.fit(data.train(), data.validation(), new ConsoleListener(System.out));
    System.out.println(report.stoppedBecause());
    Metrics test = trainer.evaluate(data.test());
    System.out.println("test: " + test);
  }
}
