package org.optspec.processor.ir;

import java.util.Map;

/**
 * One primitive gradient transform of a chain (optax's names; the catalogue's defaults), with its options resolved for
 * one parameter group: the spec's values, overridden by the group's settings of the same name. What it computes, the
 * state it keeps and how far it reduces are its emitter's ({@code emit/TransformEmitter}).
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

  /** A boolean option; the checker (or the optimizer's composition) gives every one, so an absent one is a bug. */
  public boolean flag(String key) {
    Boolean v = flags.get(key);
    if (v == null) {
      throw new IllegalArgumentException(name + " has no flag " + key);
    }
    return v;
  }

  /** A symbolic option ({@code on}), present for the same reason. */
  public String symbol(String key) {
    String v = symbols.get(key);
    if (v == null) {
      throw new IllegalArgumentException(name + " has no symbol " + key);
    }
    return v;
  }
}
