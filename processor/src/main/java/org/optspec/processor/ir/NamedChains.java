package org.optspec.processor.ir;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.optspec.grammar.check.Catalogue;
import org.optspec.grammar.check.Kind;
import org.optspec.grammar.check.Param;
import org.optspec.spec.Value;

/**
 * Every named optimizer as a chain of primitive transforms, as optax's {@code alias.py} defines its optimizers; a new
 * optimizer is one entry here (and its catalogue entry, which holds its options and their defaults). The optax
 * compositions (lamb, lars, lion) end with {@code scale_by_schedule}, which multiplies by the scheduled lr, placed where
 * optax applies the learning rate; their transforms take the catalogue's defaults for what the alias does not set.
 *
 * <p>The torch optimizers are compositions of torch-exact transforms (the {@code _torch} names), which read the
 * optimizer's hyper-parameter constants ({@code MOMENTUM}, {@code BETA1}, ...) and reproduce torch's operation order,
 * so the arithmetic is torch's bit for bit. What each transform computes is documented on its emitter
 * ({@code emit/ScaleByAdamTorchEmitter}, ...); the compositions are:
 * <ul>
 *   <li>{@code flip_sign} first when {@code maximize};
 *   <li>{@code add_decayed_weights_torch}: torch's coupled (L2) decay, before the moments, when weight_decay ≠ 0;
 *   <li>{@code decay_weights_torch}: the decoupled decay (AdamW, Adafactor, decoupled_weight_decay) before the update;
 *   <li>the optimizer's own step; where torch folds the lr into it (Adam, Adagrad, Adamax, RMSprop, NAdam, RAdam, ASGD)
 *       the transform includes it, because multiplying separately would round differently; else
 *       {@code scale_by_schedule} follows, as torch multiplies.
 * </ul>
 */
final class NamedChains {

  /**
   * One named optimizer.
   *
   * @param kind what it lowers to
   * @param constants the hyper-parameters its transforms read as constants, lr first (a chain's are inline: only lr)
   * @param chain its transforms for one group's resolved options
   */
  record Alias(Optimizer.Kind kind, List<String> constants, Function<Options, List<Transform>> chain) {}

  /**
   * A group's options as the checked spec gives them, every default filled in by the checker: numbers by flat name
   * (tuple items by their item names), flags.
   */
  record Options(Map<String, Double> numbers, Map<String, Boolean> flags, Map<String, String> symbols) {

    Options(Map<String, Double> numbers, Map<String, Boolean> flags) {
      this(numbers, flags, Map.of());
    }

    String sym(String name) {
      String v = symbols.get(name);
      if (v == null) {
        throw new IllegalStateException("the checked spec has no option " + name);
      }
      return v;
    }

    double num(String name) {
      Double v = numbers.get(name);
      if (v == null) {
        throw new IllegalStateException("the checked spec has no option " + name);
      }
      return v;
    }

    boolean flag(String name) {
      Boolean v = flags.get(name);
      if (v == null) {
        throw new IllegalStateException("the checked spec has no flag " + name);
      }
      return v;
    }
  }

  private static final List<String> ADAM_CONSTANTS = List.of("lr", "beta1", "beta2", "eps", "weight_decay");

  private static final Map<String, Alias> ALIASES = Map.ofEntries(
      // torch.optim.SGD: L2 decay, the momentum buffer, the lr
      Map.entry("sgd", torch(Optimizer.Kind.SGD, List.of("lr", "momentum", "dampening", "weight_decay"), o -> chain(
          flip(o), coupled(o),
          o.num("momentum") != 0 ? step("scale_by_momentum_torch", Map.of("nesterov", o.flag("nesterov"))) : null,
          step("scale_by_schedule")))),
      // torch.optim.Adam: L2 decay, then Adam's step
      Map.entry("adam", torch(Optimizer.Kind.ADAM, ADAM_CONSTANTS, o -> chain(
          flip(o), coupled(o), step("scale_by_adam_torch", Map.of("amsgrad", o.flag("amsgrad")))))),
      // torch.optim.AdamW: decoupled decay, then Adam's step
      Map.entry("adamw", torch(Optimizer.Kind.ADAMW, ADAM_CONSTANTS, o -> chain(
          flip(o), decoupled(o), step("scale_by_adam_torch", Map.of("amsgrad", o.flag("amsgrad")))))),
      // torch.optim.Adagrad: L2 decay, then Adagrad's step
      Map.entry("adagrad", torch(Optimizer.Kind.ADAGRAD,
          List.of("lr", "lr_decay", "initial_accumulator_value", "eps", "weight_decay"), o -> chain(
              flip(o), coupled(o), step("scale_by_adagrad_torch")))),
      // torch.optim.Adamax: L2 decay, then Adamax's step
      Map.entry("adamax", torch(Optimizer.Kind.ADAMAX, ADAM_CONSTANTS, o -> chain(
          flip(o), coupled(o), step("scale_by_adamax_torch")))),
      // torch.optim.Adadelta: L2 decay, the delta, the lr
      Map.entry("adadelta", torch(Optimizer.Kind.ADADELTA, List.of("lr", "rho", "eps", "weight_decay"), o -> chain(
          flip(o), coupled(o), step("scale_by_adadelta_torch"), step("scale_by_schedule")))),
      // torch.optim.RMSprop: L2 decay, then the rms step with its optional centring and momentum
      Map.entry("rmsprop", torch(Optimizer.Kind.RMSPROP, List.of("lr", "alpha", "eps", "weight_decay", "momentum"),
          o -> chain(flip(o), coupled(o), step("scale_by_rms_torch",
              Map.of("centered", o.flag("centered"), "momentum", o.num("momentum") != 0))))),
      // torch.optim.NAdam: L2 or decoupled decay, then NAdam's step with its momentum decay
      Map.entry("nadam", torch(Optimizer.Kind.NADAM,
          List.of("lr", "beta1", "beta2", "eps", "weight_decay", "momentum_decay"), o -> chain(
              flip(o), o.flag("decoupled_weight_decay") ? decoupled(o) : coupled(o), step("scale_by_nadam_torch")))),
      // torch.optim.RAdam: L2 or decoupled decay, then the rectified step
      Map.entry("radam", torch(Optimizer.Kind.RADAM, ADAM_CONSTANTS, o -> chain(
          flip(o), o.flag("decoupled_weight_decay") ? decoupled(o) : coupled(o), step("scale_by_radam_torch")))),
      // torch.optim.Rprop: the sign of u times the per-element step size (lr is only the initial step size)
      Map.entry("rprop", torch(Optimizer.Kind.RPROP, List.of("lr", "etaminus", "etaplus", "min_step", "max_step"),
          o -> chain(flip(o), step("scale_by_rprop_torch")))),
      // torch.optim.ASGD: L2 decay, the η step, then the averaged iterate
      Map.entry("asgd", torch(Optimizer.Kind.ASGD, List.of("lr", "lambd", "alpha", "t0", "weight_decay"), o -> chain(
          flip(o), coupled(o), step("scale_by_asgd_torch"), step("average_iterates_torch")))),
      // torch.optim.Adafactor: the factored second moment, update clipping, the relative step, decoupled decay
      Map.entry("adafactor", torch(Optimizer.Kind.ADAFACTOR,
          List.of("lr", "beta2_decay", "eps1", "eps2", "d", "weight_decay"), o -> chain(
              flip(o), step("scale_by_factored_rms_torch"), step("clip_by_block_rms_torch"),
              step("scale_by_param_block_rms_torch"), decoupled(o)))),
      // natural_gradient: the damped Fisher solve over all parameters, or the Gaussians' analytic Fisher metric, then
      // the lr (maximize is not an option)
      Map.entry("natural_gradient", torch(Optimizer.Kind.NATURAL_GRADIENT, List.of("lr", "damping"), o -> chain(
          step(o.sym("metric").equals("gaussian") ? "precondition_by_gaussian_fisher" : "precondition_by_empirical_fisher"),
          step("scale_by_schedule")))),
      // optax.lamb: scale_by_adam, add_decayed_weights, scale_by_trust_ratio, scale_by_learning_rate
      Map.entry("lamb", optax(o -> chain(
          transform("scale_by_adam", Map.of("b1", o.num("beta1"), "b2", o.num("beta2"), "eps", o.num("eps"))),
          decayAll(o), transform("scale_by_trust_ratio", Map.of()), step("scale_by_schedule")))),
      // optax.lars: add_decayed_weights, scale_by_trust_ratio, scale_by_learning_rate, then the momentum trace
      Map.entry("lars", optax(o -> chain(
          decayAll(o),
          transform("scale_by_trust_ratio", Map.of("trust_coefficient", o.num("trust_coefficient"), "eps", o.num("eps"))),
          step("scale_by_schedule"),
          transform("scale_by_momentum", Map.of("momentum", o.num("momentum")), Map.of(),
              Map.of("nesterov", o.flag("nesterov")))))),
      // optax.adabelief: scale_by_belief, scale_by_learning_rate
      Map.entry("adabelief", optax(o -> chain(
          transform("scale_by_belief", Map.of("b1", o.num("beta1"), "b2", o.num("beta2"), "eps", o.num("eps"),
              "eps_root", o.num("eps_root"))),
          step("scale_by_schedule")))),
      // optax.lion / Chen et al. 2023: the sign of an interpolation of m and g, decoupled decay, the lr (scale_by_lion
      // is not a chain transform of the catalogue: its b1 and b2 are lion's betas)
      Map.entry("lion", optax(o -> chain(
          new Transform("scale_by_lion", 0, Map.of("b1", o.num("beta1"), "b2", o.num("beta2")), Map.of(), Map.of()),
          decayAll(o),
          step("scale_by_schedule")))));

  private NamedChains() {}

  /** The named optimizer called {@code name} (its catalogue name), if it is one. */
  static Optional<Alias> of(String name) {
    return Optional.ofNullable(ALIASES.get(name));
  }

  private static Alias torch(Optimizer.Kind kind, List<String> constants, Function<Options, List<Transform>> chain) {
    return new Alias(kind, constants, chain);
  }

  private static Alias optax(Function<Options, List<Transform>> chain) {
    return new Alias(Optimizer.Kind.CHAIN, List.of("lr"), chain);
  }

  /** The transforms in order, each given its position; null stands for a transform the options leave out. */
  private static List<Transform> chain(Transform... steps) {
    List<Transform> chain = new ArrayList<>();
    for (Transform t : Arrays.stream(steps).filter(Objects::nonNull).toList()) {
      chain.add(new Transform(t.name(), chain.size(), t.options(), t.symbols(), t.flags()));
    }
    return List.copyOf(chain);
  }

  /** A torch-exact transform (which reads the optimizer's constants) or {@code scale_by_schedule}. */
  private static Transform step(String name) {
    return step(name, Map.of());
  }

  private static Transform step(String name, Map<String, Boolean> flags) {
    return new Transform(name, 0, Map.of(), Map.of(), flags);
  }

  private static Transform flip(Options o) {
    return o.flag("maximize") ? step("flip_sign") : null;
  }

  private static Transform coupled(Options o) {
    return o.num("weight_decay") != 0 ? step("add_decayed_weights_torch") : null;
  }

  private static Transform decoupled(Options o) {
    return o.num("weight_decay") != 0 ? step("decay_weights_torch") : null;
  }

  /** optax's add_decayed_weights without a mask: every tensor decays. */
  private static Transform decayAll(Options o) {
    return transform("add_decayed_weights", Map.of("weight_decay", o.num("weight_decay")), Map.of("on", "all"), Map.of());
  }

  private static Transform transform(String name, Map<String, Double> options) {
    return transform(name, options, Map.of(), Map.of());
  }

  /** An optax transform of the catalogue with {@code options}, the catalogue's defaults for the rest. */
  private static Transform transform(String name, Map<String, Double> options, Map<String, String> symbols,
      Map<String, Boolean> flags) {
    Map<String, Double> numbers = new LinkedHashMap<>();
    Map<String, String> names = new LinkedHashMap<>();
    Map<String, Boolean> bools = new LinkedHashMap<>();
    for (Param p : Catalogue.lookup(Kind.TRANSFORM, name).orElseThrow().params()) {
      Value v = p.defaultValue().orElse(null);
      if (v instanceof Value.Num n) {
        numbers.put(p.name(), n.value());
      } else if (v instanceof Value.Sym s) {
        names.put(p.name(), s.name());
      } else if (v instanceof Value.Bool b) {
        bools.put(p.name(), b.value());
      }
    }
    numbers.putAll(options);
    names.putAll(symbols);
    bools.putAll(flags);
    return new Transform(name, 0, numbers, names, bools);
  }
}
