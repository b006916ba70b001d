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

  /** Whether the torch optimizer {@code kind} is defined here as a composition of torch-exact transforms. */
  static boolean composes(Optimizer.Kind kind) {
    return switch (kind) {
      case SGD, ADAM, ADAMW, ADAGRAD, ADAMAX, ADADELTA, RMSPROP, NADAM, RADAM, RPROP, ASGD, ADAFACTOR, NATURAL_GRADIENT -> true;
      case CHAIN -> false;
    };
  }

  /** The group's resolved torch options that decide which transforms a torch optimizer's composition has. */
  record Torch(double weightDecay, double momentum, boolean nesterov, boolean maximize, boolean amsgrad,
      boolean centered, boolean decoupled) {}

  /**
   * The transforms of torch optimizer {@code kind} for one group. The torch-exact transforms read the optimizer's
   * hyper-parameter constants ({@code MOMENTUM}, {@code BETA1}, ...) and reproduce torch's operation order, so the
   * arithmetic is torch's bit for bit:
   * <ul>
   *   <li>{@code flip_sign}: {@code maximize}, u = -g;
   *   <li>{@code add_decayed_weights_torch}: torch's coupled (L2) decay, u += weight_decay · p, before the moments;
   *   <li>{@code decay_weights_torch}: AdamW's decoupled decay, p *= 1 - lr · weight_decay, before the update;
   *   <li>{@code scale_by_momentum_torch}: torch's buffer b = u on the first step, then momentum · b + (1 - dampening) · u,
   *       and u = b, or u + momentum · b with nesterov;
   *   <li>{@code scale_by_adam_torch}: torch's Adam step with amsgrad, lr / (1 - β1^t) · m / (√v / √(1 - β2^t) + eps). It
   *       includes the learning rate: torch folds lr into the first bias correction, and multiplying by it separately
   *       would round differently;
   *   <li>{@code scale_by_adagrad_torch}: torch's Adagrad step, s += u², u = lr / (1 + (t-1)·lr_decay) · u / (√s + eps),
   *       its lr included for the same reason;
   *   <li>{@code scale_by_adamax_torch}: torch's Adamax step, m = β1·m + (1-β1)·u, n = max(β2·n, |u| + eps),
   *       u = lr / (1 - β1^t) · m / n, its lr included for the same reason;
   *   <li>{@code scale_by_adadelta_torch}: torch's Adadelta delta, s = ρ·s + (1-ρ)·u², u = √(a + eps) / √(s + eps) · u,
   *       a = ρ·a + (1-ρ)·u² (without the lr, which follows as {@code scale_by_schedule}, as torch multiplies);
   *   <li>{@code scale_by_rms_torch}: torch's RMSprop step, s = α·s + (1-α)·u², avg = √(s [- ḡ²]) + eps, then
   *       u = lr · u / avg, or with momentum b = μ·b + u / avg and u = lr · b; its lr included because torch multiplies
   *       lr before dividing by avg;
   *   <li>{@code scale_by_nadam_torch}: torch's NAdam step as documented, with the running product of
   *       μ_t = β1(1 - ½·0.96^(t·ψ)) as per-group scalar state; it moves p by the gradient's part
   *       lr(1-μ_t)/(1-Π_t) · u / denom itself and leaves u = lr·μ_{t+1}/(1-Π_{t+1}) · m / denom, because torch
   *       applies the two parts one after the other (two roundings of p);
   *   <li>{@code scale_by_radam_torch}: torch's RAdam step, u = lr · m / (1-β1^t), times √(1-β2^t) / (√v + eps) · r_t
   *       once the rectifier r_t is defined (ρ_t > 5), ρ_t computed per group from the step;
   *   <li>{@code scale_by_rprop_torch}: torch's Rprop, per-element step sizes (state, initialised to lr at the first
   *       step) grown by etaplus or shrunk by etaminus on a sign flip (which skips the move), u = sign(u) · step;
   *   <li>{@code scale_by_asgd_torch}: torch's ASGD move, p *= 1 - λη and u = η · u, with η per-group scalar state
   *       (the first step's lr, then lr / (1 + λ·lr·t)^α after each step);
   *   <li>{@code average_iterates_torch}: after the move, ASGD's averaged iterate ax (state only, it never changes
   *       p) follows p with the per-group scalar μ = 1 / max(1, t - t0);
   *   <li>{@code scale_by_factored_rms_torch}: Adafactor's second moment per tensor, reducing u² over the rows and the
   *       columns of a matrix into the row factor R and the column factor C (lerp with c = t^beta2_decay), or keeping
   *       V = lerp(V, u², c) for a vector; u = u / √max(R·Cᵀ / max(mean(R), eps1), eps1²) (or / √max(V, eps1²));
   *   <li>{@code clip_by_block_rms_torch}: Adafactor's update clipping, u / max(1, RMS(u) / d) with RMS over the tensor;
   *   <li>{@code scale_by_param_block_rms_torch}: Adafactor's relative step, u · max(eps2, RMS(p)) · min(lr, 1/√t), RMS
   *       over the tensor's parameters before the step; its factor and the clipping's are one scalar, alpha / denom, as
   *       torch forms it;
   *   <li>{@code precondition_by_empirical_fisher}: u = F⁻¹g over every parameter jointly, F the damped empirical
   *       Fisher of the batch's per-sample gradients (the runtime's {@code DampedFisher}); like {@code clip_global_norm}
   *       it reduces over all groups, so it runs once before the groups' loops and may only come first;
   *   <li>{@code scale_by_schedule}: u *= lr, as in the optax compositions.
   * </ul>
   */
  static List<Transform> of(Optimizer.Kind kind, Torch o) {
    List<Transform> chain = new java.util.ArrayList<>();
    if (o.maximize()) {
      chain.add(new Transform("flip_sign", chain.size(), Map.of(), Map.of(), Map.of()));
    }
    switch (kind) {
      // torch.optim.SGD: L2 decay, the momentum buffer, the lr
      case SGD -> {
        if (o.weightDecay() != 0) {
          chain.add(new Transform("add_decayed_weights_torch", chain.size(), Map.of("weight_decay", o.weightDecay()),
              Map.of(), Map.of()));
        }
        if (o.momentum() != 0) {
          chain.add(new Transform("scale_by_momentum_torch", chain.size(), Map.of("momentum", o.momentum()), Map.of(),
              Map.of("nesterov", o.nesterov())));
        }
        chain.add(schedule(chain.size()));
      }
      // torch.optim.Adam: L2 decay, then Adam's step; torch.optim.AdamW: decoupled decay, then Adam's step
      case ADAM, ADAMW -> {
        if (o.weightDecay() != 0) {
          chain.add(new Transform(kind == Optimizer.Kind.ADAM ? "add_decayed_weights_torch" : "decay_weights_torch",
              chain.size(), Map.of("weight_decay", o.weightDecay()), Map.of(), Map.of()));
        }
        chain.add(new Transform("scale_by_adam_torch", chain.size(), Map.of(), Map.of(), Map.of("amsgrad", o.amsgrad())));
      }
      // torch.optim.Adagrad and torch.optim.Adamax: L2 decay, then the optimizer's step
      case ADAGRAD, ADAMAX -> {
        if (o.weightDecay() != 0) {
          chain.add(new Transform("add_decayed_weights_torch", chain.size(), Map.of("weight_decay", o.weightDecay()),
              Map.of(), Map.of()));
        }
        chain.add(new Transform(kind == Optimizer.Kind.ADAGRAD ? "scale_by_adagrad_torch" : "scale_by_adamax_torch",
            chain.size(), Map.of(), Map.of(), Map.of()));
      }
      // torch.optim.Adadelta: L2 decay, the delta, the lr
      case ADADELTA -> {
        if (o.weightDecay() != 0) {
          chain.add(new Transform("add_decayed_weights_torch", chain.size(), Map.of("weight_decay", o.weightDecay()),
              Map.of(), Map.of()));
        }
        chain.add(new Transform("scale_by_adadelta_torch", chain.size(), Map.of(), Map.of(), Map.of()));
        chain.add(schedule(chain.size()));
      }
      // torch.optim.RMSprop: L2 decay, then the rms step with its optional centring and momentum
      case RMSPROP -> {
        if (o.weightDecay() != 0) {
          chain.add(new Transform("add_decayed_weights_torch", chain.size(), Map.of("weight_decay", o.weightDecay()),
              Map.of(), Map.of()));
        }
        chain.add(new Transform("scale_by_rms_torch", chain.size(), Map.of(), Map.of(),
            Map.of("centered", o.centered(), "momentum", o.momentum() != 0)));
      }
      // torch.optim.NAdam and torch.optim.RAdam: L2 or decoupled decay, then the optimizer's step
      case NADAM, RADAM -> {
        if (o.weightDecay() != 0) {
          chain.add(new Transform(o.decoupled() ? "decay_weights_torch" : "add_decayed_weights_torch", chain.size(),
              Map.of("weight_decay", o.weightDecay()), Map.of(), Map.of()));
        }
        chain.add(new Transform(kind == Optimizer.Kind.NADAM ? "scale_by_nadam_torch" : "scale_by_radam_torch",
            chain.size(), Map.of(), Map.of(), Map.of()));
      }
      // torch.optim.Rprop: the sign of u times the per-element step size (lr is only the initial step size)
      case RPROP -> chain.add(new Transform("scale_by_rprop_torch", chain.size(), Map.of(), Map.of(), Map.of()));
      // torch.optim.ASGD: L2 decay, the η step, then the averaged iterate
      case ASGD -> {
        if (o.weightDecay() != 0) {
          chain.add(new Transform("add_decayed_weights_torch", chain.size(), Map.of("weight_decay", o.weightDecay()),
              Map.of(), Map.of()));
        }
        chain.add(new Transform("scale_by_asgd_torch", chain.size(), Map.of(), Map.of(), Map.of()));
        chain.add(new Transform("average_iterates_torch", chain.size(), Map.of(), Map.of(), Map.of()));
      }
      // torch.optim.Adafactor: the factored second moment, update clipping, the relative step, decoupled decay
      case ADAFACTOR -> {
        chain.add(new Transform("scale_by_factored_rms_torch", chain.size(), Map.of(), Map.of(), Map.of()));
        chain.add(new Transform("clip_by_block_rms_torch", chain.size(), Map.of(), Map.of(), Map.of()));
        chain.add(new Transform("scale_by_param_block_rms_torch", chain.size(), Map.of(), Map.of(), Map.of()));
        if (o.weightDecay() != 0) {
          chain.add(new Transform("decay_weights_torch", chain.size(), Map.of("weight_decay", o.weightDecay()), Map.of(),
              Map.of()));
        }
      }
      // natural_gradient: the damped Fisher solve over all parameters, then the lr (maximize is not an option)
      case NATURAL_GRADIENT -> {
        chain.add(new Transform("precondition_by_empirical_fisher", chain.size(), Map.of(), Map.of(), Map.of()));
        chain.add(schedule(chain.size()));
      }
      default -> throw new IllegalArgumentException("no composition of " + kind);
    }
    return List.copyOf(chain);
  }

  private static Transform decay(int index, double weightDecay) {
    return new Transform("add_decayed_weights", index, Map.of("weight_decay", weightDecay), Map.of("on", "all"), Map.of());
  }

  private static Transform schedule(int index) {
    return new Transform("scale_by_schedule", index, Map.of(), Map.of(), Map.of());
  }
}
