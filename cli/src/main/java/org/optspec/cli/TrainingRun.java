package org.optspec.cli;

import java.nio.file.Path;
import org.optspec.runtime.Dataset;
import org.optspec.runtime.Metrics;
import org.optspec.runtime.StopReason;
import org.optspec.runtime.Trainer;
import org.optspec.runtime.TrainingListener;
import org.optspec.runtime.TrainingReport;
import org.optspec.runtime.data.Splits;

/**
 * One spec's data and trainer, ready to fit: the training rows, the rows that validate each epoch (the validation
 * split only: early stopping, plateau and the restored best epoch never see the test split) and the rows that give
 * the final metrics, once, after training (the test split, or the validation split when there is no test split).
 */
final class TrainingRun {
  final CompiledSpec spec;
  final Splits data;
  final Trainer trainer;
  final Dataset validation;
  final Dataset evaluation;
  final String validationLabel;

  /**
   * Checks that the run fits in the heap ({@link MemoryCheck}: a {@code SpecFailure} otherwise), loads the data
   * (throws {@code DataException}) and makes a fresh trainer.
   */
  TrainingRun(CompiledSpec spec, Path csv) {
    this(spec, checkedData(spec, csv));
  }

  private static Splits checkedData(CompiledSpec spec, Path csv) {
    MemoryCheck.require(spec, csv);
    return spec.loadData(csv);
  }

  /** A fresh trainer for splits loaded already. */
  TrainingRun(CompiledSpec spec, Splits data) {
    this(spec, data, spec.newTrainer());
  }

  /** {@code trainer} (one of {@code spec}'s) for splits loaded already. */
  TrainingRun(CompiledSpec spec, Splits data, Trainer trainer) {
    this.spec = spec;
    PhaseTimes.mark("data load");
    this.data = data;
    this.trainer = trainer;
    PhaseTimes.mark("trainer class init and constructor");
    this.validation = data.validation();
    this.evaluation = data.test() != null ? data.test() : data.validation();
    this.validationLabel = "validation";
  }

  int trainRows() {
    return data.train().rows();
  }

  long stepsPerEpoch() {
    return spec.stepsPerEpoch(trainRows());
  }

  /**
   * Trains (from wherever the trainer is: fresh or resumed), with the metrics of every epoch on the training and
   * validation rows, then evaluates the evaluation rows once.
   */
  Result fit(TrainingListener listener) {
    EpochMetrics epochs = new EpochMetrics(trainer, data.train(), validation);
    TrainingListener both = TrainingListener.all(listener, epochs);
    TrainingReport report = trainer.fit(data.train(), validation, PhaseTimes.enabled() ? new EpochTimes(both) : both);
    Metrics test = evaluation == null ? null : trainer.evaluate(evaluation);
    PhaseTimes.mark("final evaluation");
    return new Result(report, test, epochs);
  }

  /**
   * As {@link #fit}, data-parallel on {@code backend} (optspec-spark): the same trainer is the driver's, so the
   * listeners, the metrics and the outputs are those of a local run.
   */
  Result fitOn(DataParallelBackend backend, String master, String strategy, Path checkpoint, long checkpointEvery,
      Path resumedFrom, TrainingListener listener) {
    EpochMetrics epochs = new EpochMetrics(trainer, data.train(), validation);
    TrainingListener both = TrainingListener.all(listener, epochs);
    TrainingReport report = backend.fit(new DataParallelBackend.Request(master, strategy, trainer,
        InMemoryJavaCompiler.classFiles(trainer.getClass()), data.train(), validation, both, checkpoint, checkpointEvery,
        resumedFrom));
    Metrics test = evaluation == null ? null : trainer.evaluate(evaluation);
    PhaseTimes.mark("final evaluation");
    return new Result(report, test, epochs);
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

    @Override
    public StopReason stopRequest() {
      return next.stopRequest();
    }
  }

  /** What a fit did, each epoch's metrics, and the metrics on the evaluation rows (null without any). */
  record Result(TrainingReport report, Metrics test, EpochMetrics epochs) {

    Result(TrainingReport report, Metrics test) {
      this(report, test, null);
    }


    /** The train loss of the epoch whose parameters the trainer holds: the restored one after early stopping. */
    double finalTrainLoss() {
      var last = report.finalEpoch();
      return last == null ? Double.NaN : last.trainLoss();
    }

    /** The validation loss of that epoch (NaN without validation rows). */
    double finalValidationLoss() {
      var last = report.finalEpoch();
      return last == null ? Double.NaN : last.validationLoss();
    }
  }
}
