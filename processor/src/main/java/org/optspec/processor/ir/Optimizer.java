package org.optspec.processor.ir;

import java.util.List;

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
    ADAMW
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
      SpecRef origin) {

    public Group {
      params = List.copyOf(params);
      overridden = List.copyOf(overridden);
    }
  }

  public boolean usesMomentumBuffer() {
    return kind == Kind.SGD && groups.stream().anyMatch(g -> g.momentum() != 0);
  }

  public boolean usesAmsgrad() {
    return kind != Kind.SGD && groups.stream().anyMatch(Group::amsgrad);
  }
}
