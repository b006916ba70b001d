package org.optspec.processor.ir;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.optspec.spec.Call;
import org.optspec.spec.GroupOverride;
import org.optspec.spec.Precision;
import org.optspec.spec.TrainerSpec;
import org.optspec.spec.Value;

/**
 * The {@code optimizer} call and the {@code group} blocks to an {@link Optimizer}: each tensor belongs to the first
 * group whose selector matches it, the rest form {@code default}; each group's options as the checked spec gives them
 * (the checker fills in every default), its lr and its chain of transforms ({@link NamedChains}).
 */
final class OptimizerLowering {

  /**
   * The most parameters natural_gradient takes: its dense n × n Fisher matrix needs 8·n² bytes (128 MiB here) and an
   * O(n³) solve per step.
   */
  static final int NATURAL_GRADIENT_LIMIT = 4096;

  /** Tuple options and the names of their items, which groups and emitters use one by one. */
  private static final Map<String, String[]> TUPLE_ITEMS = Map.of(
      "betas", new String[] {"beta1", "beta2"},
      "etas", new String[] {"etaminus", "etaplus"},
      "step_sizes", new String[] {"min_step", "max_step"},
      "eps", new String[] {"eps1", "eps2"});

  /**
   * A chain's base learning rate: {@code chain(...)} has no lr option; its {@code scale_by_schedule} multiplies by the
   * schedule of this base (times a group's lr_scale).
   */
  static final double CHAIN_BASE_LR = 1;

  /** The machine epsilons adafactor's {@code eps1 none} (torch's None) stands for, by the trainer's dtype. */
  static final double FLOAT32_EPSILON = Math.ulp(1f);
  static final double FLOAT64_EPSILON = Math.ulp(1.0);

  private final LoweringContext ctx;

  OptimizerLowering(LoweringContext ctx) {
    this.ctx = ctx;
  }

  Optimizer lower(List<Param> params, List<Layer> layers) {
    Call c = ctx.common().optimizer();
    Optional<NamedChains.Alias> alias = NamedChains.of(c.name());
    Optimizer.Kind kind = c.name().equals("chain") ? Optimizer.Kind.CHAIN : alias.map(NamedChains.Alias::kind).orElse(null);
    int count = params.stream().mapToInt(Param::size).sum();
    if (c.name().equals("natural_gradient") && count > NATURAL_GRADIENT_LIMIT) {
      ctx.report(Lowering.INVALID, "natural_gradient solves a dense system of the " + count + " × " + count
          + " damped Fisher matrix at every step; it is limited to " + NATURAL_GRADIENT_LIMIT + " parameters", c.pos());
      return new Optimizer(Optimizer.Kind.SGD, List.of(), List.of(), ctx.ref(c.pos()));
    }
    if (kind == Optimizer.Kind.NATURAL_GRADIENT && ctx.common() instanceof TrainerSpec trainer && trainer.accumulate() > 1) {
      ctx.report(Lowering.INVALID, "natural_gradient builds its Fisher matrix from the per-sample gradients of one batch;"
          + " it cannot be combined with accumulate", c.pos());
      return new Optimizer(Optimizer.Kind.SGD, List.of(), List.of(), ctx.ref(c.pos()));
    }
    if (kind == null) {
      ctx.unsupported(c.name() + " is not supported yet", c.pos());
      return new Optimizer(Optimizer.Kind.SGD, List.of(), List.of(), ctx.ref(c.pos()));
    }
    List<GroupOverride> overrides = ctx.common().groups();
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
      groups.add(group(alias, "default", members.get("default"), c.args(), Map.of(), ctx.ref(c.pos())));
    }
    for (GroupOverride g : overrides) {
      List<String> ps = members.get(groupName(g));
      if (ps.isEmpty()) {
        ctx.report(Lowering.INVALID, "group '" + g.selector() + "' selects no parameters", g.pos());
        continue;
      }
      groups.add(group(alias, groupName(g), ps, c.args(), g.settings(), ctx.ref(g.pos())));
    }
    List<String> constants = alias.map(NamedChains.Alias::constants).orElse(List.of("lr"));
    return new Optimizer(kind, constants, groups, ctx.ref(c.pos()));
  }

  private static String groupName(GroupOverride g) {
    String s = g.selector();
    return s.chars().allMatch(Character::isDigit) ? "layer" + s : s;
  }

  private static boolean selects(String selector, Param p, List<Layer> layers) {
    if (p.role() == Param.Role.PARAMETER) {
      return selector.equals(p.name());
    }
    return switch (selector) {
      case "biases" -> p.role() == Param.Role.BIAS;
      case "weights" -> p.role() == Param.Role.WEIGHT;
      // a layer kind (all layers of it: "dense"), a layer's name ("dense1") or its index among all layers ("2")
      default -> selector.equals(p.layer()) || selector.equals(p.layer().replaceAll("[0-9]+$", ""))
          || selector.equals(String.valueOf(p.layerIndex()));
    };
  }

  private Optimizer.Group group(Optional<NamedChains.Alias> alias, String name, List<String> params,
      Map<String, Value> base, Map<String, Value> settings, SpecRef origin) {
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
    Map<String, Double> options = new LinkedHashMap<>();
    Map<String, Boolean> flags = new LinkedHashMap<>();
    Map<String, String> symbols = new LinkedHashMap<>();
    for (Map.Entry<String, Value> e : args.entrySet()) {
      String[] items = TUPLE_ITEMS.get(e.getKey());
      if (e.getValue() instanceof Value.Num n) {
        options.put(e.getKey(), n.value());
      } else if (e.getValue() instanceof Value.Bool b) {
        flags.put(e.getKey(), b.value());
      } else if (e.getValue() instanceof Value.Sym s) {
        symbols.put(e.getKey(), s.name());
      } else if (items != null && e.getValue() instanceof Value.Tuple t && t.items().size() == items.length) {
        for (int i = 0; i < items.length; i++) {
          // adafactor's eps1 may be the name none (torch's None): left absent here, resolved below
          if (t.items().get(i) instanceof Value.Num n) {
            options.put(items[i], n.value());
          }
        }
      }
    }
    if (alias.map(a -> a.kind() == Optimizer.Kind.ADAFACTOR).orElse(false) && !options.containsKey("eps1")) {
      // torch's eps1 = None: the machine epsilon of the trainer's dtype
      options.put("eps1", ctx.common().precision() == Precision.FLOAT32 ? FLOAT32_EPSILON : FLOAT64_EPSILON);
    }
    for (Map.Entry<String, String[]> tuple : TUPLE_ITEMS.entrySet()) {
      if (!(settings.get(tuple.getKey()) instanceof Value.Tuple)) {
        continue;
      }
      if (overridden.remove(tuple.getKey())) {
        overridden.addAll(List.of(tuple.getValue()));
      }
    }
    NamedChains.Options resolved = new NamedChains.Options(options, flags, symbols);
    double lr = alias.isPresent() ? resolved.num("lr") : CHAIN_BASE_LR;
    List<Transform> chain = alias.isPresent() ? alias.get().chain().apply(resolved) : chain(base, settings);
    return new Optimizer.Group(name, params, overridden, lr * lrScale, options, chain, origin);
  }

  /**
   * The chain's transforms for one group: each transform's canonical options, then the group's settings of the same
   * name (the checker has made sure a transform over all parameters comes first).
   */
  private List<Transform> chain(Map<String, Value> base, Map<String, Value> settings) {
    List<Transform> transforms = new ArrayList<>();
    if (!(base.get("transforms") instanceof Value.Tuple items)) {
      return transforms;
    }
    for (int i = 0; i < items.items().size(); i++) {
      Call call = ((Value.CallValue) items.items().get(i)).call();
      Map<String, Double> options = new LinkedHashMap<>();
      Map<String, String> symbols = new LinkedHashMap<>();
      Map<String, Boolean> flags = new LinkedHashMap<>();
      Map<String, Value> args = new LinkedHashMap<>(call.args());
      for (Map.Entry<String, Value> s : settings.entrySet()) {
        if (args.containsKey(s.getKey())) {
          args.put(s.getKey(), s.getValue());
        }
      }
      for (Map.Entry<String, Value> a : args.entrySet()) {
        if (a.getValue() instanceof Value.Num n) {
          options.put(a.getKey(), n.value());
        } else if (a.getValue() instanceof Value.Bool b) {
          flags.put(a.getKey(), b.value());
        } else if (a.getValue() instanceof Value.Sym s) {
          symbols.put(a.getKey(), s.name());
        }
      }
      transforms.add(new Transform(call.name(), i, options, symbols, flags));
    }
    return transforms;
  }
}
