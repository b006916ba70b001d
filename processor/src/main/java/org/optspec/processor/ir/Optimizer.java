package org.optspec.processor.ir;

import java.util.List;
import java.util.Map;

/**
 * The optimizer lowered to one chain of primitive transforms per parameter group ({@link NamedChains} composes the
 * named ones). Every group carries its full set of hyper-parameters (the optimizer's, overridden by the group's
 * settings), so each group's update is one loop with its own constants.
 *
 * @param hyperParameters the hyper-parameters the transforms read as constants ({@code LR}, {@code BETA1}, ...), lr
 *     first; a chain's transforms have theirs inline, so it has only lr
 */
public record Optimizer(Kind kind, List<String> hyperParameters, List<Group> groups, SpecRef origin) {

  public Optimizer {
    hyperParameters = List.copyOf(hyperParameters);
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
   * @param options the optimizer's numeric options by flat catalogue name ({@code beta1}, {@code lr_decay}, ...; tuple
   *     options flattened to their item names), the group's settings applied
   * @param chain the group's transforms, in order
   */
  public record Group(
      String name,
      List<String> params,
      List<String> overridden,
      double lr,
      Map<String, Double> options,
      List<Transform> chain,
      SpecRef origin) {

    public Group {
      params = List.copyOf(params);
      overridden = List.copyOf(overridden);
      options = Map.copyOf(options);
      chain = List.copyOf(chain);
    }

    /** A numeric option by its flat catalogue name ({@code alpha}, {@code lr_decay}, {@code etaminus}, ...). */
    public double option(String name) {
      Double v = options.get(name);
      if (v == null) {
        throw new IllegalArgumentException("group " + name() + " has no option " + name);
      }
      return v;
    }
  }
}
