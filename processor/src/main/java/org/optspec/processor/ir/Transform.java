package org.optspec.processor.ir;

import java.util.Map;

/**
 * One primitive gradient transform of {@code chain(...)} (optax's names and defaults), with its options resolved for
 * one parameter group: the spec's values, overridden by the group's settings of the same name.
 *
 * @param name {@code scale_by_adam}, {@code add_decayed_weights}, ...
 * @param index its position in the chain (names its state slots when a kind repeats)
 * @param options numeric options by catalogue name
 * @param symbols symbolic options ({@code on: weights})
 * @param flags boolean options ({@code nesterov})
 */
public record Transform(String name, int index, Map<String, Double> options, Map<String, String> symbols,
    Map<String, Boolean> flags) {

  public Transform {
    options = Map.copyOf(options);
    symbols = Map.copyOf(symbols);
    flags = Map.copyOf(flags);
  }

  public double option(String key) {
    Double v = options.get(key);
    if (v == null) {
      throw new IllegalArgumentException(name + " has no option " + key);
    }
    return v;
  }

  /**
   * Whether the transform needs a reduction over the update of a whole tensor or unit (a norm), so the elementwise
   * transforms before it must finish the tensor first.
   */
  public boolean reduces() {
    return name.equals("scale_by_trust_ratio") || name.equals("clip_adaptive")
        || name.equals("scale_by_factored_rms_torch") || name.equals("clip_by_block_rms_torch")
        || name.equals("scale_by_param_block_rms_torch");
  }

  /**
   * Whether the transform reduces over every parameter of every group ({@code clip_global_norm},
   * {@code precondition_by_empirical_fisher}): it may only come first, and runs once before the groups' updates.
   */
  public boolean global() {
    return name.equals("clip_global_norm") || name.equals("precondition_by_empirical_fisher");
  }
}
