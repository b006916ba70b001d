package org.optspec.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    train.put("final_loss", result.finalTrainLoss());
    train.put("stopped_because", r.stoppedBecause());
    List<Map<String, Object>> history = r.history().stream().map(ReportJson::epoch).toList();
    train.put("history", history);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("spec", run.spec.file().toString());
    json.put("trainer", run.trainer.name());
    json.put("parameters", run.trainer.parameterCount());
    json.put("train_rows", run.trainRows());
    json.put("validation", run.validationLabel);
    json.put("train", train);
    json.put("test", result.test() == null ? Map.of() : new LinkedHashMap<String, Object>(result.test().values()));
    return Json.write(json);
  }

  private static Map<String, Object> epoch(EpochSummary s) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("epoch", s.epoch());
    e.put("step", s.step());
    e.put("train_loss", s.trainLoss());
    e.put("validation_loss", s.validationLoss());
    e.put("lr", s.lr());
    e.put("seconds", s.seconds());
    return e;
  }
}
