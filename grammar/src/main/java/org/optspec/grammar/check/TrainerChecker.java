package org.optspec.grammar.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.optspec.grammar.ast.Block;
import org.optspec.grammar.ast.Statement;
import org.optspec.spec.Call;
import org.optspec.spec.DataSpec;
import org.optspec.spec.GroupOverride;
import org.optspec.spec.Precision;
import org.optspec.spec.Schedule;
import org.optspec.spec.SourcePos;
import org.optspec.spec.StopRule;
import org.optspec.spec.TrainerSpec;

/** Checks a {@code trainer} block and builds the {@link TrainerSpec}. */
final class TrainerChecker {

  static final List<String> SECTIONS = List.of(
      "precision", "seed", "data", "model", "loss", "regularize", "optimizer", "group", "schedule", "clip",
      "batch", "accumulate", "epochs", "stop", "prune");
  private static final Set<String> REPEATABLE = Set.of("regularize", "group", "clip");
  private static final List<String> REQUIRED = List.of("data", "model", "loss", "optimizer", "batch", "epochs");
  private static final Map<String, String> NOT_YET = Map.of(
      "steps", "training a trainer for a number of steps (use epochs)",
      "minimize", "'minimize' in a trainer (write an objective)");

  private final SettingReader reader;
  private final Common common;

  TrainerChecker(SettingReader reader) {
    this.reader = reader;
    this.common = new Common(reader);
  }

  Optional<TrainerSpec> check(String name, SourcePos pos, Block block) {
    Reporter reporter = reader.reporter();
    Sections sections = Sections.collect(block.statements(), "trainer", SECTIONS, REPEATABLE, NOT_YET, false, reporter);
    sections.require(REQUIRED, "trainer " + name, pos);

    Optional<Precision> precision = common.precision(sections);
    Optional<Long> seed = common.seed(sections);
    Optional<DataSpec> data = sections.one("data").flatMap(reader::block)
        .flatMap(b -> new DataChecker(reader).check(b, sections.one("data").get().pos()));
    List<CallBinder.Bound> layers = layers(sections);
    Optional<CallBinder.Bound> loss = sections.one("loss").flatMap(s -> reader.call(s, Kind.LOSS));
    List<Call> regularizers = new ArrayList<>();
    sections.all("regularize").forEach(s -> reader.call(s, Kind.REGULARIZER).ifPresent(b -> regularizers.add(b.call())));
    Optional<CallBinder.Bound> optimizer = common.optimizer(sections);
    optimizer.ifPresent(o -> GaussianMetricRule.check(o, List.of(), List.of(), reader.reporter()));
    Optional<Schedule> schedule = sections.one("schedule").isPresent()
        ? new ScheduleChecker(reader).check(sections.one("schedule").get())
        : Optional.of(ScheduleChecker.constant(pos));
    List<Call> clipping = common.clipping(sections);
    Optional<Double> batch = sections.one("batch").flatMap(s -> reader.number(s, Common.BATCH));
    Optional<Double> epochs = sections.one("epochs").flatMap(s -> reader.number(s, Common.EPOCHS));
    Optional<Double> accumulate = sections.one("accumulate").isPresent()
        ? sections.one("accumulate").flatMap(s -> reader.number(s, Common.ACCUMULATE))
        : Optional.of(1.0);
    StopRuleChecker stopChecker = new StopRuleChecker(reporter, List.of("loss", "validation_loss"), true);
    Optional<StopRule> stop = sections.one("stop").flatMap(stopChecker::check);
    Optional<CallBinder.Bound> prune = sections.one("prune").flatMap(s -> reader.call(s, Kind.PRUNE));
    prune.ifPresent(this::checkPruneWindow);

    List<GroupOverride> groups = new ArrayList<>();
    if (optimizer.isPresent()) {
      List<String> selectors = new ArrayList<>(List.of("weights", "biases"));
      layers.forEach(l -> selectors.add(l.call().name()));
      GroupChecker groupChecker = new GroupChecker(reader, selectors.stream().distinct().toList(), layers.size());
      sections.all("group").forEach(s -> groupChecker.check(s, optimizer.get().call()).ifPresent(groups::add));
    }
    if (data.isPresent() && loss.isPresent() && !layers.isEmpty()) {
      new ModelRules(reporter).check(data.get(), layers, loss.get().call());
    }
    if (data.isPresent() && stop.isPresent()) {
      requireValidationSplit(data.get(), stop.get(), reporter);
    }
    if (data.isPresent() && batch.isPresent() && !reporter.hasErrors()) {
      new ModelSize(reporter).check(data.get(), layers, batch.get().intValue(), sections.one("model").get().pos());
    }
    if (reporter.hasErrors()) {
      return Optional.empty();
    }
    return Optional.of(new TrainerSpec(name, pos, precision.get(), seed.get(), data.get(),
        layers.stream().map(CallBinder.Bound::call).toList(), loss.get().call(), regularizers,
        optimizer.get().call(), groups, schedule.get(), clipping, batch.get().intValue(), epochs.get().intValue(),
        accumulate.get().intValue(), stop, prune.map(CallBinder.Bound::call), reporter.source()));
  }

  private List<CallBinder.Bound> layers(Sections sections) {
    List<CallBinder.Bound> layers = new ArrayList<>();
    Optional<Statement.Setting> model = sections.one("model");
    Optional<Block> block = model.flatMap(reader::block);
    if (block.isEmpty()) {
      return layers;
    }
    for (Statement statement : block.get().statements()) {
      if (statement instanceof Statement.Setting layer) {
        if (layer.block().isPresent()) {
          reader.reporter().unsupported("a layer with a { } block", layer.block().get().pos());
          continue;
        }
        reader.entry(layer, Kind.LAYER).ifPresent(layers::add);
      } else {
        reader.reporter().error(Reporter.FORM, "a model lists layers, not declarations", statement.pos());
      }
    }
    if (block.get().statements().isEmpty()) {
      reader.reporter().error(Reporter.MISSING, "model has no layers", model.get().pos());
    }
    return layers;
  }

  /**
   * A rule on {@code validation_loss} (early stopping, and the best epoch it restores) needs rows set aside for
   * validation: without them the only held-out rows are the test split, and choosing the epoch on them would make the
   * reported test figure optimistic. So the spec says how many, or it does not compile.
   */
  private static void requireValidationSplit(DataSpec data, StopRule stop, Reporter reporter) {
    if (!stop.metric().equals("validation_loss")) {
      return;
    }
    boolean hasValidation = data.split().map(s -> s.has("validation") && s.number("validation") > 0).orElse(false);
    if (!hasValidation) {
      String test = data.split().filter(s -> s.has("test")).map(s -> number(s.number("test"))).orElse("0.2");
      String seed = data.split().filter(s -> s.has("seed")).map(s -> number(s.number("seed"))).orElse("1");
      reporter.error(Reporter.VALIDATION, "'stop when validation_loss ...' watches a validation split, and the data has"
          + " none (the test split is only for the final figure): add one to the data section, e.g."
          + " split(test: " + test + ", validation: 0.1, seed: " + seed + ")", stop.pos());
    }
  }

  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  /** Pruning must end after it starts when both are counted in the same unit. */
  private void checkPruneWindow(CallBinder.Bound bound) {
    Call prune = bound.call();
    var from = prune.duration("from");
    var to = prune.duration("to");
    if (from.unit() == to.unit() && to.amount() <= from.amount()) {
      reader.reporter().error(Reporter.RANGE, "prune 'to' must come after 'from'", bound.positionOf("to"));
    }
  }
}
