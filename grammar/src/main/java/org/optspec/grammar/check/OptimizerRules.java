package org.optspec.grammar.check;

import java.util.List;
import java.util.Map;
import org.optspec.spec.Call;
import org.optspec.spec.GroupOverride;
import org.optspec.spec.Value;

/**
 * The rules of an optimizer beyond its options' types and ranges, for a trainer and an objective alike: torch's nesterov
 * rule (momentum > 0 and dampening = 0), for the optimizer and for each group that changes one of the three, and a
 * chain's transforms over all parameters coming first.
 */
final class OptimizerRules {

  private final Reporter reporter;

  OptimizerRules(Reporter reporter) {
    this.reporter = reporter;
  }

  /** The rules of the optimizer call itself. */
  void check(CallBinder.Bound bound) {
    Call optimizer = bound.call();
    if (optimizer.name().equals("sgd") && optimizer.flag("nesterov")) {
      if (optimizer.number("momentum") <= 0) {
        reporter.error(Reporter.SEMANTIC, "sgd nesterov needs momentum > 0, got momentum "
            + Numbers.format(optimizer.number("momentum")), bound.positionOf("nesterov"));
      } else if (optimizer.number("dampening") != 0) {
        reporter.error(Reporter.SEMANTIC, "sgd nesterov needs dampening = 0, got dampening "
            + Numbers.format(optimizer.number("dampening")), bound.positionOf("dampening"));
      }
    }
    if (optimizer.name().equals("chain")) {
      List<Value> transforms = optimizer.tuple("transforms");
      for (int i = 1; i < transforms.size(); i++) {
        Call transform = ((Value.CallValue) transforms.get(i)).call();
        if (transform.name().equals("clip_global_norm")) {
          // the first transform clips the raw gradients of every group before any group's update starts
          reporter.error(Reporter.SEMANTIC,
              "clip_global_norm reduces over every parameter, so it must come first in a chain", transform.pos());
        }
      }
    }
  }

  /** The nesterov rule for a group that sets nesterov, momentum or dampening, with the optimizer's values for the rest. */
  void checkGroup(Call optimizer, GroupOverride group) {
    Map<String, Value> settings = group.settings();
    if (!optimizer.name().equals("sgd")
        || List.of("nesterov", "momentum", "dampening").stream().noneMatch(settings::containsKey)) {
      return;
    }
    boolean nesterov = settings.get("nesterov") instanceof Value.Bool b ? b.value() : optimizer.flag("nesterov");
    double momentum = number(settings, "momentum", optimizer);
    double dampening = number(settings, "dampening", optimizer);
    if (nesterov && momentum <= 0) {
      reporter.error(Reporter.SEMANTIC, "group " + group.selector() + ": sgd nesterov needs momentum > 0, got momentum "
          + Numbers.format(momentum), group.pos());
    } else if (nesterov && dampening != 0) {
      reporter.error(Reporter.SEMANTIC, "group " + group.selector() + ": sgd nesterov needs dampening = 0, got dampening "
          + Numbers.format(dampening), group.pos());
    }
  }

  private static double number(Map<String, Value> settings, String name, Call optimizer) {
    return settings.get(name) instanceof Value.Num n ? n.value() : optimizer.number(name);
  }
}
