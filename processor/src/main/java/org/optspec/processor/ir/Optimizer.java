package org.optspec.processor.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The optimizer lowered to one fused transform per parameter group. Every group carries its full
 * set of hyper-parameters (the optimizer's, overridden by the group's settings), so each group's
 * update is one loop with its own constants.
 */
public record Optimizer(Kind kind, List<Group> groups, SpecRef origin) {

  public Optimizer {
    groups = List.copyOf(groups);
  }

  public enum Kind {
    /** {@code torch.optim.SGD}. */
    SGD,
    /** {@code torch.optim.Adam}: L2 weight decay added to the gradient. */
    ADAM,
    /** {@code torch.optim.AdamW}: decoupled weight decay, {@code p *= 1 - lr·wd} first. */
    ADAMW,
    /** {@code torch.optim.Adagrad} (lr_decay, initial_accumulator_value). */
    ADAGRAD,
    /** {@code torch.optim.RMSprop} (alpha, centered, momentum). */
    RMSPROP,
    /** {@code torch.optim.Adamax}: infinity norm, eps inside the max. */
    ADAMAX,
    /** {@code torch.optim.NAdam}: the documented algorithm with momentum decay (see docs/OPTIMIZERS.md). */
    NADAM,
    /** {@code torch.optim.RAdam}: rectified Adam, plain momentum while ρ_t ≤ 5. */
    RADAM,
    /** {@code torch.optim.Adadelta} (rho). */
    ADADELTA,
    /** {@code torch.optim.Rprop}: sign-based per-element step sizes; lr is only the initial step size. */
    RPROP,
    /** {@code torch.optim.ASGD}: decaying η, and the averaged iterate as state. */
    ASGD,
    /**
     * {@code torch.optim.Adafactor}: factored second moment (row and column factors) for matrices, unfactored for
     * vectors; relative step capped by lr, update clipping d, decoupled weight decay.
     */
    ADAFACTOR,
    /**
     * {@code natural_gradient}: {@code p -= lr · F⁻¹g} with the damped empirical Fisher of the batch's per-sample
     * gradients, over all parameters jointly.
     */
    NATURAL_GRADIENT,
    /** {@code chain(...)} of primitive transforms; the update it computes is subtracted from the parameters. */
    CHAIN
  }

  /**
   * One parameter group.
   *
   * @param name {@code default} for the parameters no {@code group} selects, else the selector
   * @param params the names of the tensors in the group, in layer order
   * @param overridden the hyper-parameter names the spec's {@code group} block set (for naming constants)
   * @param lr the group's base learning rate (the optimizer's times {@code lr_scale})
   */
  public record Group(
      String name,
      List<String> params,
      List<String> overridden,
      double lr,
      double weightDecay,
      double momentum,
      double dampening,
      boolean nesterov,
      boolean maximize,
      double beta1,
      double beta2,
      double eps,
      boolean amsgrad,
      Map<String, Double> options,
      Map<String, Boolean> flags,
      List<Transform> chain,
      SpecRef origin) {

    public Group {
      params = List.copyOf(params);
      overridden = List.copyOf(overridden);
      options = Map.copyOf(options);
      flags = Map.copyOf(flags);
      chain = List.copyOf(chain);
    }

    /**
     * A numeric option by its flat catalogue name ({@code alpha}, {@code lr_decay}, {@code etaminus}, ...); tuple
     * options are flattened to their item names.
     */
    public double option(String name) {
      Double v = options.get(name);
      if (v == null) {
        throw new IllegalArgumentException("group " + name() + " has no option " + name);
      }
      return v;
    }

    /** A boolean option ({@code centered}, {@code decoupled_weight_decay}, ...); false when absent. */
    public boolean flag(String name) {
      return flags.getOrDefault(name, false);
    }
  }

  public boolean usesMomentumBuffer() {
    return (kind == Kind.SGD || kind == Kind.RMSPROP) && groups.stream().anyMatch(g -> g.momentum() != 0);
  }

  public boolean usesAmsgrad() {
    return (kind == Kind.ADAM || kind == Kind.ADAMW) && groups.stream().anyMatch(Group::amsgrad);
  }

  /** The state arrays of one transform of a chain, suffixed with its position when its kind repeats in the chain. */
  public List<String> chainSlots(Transform t) {
    List<String> base = switch (t.name()) {
      case "scale_by_adam" -> List.of("expAvg", "expAvgSq");
      case "scale_by_rms" -> List.of("squareAvg");
      case "scale_by_momentum" -> List.of("trace");
      case "scale_by_lion" -> List.of("expAvg");
      case "scale_by_momentum_torch" -> List.of("momentumBuffer");
      case "scale_by_adagrad_torch" -> List.of("stateSum");
      case "scale_by_rms_torch" -> {
        List<String> rms = new ArrayList<>(List.of("squareAvg"));
        if (t.flags().getOrDefault("centered", false)) {
          rms.add("gradAvg");
        }
        if (t.flags().getOrDefault("momentum", false)) {
          rms.add("momentumBuffer");
        }
        yield List.copyOf(rms);
      }
      case "scale_by_adadelta_torch" -> List.of("squareAvg", "accDelta");
      case "scale_by_adamax_torch" -> List.of("expAvg", "expInf");
      case "scale_by_nadam_torch", "scale_by_radam_torch" -> List.of("expAvg", "expAvgSq");
      case "scale_by_rprop_torch" -> List.of("prev", "stepSize");
      case "average_iterates_torch" -> List.of("ax");
      case "scale_by_adam_torch" -> t.flags().getOrDefault("amsgrad", false)
          ? List.of("expAvg", "expAvgSq", "maxExpAvgSq") : List.of("expAvg", "expAvgSq");
      default -> List.of();
    };
    long same = groups.get(0).chain().stream().filter(o -> o.name().equals(t.name())).count();
    return same > 1 ? base.stream().map(s -> s + t.index()).toList() : base;
  }

  /** The optimizer's state arrays, each in the layout of the parameters, in declaration order. */
  public List<String> slots() {
    List<String> slots = new ArrayList<>();
    switch (kind) {
      case SGD -> {
        if (usesMomentumBuffer()) {
          slots.add("momentumBuffer");
        }
      }
      case ADAM, ADAMW, NADAM, RADAM -> {
        slots.add("expAvg");
        slots.add("expAvgSq");
        if (usesAmsgrad()) {
          slots.add("maxExpAvgSq");
        }
      }
      case ADAGRAD -> slots.add("stateSum");
      case RMSPROP -> {
        slots.add("squareAvg");
        if (groups.stream().anyMatch(g -> g.flag("centered"))) {
          slots.add("gradAvg");
        }
        if (usesMomentumBuffer()) {
          slots.add("momentumBuffer");
        }
      }
      case ADAMAX -> {
        slots.add("expAvg");
        slots.add("expInf");
      }
      case ADADELTA -> {
        slots.add("squareAvg");
        slots.add("accDelta");
      }
      case RPROP -> {
        slots.add("prev");
        slots.add("stepSize");
      }
      case ASGD -> slots.add("ax");
      case NATURAL_GRADIENT -> {
        // no per-element state: the Fisher matrix is rebuilt from each batch
      }
      case ADAFACTOR -> {
        // scale_by_factored_rms_torch's factors are not in the layout of the parameters: rows + cols per matrix
      }
      case CHAIN -> {
        for (Transform t : groups.isEmpty() ? List.<Transform>of() : groups.get(0).chain()) {
          slots.addAll(chainSlots(t));
        }
      }
    }
    return slots;
  }
}
