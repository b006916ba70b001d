package org.optspec.cli;

import java.nio.file.Path;
import org.optspec.runtime.Dataset;
import org.optspec.runtime.Metrics;
import org.optspec.runtime.StopReason;
import org.optspec.runtime.Trainer;
import org.optspec.runtime.TrainingListener;
import org.optspec.runtime.TrainingReport;
import org.optspec.runtime.data.Splits;
import org.optspec.runtime.progress.DivergenceException;

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
   * validation rows, then evaluates the evaluation rows once. A divergence is thrown ({@link DivergenceException}).
   */
  Result fit(TrainingListener listener) {
    return fitKeepingDivergence(listener).orThrow();
  }

  /**
   * As {@link #fit}, but a divergence ends the fit as a result ({@link Result#divergence()}): the epochs that passed the
   * checks, stop reason diverged, no evaluation.
   */
  Result fitKeepingDivergence(TrainingListener listener) {
    return attempt(all -> trainer.fit(data.train(), validation, PhaseTimes.enabled() ? new EpochTimes(all) : all), listener);
  }

  /** Runs {@code fit} with the epoch metrics and a record of where it is, so that a divergence can be reported. */
  private Result attempt(java.util.function.Function<TrainingListener, TrainingReport> fit, TrainingListener listener) {
    EpochMetrics epochs = new EpochMetrics(trainer, data.train(), validation);
    FitProgress progress = new FitProgress(System.nanoTime());
    // after the caller's listeners: an epoch a check refuses (FiniteParameters) is not recorded
    TrainingListener all = TrainingListener.all(listener, epochs, progress);
    TrainingReport report;
    try {
      report = fit.apply(all);
    } catch (DivergenceException e) {
      Divergence divergence = new Divergence(e, progress.epoch);
      return new Result(progress.report(divergence, trainRows()), null, epochs, null, divergence);
    }
    return result(report, epochs);
  }

  /**
   * The result of a fit: the evaluation rows' metrics, and when the epoch whose parameters the trainer holds ran before
   * this fit (a resumed run that stopped at once, or restored a best epoch from before the resume), that epoch's
   * figures evaluated on the held parameters, so the summary never shows an unknown loss.
   */
  private Result result(TrainingReport report, EpochMetrics epochs) {
    Metrics test = evaluation == null ? null : trainer.evaluate(evaluation);
    Earlier earlier = null;
    if (report.finalEpoch() == null) {
      int epoch = report.restoredEpoch() > 0 ? report.restoredEpoch() : trainer.epochsCompleted();
      earlier = new Earlier(epoch, trainer.evaluate(data.train()), validation == null ? null : trainer.evaluate(validation));
    }
    PhaseTimes.mark("final evaluation");
    return new Result(report, test, epochs, earlier, null);
  }

  /**
   * As {@link #fitKeepingDivergence}, data-parallel on {@code backend} (optspec-spark): the same trainer is the
   * driver's, so the listeners, the metrics and the outputs are those of a local run.
   */
  Result fitOn(DataParallelBackend backend, String master, String strategy, Path checkpoint, long checkpointEvery,
      Path resumedFrom, TrainingListener listener) {
    return attempt(all -> backend.fit(new DataParallelBackend.Request(master, strategy, trainer,
        InMemoryJavaCompiler.classFiles(trainer.getClass()), data.train(), validation, all, checkpoint, checkpointEvery,
        resumedFrom)), listener);
  }

  /**
   * Where a fit diverged: what its step or a check threw, and the epoch it was in ({@code 3} when the loss of a step of
   * epoch 3 is NaN, or epoch 3's parameters are).
   */
  record Divergence(DivergenceException cause, int epoch) {

    /** {@code step 37, epoch 3: the loss is NaN}. */
    String where() {
      return "step " + cause.step() + ", epoch " + epoch + ": " + cause.finding();
    }

    StopReason stopReason() {
      return new StopReason(StopReason.Kind.DIVERGED, cause.what(), where());
    }
  }

  /** The epoch a fit is in, the epochs that passed every check and the steps taken, for a report of a divergence. */
  private static final class FitProgress implements TrainingListener {
    private final long started;
    private final java.util.List<EpochSummary> history = new java.util.ArrayList<>();
    private int epoch;
    private long steps;

    FitProgress(long started) {
      this.started = started;
    }

    @Override
    public void onEpochStart(int epoch, int stepsInEpoch) {
      this.epoch = epoch;
    }

    @Override
    public void onStep(int epoch, long step, double loss, double lr) {
      steps++;
    }

    @Override
    public void onEpochEnd(EpochSummary summary) {
      history.add(summary);
    }

    /** The report of the fit {@code divergence} ended: its samples are those of the epochs completed, as fit counts them. */
    TrainingReport report(Divergence divergence, int rows) {
      return new TrainingReport(history.size(), steps, (long) history.size() * rows, (System.nanoTime() - started) / 1e9,
          history, "diverged at " + divergence.where(), 0, divergence.stopReason());
    }
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

  /**
   * The held parameters' figures when their epoch ran before this fit: its number, the training rows' metrics and the
   * validation rows' (null without any), in evaluation mode. The validation loss is the one that epoch had (the same
   * evaluation of the same parameters); the training loss is the evaluation-mode one, not the epoch's running mean,
   * which the earlier run's report holds.
   */
  record Earlier(int epoch, Metrics train, Metrics validation) {}

  /**
   * What a fit did, each epoch's metrics, the metrics on the evaluation rows (null without any), {@link Earlier}
   * (null when the held parameters' epoch is in this fit's history) and, for a fit that diverged, where (else null;
   * its report's history then holds the epochs that passed the checks, and there are no test metrics).
   */
  record Result(TrainingReport report, Metrics test, EpochMetrics epochs, Earlier earlier, Divergence divergence) {

    Result(TrainingReport report, Metrics test) {
      this(report, test, null, null, null);
    }

    /** This result, or its divergence thrown. */
    Result orThrow() {
      if (divergence != null) {
        throw divergence.cause();
      }
      return this;
    }

    /** The epoch whose parameters the trainer holds, when it is not the last of this fit (0 otherwise). */
    int heldEpoch() {
      return earlier != null ? earlier.epoch() : report.restoredEpoch();
    }

    /**
     * The train loss of the epoch whose parameters the trainer holds: the restored one after early stopping; evaluated
     * on the training rows when that epoch ran before this fit.
     */
    double finalTrainLoss() {
      var last = report.finalEpoch();
      if (last != null) {
        return last.trainLoss();
      }
      return earlier == null ? Double.NaN : earlier.train().get("loss");
    }

    /** The validation loss of that epoch (NaN without validation rows). */
    double finalValidationLoss() {
      var last = report.finalEpoch();
      if (last != null) {
        return last.validationLoss();
      }
      return earlier == null || earlier.validation() == null ? Double.NaN : earlier.validation().get("loss");
    }
  }
}
