package org.optspec.cli;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.optspec.processor.ir.Lowering;
import org.optspec.processor.plan.MemoryPlan;
import org.optspec.processor.plan.MemoryPlanner;
import org.optspec.runtime.Metrics;
import org.optspec.runtime.TrainingListener;
import org.optspec.spec.TrainerSpec;

/**
 * Publishes one training run to a {@link LivePage}: its settings first; the loss and learning rate of about
 * {@value #STEP_POINTS} evenly spaced steps; at about {@value #STAT_POINTS} of them the gradient norm (the generated
 * trainer's {@code gradients()} after that step) and each parameter tensor's update-to-weight ratio
 * {@code ||p_s − p_(s−1)|| / ||p_(s−1)||} of that one step; every epoch's train and validation loss and the
 * validation rows' metrics; and an {@code end} event. Only {@code --ui} runs pay for it (a copy of the parameters at
 * the sampled steps, one extra evaluation of the validation rows per epoch).
 */
final class LiveListener implements TrainingListener {
  static final int STEP_POINTS = 2000;
  static final int STAT_POINTS = 300;

  private final LivePage page;
  private final String run;
  private final TrainingRun training;
  private final long stepStride;
  private final long statStride;
  private final List<MemoryPlan.Tensor> tensors;
  private final Method gradients;
  private double[] before;

  LiveListener(LivePage page, String run, TrainingRun training) {
    this.page = page;
    this.run = run;
    this.training = training;
    long total = Math.max(1, training.stepsPerEpoch() * training.spec.epochs());
    this.stepStride = Math.max(1, total / STEP_POINTS);
    this.statStride = Math.max(2, total / STAT_POINTS);
    TrainerSpec spec = training.spec.spec();
    this.tensors = MemoryPlanner.plan(Lowering.lower(spec).program().orElseThrow()).tensors();
    Method g;
    try {
      g = training.trainer.getClass().getMethod("gradients");
    } catch (NoSuchMethodException e) {
      g = null;
    }
    this.gradients = g;
    page.publish(Json.write(settings()));
  }

  private Map<String, Object> settings() {
    TrainerSpec spec = training.spec.spec();
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("spec", training.spec.file().toString());
    s.put("trainer", training.trainer.name());
    s.put("parameters", training.trainer.parameterCount());
    s.put("optimizer", SourceLines.statement(spec, spec.optimizer().pos(), "optimizer").orElse(spec.optimizer().name()));
    s.put("schedule", PlotScheduleCommand.scheduleText(spec));
    // the run's settings (the spec's, or --set's), and the --set line that makes them from the spec's
    s.put("set", training.spec.settings().assignments(RunSettings.defaults(training.trainer.getClass())));
    s.put("epochs", training.spec.epochs());
    s.put("batch", training.spec.batch());
    s.put("steps per epoch", training.stepsPerEpoch());
    s.put("training rows", training.trainRows());
    s.put("validation rows", training.validation == null ? 0 : training.validation.rows());
    s.put("seed", training.spec.seed());
    s.put("precision", spec.precision().toString().toLowerCase(java.util.Locale.ROOT));
    s.put("tensors", tensors.stream().map(MemoryPlan.Tensor::name).toList());
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("type", "settings");
    event.put("run", run);
    event.put("settings", s);
    return event;
  }

  @Override
  public void onStep(int epoch, long step, double loss, double lr) {
    if (step % stepStride == 0 || step == 1) {
      page.publish(Json.write(event("step", "step", step, "epoch", epoch, "loss", loss, "lr", lr)));
    }
    if (before != null) {
      double[] after = training.trainer.parameters();
      Map<String, Object> ratios = new LinkedHashMap<>();
      for (MemoryPlan.Tensor t : tensors) {
        double du = 0;
        double w = 0;
        for (int i = t.offset(); i < t.offset() + t.length(); i++) {
          double d = after[i] - before[i];
          du += d * d;
          w += before[i] * before[i];
        }
        ratios.put(t.name(), w > 0 ? Math.sqrt(du / w) : Double.NaN);
      }
      Map<String, Object> e = event("stats", "step", step, "grad_norm", gradientNorm());
      e.put("ratios", ratios);
      page.publish(Json.write(e));
      before = null;
    }
    if (step % statStride == statStride - 1) {
      before = training.trainer.parameters();
    }
  }

  private double gradientNorm() {
    if (gradients == null) {
      return Double.NaN;
    }
    try {
      double sum = 0;
      for (double g : (double[]) gradients.invoke(training.trainer)) {
        sum += g * g;
      }
      return Math.sqrt(sum);
    } catch (ReflectiveOperationException e) {
      return Double.NaN;
    }
  }

  @Override
  public void onEpochEnd(EpochSummary s) {
    Map<String, Object> e = event("epoch", "epoch", s.epoch(), "step", s.step(), "train_loss", s.trainLoss(),
        "validation_loss", s.validationLoss(), "lr", s.lr(), "seconds", s.seconds());
    if (training.validation != null) {
      Metrics m = training.trainer.evaluate(training.validation);
      e.put("metrics", new LinkedHashMap<>(m.values()));
    }
    page.publish(Json.write(e));
  }

  /** The run is over: {@code how} is "finished" or the sentence of a divergence. */
  void end(String how) {
    page.publish(Json.write(event("end", "how", how)));
  }

  private Map<String, Object> event(String type, Object... keyValues) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("type", type);
    e.put("run", run);
    List<Object> kv = new ArrayList<>(List.of(keyValues));
    for (int i = 0; i + 1 < kv.size(); i += 2) {
      e.put((String) kv.get(i), kv.get(i + 1));
    }
    return e;
  }
}
