package org.optspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.optspec.runtime.Dataset;
import org.optspec.runtime.TrainingListener;
import org.optspec.runtime.data.Splits;

/**
 * Early stopping and the restored epoch watch the validation split only; the test split gives one figure, at the end.
 * The test rows are poisoned with NaN features after loading: had training looked at them even once (for a validation
 * loss, a plateau, a best epoch), a NaN would show in the history or have stopped the run.
 */
class HonestEvaluationTest {

  private static final String SPEC = """
      trainer Line {
        precision float64
        seed 3
        data {
          source csv("line.csv", target: last)
          features 2
          targets 1
          split(test: 0.2, validation: 0.2, seed: 5)
        }
        model {
          dense(8)
          tanh
          dense(1)
        }
        loss mse
        optimizer adam(lr: 0.05)
        schedule plateau(factor: 0.5, patience: 2)
        batch 16
        epochs 200
        stop when validation_loss stalls for 4 epochs
      }
      """;

  @Test
  void aNanPoisonedTestSplitStillTrainsAndStopsOnValidation(@TempDir Path dir) throws IOException {
    Path spec = dir.resolve("line.optspec");
    Files.writeString(spec, SPEC);
    StringBuilder csv = new StringBuilder("a,b,y\n");
    java.util.Random random = new java.util.Random(2);
    for (int r = 0; r < 300; r++) {
      double a = random.nextDouble();
      double b = random.nextDouble();
      csv.append(a).append(',').append(b).append(',').append(3 * a - 2 * b + 0.3 * random.nextGaussian()).append('\n');
    }
    Files.writeString(dir.resolve("line.csv"), csv);
    CompiledSpec compiled = SpecCompilation.compileTrainer(spec, new SpecOverrides(null, null));
    Splits splits = compiled.loadData(null);
    Dataset test = splits.test();
    java.util.Arrays.fill(test.x(), Double.NaN);

    TrainingRun run = new TrainingRun(compiled, splits);
    List<Double> validationLosses = new ArrayList<>();
    TrainingRun.Result result = run.fit(new TrainingListener() {
      @Override
      public void onEpochEnd(EpochSummary summary) {
        validationLosses.add(summary.validationLoss());
      }
    });

    assertFalse(validationLosses.isEmpty());
    assertTrue(validationLosses.stream().allMatch(Double::isFinite), "every epoch validated on clean rows: " + validationLosses);
    assertTrue(result.report().stoppedBecause().startsWith("validation_loss stalled for 4 epochs"),
        result.report().stoppedBecause());
    assertTrue(result.report().epochs() < 200, "stopped early: " + result.report().epochs());
    // the restored epoch's figures are the ones reported
    int restored = result.report().restoredEpoch();
    assertTrue(restored > 0 && restored < result.report().epochs(), "restored epoch " + restored);
    double best = validationLosses.stream().mapToDouble(Double::doubleValue).min().getAsDouble();
    assertEquals(best, result.finalValidationLoss(), 0);
    assertEquals(result.report().history().get(restored - 1).trainLoss(), result.finalTrainLoss(), 0);
    assertEquals(best, run.trainer.evaluate(splits.validation()).get("loss"), 1e-12);
    // the test figure, computed once after training, is the poisoned rows' NaN
    assertTrue(Double.isNaN(result.test().get("mse")), result.test().toString());
    assertTrue(run.evaluation == test);
  }
}
