package org.optspec.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.optspec.runtime.Metrics;
import org.optspec.runtime.StopReason;
import org.optspec.runtime.TrainingListener.EpochSummary;
import org.optspec.runtime.TrainingReport;

/** {@code report.json}: what was trained, how long it took, the loss per epoch, the test metrics. */
final class ReportJson {

  private ReportJson() {}

  static String of(TrainingRun run, TrainingRun.Result result) {
    TrainingReport r = result.report();
    Map<String, Object> train = new LinkedHashMap<>();
    train.put("seconds", r.seconds());
    train.put("samples_per_second", r.samplesPerSecond());
    train.put("steps", r.steps());
    train.put("epochs", r.epochs());
    train.put("samples", r.samples());
    // the figures of the epoch whose parameters were kept (early stopping's restored epoch, else the last)
    train.put("final_loss", result.finalTrainLoss());
    train.put("final_validation_loss", result.finalValidationLoss());
    train.put("restored_epoch", r.restoredEpoch());
    if (result.earlier() != null) {
      // a resumed run whose held epoch ran before it: final_loss is evaluated on that epoch's parameters
      train.put("final_epoch", result.earlier().epoch());
      train.put("final_loss_evaluated", true);
    }
    train.put("stopped_because", r.stoppedBecause());
    Map<String, Object> stopReason = stopReason(r.stopReason());
    if (result.divergence() != null) {
      // where the step or a check met the non-finite value; the history holds the epochs before it
      stopReason.put("step", result.divergence().cause().step());
      stopReason.put("epoch", result.divergence().epoch());
    }
    train.put("stop_reason", stopReason);
    List<Map<String, Object>> history = r.history().stream().map(e -> epoch(e, result.epochs())).toList();
    train.put("history", history);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("spec", run.spec.file().toString());
    json.put("trainer", run.trainer.name());
    json.put("parameters", run.trainer.parameterCount());
    json.put("train_rows", run.trainRows());
    json.put("validation", run.validationLabel);
    json.put("train", train);
    json.put("test", result.test() == null ? Map.of() : metrics(result.test()));
    return Json.write(json);
  }

  /**
   * Why fit returned, as a program tests it: {@code {"kind": "completed" | "early_stopped" | "stopped_by_listener" |
   * "diverged", "source": the metric that stopped it (early stopping), what turned non-finite (a divergence the step or
   * a check met) or "", "detail": how, or ""}}; a divergence the step or a check met adds {@code "step"} and
   * {@code "epoch"}.
   */
  static Map<String, Object> stopReason(StopReason reason) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("kind", reason.kind().name().toLowerCase(Locale.ROOT));
    out.put("source", reason.source());
    out.put("detail", reason.detail());
    return out;
  }

  /** The scalar metrics, and for a classifier its per-class scores and confusion matrix. */
  static Map<String, Object> metrics(Metrics m) {
    Map<String, Object> out = new LinkedHashMap<>(m.values());
    if (!m.classes().isEmpty()) {
      out.put("classes", classes(m));
      out.put("confusion", confusion(m));
    }
    return out;
  }

  /** {@code [{"class": 0, "precision": .., "recall": .., "f1": .., "support": ..}, ...]}. */
  static List<Map<String, Object>> classes(Metrics m) {
    List<Map<String, Object>> out = new java.util.ArrayList<>();
    for (Metrics.ClassScores c : m.classes()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("class", c.label());
      row.put("precision", c.precision());
      row.put("recall", c.recall());
      row.put("f1", c.f1());
      row.put("support", c.support());
      out.add(row);
    }
    return out;
  }

  /** Rows of actual classes, columns of predicted ones. */
  static List<List<Integer>> confusion(Metrics m) {
    List<List<Integer>> out = new java.util.ArrayList<>();
    for (int[] row : m.confusion()) {
      out.add(java.util.Arrays.stream(row).boxed().toList());
    }
    return out;
  }

  private static Map<String, Object> epoch(EpochSummary s, EpochMetrics metrics) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("epoch", s.epoch());
    e.put("step", s.step());
    e.put("train_loss", s.trainLoss());
    e.put("validation_loss", s.validationLoss());
    e.put("lr", s.lr());
    e.put("seconds", s.seconds());
    if (metrics != null && metrics.train(s.epoch()) != null) {
      e.put("train_metrics", metrics(metrics.train(s.epoch())));
    }
    if (metrics != null && metrics.validation(s.epoch()) != null) {
      e.put("validation_metrics", metrics(metrics.validation(s.epoch())));
    }
    return e;
  }
}
