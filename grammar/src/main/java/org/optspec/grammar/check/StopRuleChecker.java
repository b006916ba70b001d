package org.optspec.grammar.check;

import java.util.List;
import java.util.Optional;
import org.optspec.grammar.ast.Arg;
import org.optspec.grammar.ast.Node;
import org.optspec.grammar.ast.Statement;
import org.optspec.spec.StopRule;
import org.optspec.spec.Value;

/**
 * Checks {@code stop when loss < 1e-10} and {@code stop when validation_loss stalls for 5 epochs}.
 * For BELOW the rule's patience is null; for STALLS its threshold is NaN.
 */
final class StopRuleChecker {

  private static final String FORMS = "expected 'stop when loss < X' or 'stop when validation_loss stalls for N epochs'";

  private final Reporter reporter;
  private final List<String> metrics;
  private final boolean epochsAllowed;

  /**
   * @param metrics the metrics the spec produces ({@code loss}, and {@code validation_loss} for a trainer)
   * @param epochsAllowed whether patience may be counted in epochs (an objective has no epochs)
   */
  StopRuleChecker(Reporter reporter, List<String> metrics, boolean epochsAllowed) {
    this.reporter = reporter;
    this.metrics = List.copyOf(metrics);
    this.epochsAllowed = epochsAllowed;
  }

  Optional<StopRule> check(Statement.Setting setting) {
    setting.block().ifPresent(b -> reporter.error(Reporter.FORM, "'stop' takes no { } block", b.pos()));
    List<Arg> args = setting.allArguments();
    if (args.isEmpty() || args.stream().anyMatch(Arg::isNamed) || !isName(args.get(0).value(), "when")) {
      reporter.error(Reporter.FORM, FORMS, args.isEmpty() ? setting.pos() : args.get(0).pos());
      return Optional.empty();
    }
    if (args.size() == 2 && args.get(1).value() instanceof Node.Compare compare) {
      return below(compare);
    }
    if (args.size() == 5 && args.get(1).value() instanceof Node.Name metric && isName(args.get(2).value(), "stalls")
        && isName(args.get(3).value(), "for")) {
      return stalls(metric, args.get(4).value());
    }
    reporter.error(Reporter.FORM, FORMS, args.get(Math.min(1, args.size() - 1)).pos());
    return Optional.empty();
  }

  private Optional<StopRule> below(Node.Compare compare) {
    if (!compare.op().equals("<")) {
      reporter.unsupported("stopping when a metric is " + compare.op() + " a threshold", compare.pos());
      return Optional.empty();
    }
    if (!(compare.left() instanceof Node.Name metric)) {
      reporter.error(Reporter.FORM, FORMS, compare.left().pos());
      return Optional.empty();
    }
    Optional<Double> threshold = Constants.fold(compare.right());
    if (threshold.isEmpty()) {
      reporter.error(Reporter.TYPE, "the stop threshold expects a number, got '" + compare.right().text() + "'",
          compare.right().pos());
      return Optional.empty();
    }
    if (!Double.isFinite(threshold.get())) {
      reporter.error(Reporter.RANGE, "the stop threshold must be a finite number, got " + compare.right().text(),
          compare.right().pos());
      return Optional.empty();
    }
    if (!knownMetric(metric)) {
      return Optional.empty();
    }
    return Optional.of(new StopRule(metric.name(), StopRule.Kind.BELOW, threshold.get(), null, metric.pos()));
  }

  private Optional<StopRule> stalls(Node.Name metric, Node patience) {
    if (!knownMetric(metric)) {
      return Optional.empty();
    }
    if (!(patience instanceof Node.Duration d)) {
      reporter.error(Reporter.TYPE, "stop patience expects a duration like '5 epochs', got '" + patience.text() + "'",
          patience.pos());
      return Optional.empty();
    }
    boolean epochs = d.unit().equals("epochs");
    if (epochs && !epochsAllowed) {
      reporter.error(Reporter.TYPE, "an objective has no epochs; count patience in steps", d.pos());
      return Optional.empty();
    }
    Value.Dur.Unit unit = epochs ? Value.Dur.Unit.EPOCHS : Value.Dur.Unit.STEPS;
    // >= 1 first, then 2^53 (Limits.MAX_DURATION_STEPS) in either unit, the most a long holds exactly from a double:
    // Math.round capped 'stalls for 1e30 epochs' at 2^63 - 1 silently. Patience in epochs counts epochs (it is not
    // converted to steps), so, unlike a schedule's duration in epochs, it is not held to MAX_EPOCHS (2147483648 is kept).
    Range range = Common.PATIENCE.range().contains(d.amount())
        ? Common.PATIENCE.range().capped(Limits.MAX_DURATION_STEPS)
        : Common.PATIENCE.range();
    if (!range.contains(d.amount()) || d.amount() != Math.rint(d.amount())) {
      reporter.error(Reporter.RANGE, "stop patience must be a whole number " + range.describe() + ", got " + d.text(),
          d.pos());
      return Optional.empty();
    }
    Value.Dur dur = new Value.Dur(d.amount(), unit);
    return Optional.of(new StopRule(metric.name(), StopRule.Kind.STALLS, Double.NaN, dur, metric.pos()));
  }

  private boolean knownMetric(Node.Name metric) {
    if (metrics.contains(metric.name())) {
      return true;
    }
    reporter.unknown("metric", metric.name(), metric.pos(), metrics);
    return false;
  }

  private static boolean isName(Node node, String name) {
    return node instanceof Node.Name n && n.name().equals(name);
  }
}
