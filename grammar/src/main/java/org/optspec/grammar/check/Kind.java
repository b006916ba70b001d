package org.optspec.grammar.check;

/** The namespaces of the catalogue; the noun is what messages call an entry of this kind. */
public enum Kind {
  LAYER("layer"),
  INIT("initializer"),
  LOSS("loss"),
  REGULARIZER("regularizer"),
  OPTIMIZER("optimizer"),
  TRANSFORM("optimizer transform"),
  SCHEDULE("schedule"),
  CLIP("clipping method"),
  SOURCE("data source"),
  DATA("data setting"),
  PRUNE("pruning method");

  private final String noun;

  Kind(String noun) {
    this.noun = noun;
  }

  public String noun() {
    return noun;
  }
}
