package org.optspec.processor.ir;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Named optimizers defined as compositions of the primitive transforms, as optax defines them; a new optimizer of this
 * kind is a new entry here. Each ends with {@code scale_by_schedule}, which multiplies by the scheduled lr (the
 * optimizer's lr is the schedule's base), placed where optax applies the learning rate.
 */
final class NamedChains {

  private NamedChains() {}

  /** Whether {@code name} is an optimizer defined here. */
  static boolean defines(String name) {
    return name.equals("lamb") || name.equals("lars") || name.equals("lion");
  }

  /** The optimizer's defaults (optax's, lion-pytorch's for lion), for a hand-built spec that omits an option. */
  static Map<String, Double> defaults(String name) {
    return switch (name) {
      case "lamb" -> Map.of("lr", 1e-3, "beta1", 0.9, "beta2", 0.999, "eps", 1e-6, "weight_decay", 0.0);
      case "lars" -> Map.of("lr", 1e-3, "momentum", 0.9, "weight_decay", 0.0, "trust_coefficient", 1e-3, "eps", 0.0);
      case "lion" -> Map.of("lr", 1e-4, "beta1", 0.9, "beta2", 0.99, "weight_decay", 0.0);
      default -> throw new IllegalArgumentException("no named chain " + name);
    };
  }

  /** The transforms of optimizer {@code name} with the group's resolved options (flat names: beta1, beta2, ...). */
  static List<Transform> of(String name, Map<String, Double> given, Map<String, Boolean> flags) {
    Map<String, Double> o = new HashMap<>(defaults(name));
    o.putAll(given);
    return switch (name) {
      // optax.lamb: scale_by_adam, add_decayed_weights, scale_by_trust_ratio, scale_by_learning_rate
      case "lamb" -> List.of(
          new Transform("scale_by_adam", 0,
              Map.of("b1", o.get("beta1"), "b2", o.get("beta2"), "eps", o.get("eps"), "eps_root", 0.0), Map.of(), Map.of()),
          decay(1, o.get("weight_decay")),
          new Transform("scale_by_trust_ratio", 2, Map.of("min_norm", 0.0, "trust_coefficient", 1.0, "eps", 0.0),
              Map.of(), Map.of()),
          schedule(3));
      // optax.lars: add_decayed_weights, scale_by_trust_ratio, scale_by_learning_rate, then the momentum trace
      case "lars" -> List.of(
          decay(0, o.get("weight_decay")),
          new Transform("scale_by_trust_ratio", 1,
              Map.of("min_norm", 0.0, "trust_coefficient", o.get("trust_coefficient"), "eps", o.get("eps")), Map.of(),
              Map.of()),
          schedule(2),
          new Transform("scale_by_momentum", 3, Map.of("momentum", o.get("momentum")), Map.of(),
              Map.of("nesterov", flags.getOrDefault("nesterov", false))));
      // optax.lion / Chen et al. 2023: the sign of an interpolation of m and g, decoupled decay, the lr
      case "lion" -> List.of(
          new Transform("scale_by_lion", 0, Map.of("b1", o.get("beta1"), "b2", o.get("beta2")), Map.of(), Map.of()),
          decay(1, o.get("weight_decay")),
          schedule(2));
      default -> throw new IllegalArgumentException("no named chain " + name);
    };
  }

  private static Transform decay(int index, double weightDecay) {
    return new Transform("add_decayed_weights", index, Map.of("weight_decay", weightDecay), Map.of("on", "all"), Map.of());
  }

  private static Transform schedule(int index) {
    return new Transform("scale_by_schedule", index, Map.of(), Map.of(), Map.of());
  }
}
