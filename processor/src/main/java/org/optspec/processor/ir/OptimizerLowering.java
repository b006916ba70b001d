package org.optspec.processor.ir;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.optspec.spec.Call;
import org.optspec.spec.GroupOverride;
import org.optspec.spec.Value;

/**
 * The {@code optimizer} call and the {@code group} blocks to an {@link Optimizer}: each tensor belongs to the first
 * group whose selector matches it, the rest form {@code default}; each group's hyper-parameters with their defaults.
 * Add an optimizer as a {@code case} in {@link #kind} (and its {@link Optimizer.Kind}).
 */
final class OptimizerLowering {

  private final LoweringContext ctx;

  OptimizerLowering(LoweringContext ctx) {
    this.ctx = ctx;
  }

  Optimizer lower(List<Param> params, List<Layer> layers) {
    Call c = ctx.spec().optimizer();
    Optimizer.Kind kind = kind(c.name());
    if (kind == null) {
      ctx.unsupported(c.name() + " is not supported yet", c.pos());
      return new Optimizer(Optimizer.Kind.SGD, List.of(), ctx.ref(c.pos()));
    }
    List<GroupOverride> overrides = ctx.spec().groups();
    // Each tensor belongs to the first group whose selector matches it; the rest form "default".
    Map<String, List<String>> members = new LinkedHashMap<>();
    members.put("default", new ArrayList<>());
    for (GroupOverride g : overrides) {
      members.put(groupName(g), new ArrayList<>());
    }
    for (Param p : params) {
      String group = "default";
      for (GroupOverride g : overrides) {
        if (selects(g.selector(), p, layers)) {
          group = groupName(g);
          break;
        }
      }
      members.get(group).add(p.name());
    }
    List<Optimizer.Group> groups = new ArrayList<>();
    if (!members.get("default").isEmpty() || overrides.isEmpty()) {
      groups.add(group(kind, "default", members.get("default"), c.args(), Map.of(), ctx.ref(c.pos())));
    }
    for (GroupOverride g : overrides) {
      List<String> ps = members.get(groupName(g));
      if (ps.isEmpty()) {
        ctx.report(Lowering.INVALID, "group '" + g.selector() + "' selects no parameters", g.pos());
        continue;
      }
      groups.add(group(kind, groupName(g), ps, c.args(), g.settings(), ctx.ref(g.pos())));
    }
    return new Optimizer(kind, groups, ctx.ref(c.pos()));
  }

  /** The optimizer a catalogue name denotes, or null when this slice does not implement it. */
  private static Optimizer.Kind kind(String name) {
    return switch (name) {
      case "sgd" -> Optimizer.Kind.SGD;
      case "adam" -> Optimizer.Kind.ADAM;
      case "adamw" -> Optimizer.Kind.ADAMW;
      default -> null;
    };
  }

  private static String groupName(GroupOverride g) {
    String s = g.selector();
    return s.chars().allMatch(Character::isDigit) ? "layer" + s : s;
  }

  private static boolean selects(String selector, Param p, List<Layer> layers) {
    return switch (selector) {
      case "biases" -> p.role() == Param.Role.BIAS;
      case "weights" -> p.role() == Param.Role.WEIGHT;
      // a layer kind (all layers of it: "dense"), a layer's name ("dense1") or its index among all layers ("2")
      default -> selector.equals(p.layer()) || selector.equals(p.layer().replaceAll("[0-9]+$", ""))
          || selector.equals(String.valueOf(p.layerIndex()));
    };
  }

  private Optimizer.Group group(
      Optimizer.Kind kind, String name, List<String> params, Map<String, Value> base, Map<String, Value> settings,
      SpecRef origin) {
    Map<String, Value> args = new LinkedHashMap<>(base);
    List<String> overridden = new ArrayList<>();
    double lrScale = 1;
    for (Map.Entry<String, Value> e : settings.entrySet()) {
      if (e.getKey().equals("lr_scale")) {
        lrScale = ((Value.Num) e.getValue()).value();
        overridden.add("lr");
      } else {
        args.put(e.getKey(), e.getValue());
        overridden.add(e.getKey());
      }
    }
    double lr = num(args, "lr", 1e-3) * lrScale;
    double weightDecay = num(args, "weight_decay", kind == Optimizer.Kind.ADAMW ? 0.01 : 0);
    double[] betas = {0.9, 0.999};
    if (args.get("betas") instanceof Value.Tuple t && t.items().size() == 2) {
      betas = new double[] {((Value.Num) t.items().get(0)).value(), ((Value.Num) t.items().get(1)).value()};
    }
    if (overridden.remove("betas")) {
      overridden.add("beta1");
      overridden.add("beta2");
    }
    double momentum = num(args, "momentum", 0);
    double dampening = num(args, "dampening", 0);
    boolean nesterov = flag(args, "nesterov");
    if (kind == Optimizer.Kind.SGD && nesterov && (momentum <= 0 || dampening != 0)) {
      ctx.report(Lowering.INVALID, "nesterov momentum requires a momentum and zero dampening", origin.pos());
    }
    return new Optimizer.Group(name, params, overridden, lr, weightDecay, momentum, dampening, nesterov,
        flag(args, "maximize"), betas[0], betas[1], num(args, "eps", 1e-8), flag(args, "amsgrad"), origin);
  }

  private static double num(Map<String, Value> args, String name, double fallback) {
    return args.get(name) instanceof Value.Num n ? n.value() : fallback;
  }

  private static boolean flag(Map<String, Value> args, String name) {
    return args.get(name) instanceof Value.Bool b && b.value();
  }
}
