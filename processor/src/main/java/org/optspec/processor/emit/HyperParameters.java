package org.optspec.processor.emit;

import static org.optspec.processor.emit.EmitContext.constName;

import org.optspec.processor.ir.Optimizer;

/**
 * Optimizer hyper-parameters by their catalogue name ({@code lr}, {@code beta1}, ...): the optimizer's own value,
 * a group's value, and the constant a group's update reads ({@code LR}, or {@code BIASES_LR} when the group set it).
 */
final class HyperParameters {

  private final Optimizer optimizer;

  HyperParameters(Optimizer optimizer) {
    this.optimizer = optimizer;
  }

  /** The group's value of {@code h}: its learning rate (times its lr_scale), or the option of that name. */
  static double value(Optimizer.Group g, String h) {
    return h.equals("lr") ? g.lr() : g.option(h);
  }

  /** Whether {@code h} is a number (a constant) rather than a flag the emitter decides on at compile time. */
  static boolean numeric(Optimizer.Group g, String h) {
    return h.equals("lr") || g.options().containsKey(h);
  }

  /** The optimizer's own value (before any group override), taken from a group that does not override it. */
  double base(String h) {
    for (Optimizer.Group g : optimizer.groups()) {
      if (!g.overridden().contains(h)) {
        return value(g, h);
      }
    }
    return value(optimizer.groups().get(0), h);
  }

  /** Whether {@code g} has its own constant for {@code h}: it overrides it and is not the implicit default group. */
  boolean ownConstant(Optimizer.Group g, String h) {
    return g.overridden().contains(h) && !(g == optimizer.groups().get(0) && g.name().equals("default"));
  }

  /** The constant a group's update reads for {@code h}: its own when its block set it. */
  String constant(Optimizer.Group g, String h) {
    if (ownConstant(g, h)) {
      return groupConstant(g, h);
    }
    if (!g.overridden().contains(h) && value(g, h) != base(h)) {
      throw new IllegalStateException("group " + g.name() + " has " + h + " " + value(g, h) + " without overriding it");
    }
    return constName(h);
  }

  static String groupConstant(Optimizer.Group g, String h) {
    return constName(g.name()) + "_" + constName(h);
  }
}
