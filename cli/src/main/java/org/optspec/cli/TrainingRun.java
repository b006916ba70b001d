package org.optspec.cli;

import java.nio.file.Path;
import org.optspec.runtime.Dataset;
import org.optspec.runtime.Metrics;
import org.optspec.runtime.Trainer;
import org.optspec.runtime.TrainingListener;
import org.optspec.runtime.TrainingReport;
import org.optspec.runtime.data.Splits;

/**
 * One spec's data and trainer, ready to fit: the training rows, the rows that validate each epoch
 * (the validation split, or the test split when there is none) and the rows that give the final
 * metrics (the test split, or the validation split).
 */
final class TrainingRun {
  final CompiledSpec spec;
  final Splits data;
  final Trainer trainer;
  final Dataset validation;
  final Dataset evaluation;
  final String validationLabel;

  /** Loads the data (throws {@code DataException}) and makes a fresh trainer. */
  TrainingRun(CompiledSpec spec, Path csv) {
    this.spec = spec;
    this.data = spec.loadData(csv);
    PhaseTimes.mark("data load");
    this.trainer = spec.newTrainer();
    PhaseTimes.mark("trainer class init and constructor");
    this.validation = data.validation() != null ? data.validation() : data.test();
    this.evaluation = data.test() != null ? data.test() : data.validation();
    this.validationLabel = data.validation() != null ? "validation" : "test";
  }

  int trainRows() {
    return data.train().rows();
  }

  long stepsPerEpoch() {
    return spec.stepsPerEpoch(trainRows());
  }

  /** Trains (from wherever the trainer is: fresh or resumed) and evaluates. */
  Result fit(TrainingListener listener) {
    TrainingReport report = trainer.fit(data.train(), validation, PhaseTimes.enabled() ? new EpochTimes(listener) : listener);
    Metrics test = evaluation == null ? null : trainer.evaluate(evaluation);
    PhaseTimes.mark("final evaluation");
    return new Result(report, test);
  }

  /** Marks the end of each epoch (and the start of the first) for {@link PhaseTimes}; passes everything on. */
  private record EpochTimes(TrainingListener next) implements TrainingListener {
    @Override
    public void onEpochStart(int epoch, int stepsInEpoch) {
      if (epoch == 1) {
        PhaseTimes.mark("before the first epoch (header, progress)");
      }
      next.onEpochStart(epoch, stepsInEpoch);
    }

    @Override
    public void onStep(int epoch, long step, double loss, double lr) {
      next.onStep(epoch, step, loss, lr);
    }

    @Override
    public void onEpochEnd(EpochSummary summary) {
      next.onEpochEnd(summary);
      PhaseTimes.mark("epoch " + summary.epoch());
    }
  }

  /** What a fit did, and the metrics on the evaluation rows (null without any). */
  record Result(TrainingReport report, Metrics test) {

    double finalTrainLoss() {
      var h = report.history();
      return h.isEmpty() ? Double.NaN : h.get(h.size() - 1).trainLoss();
    }
  }
}
