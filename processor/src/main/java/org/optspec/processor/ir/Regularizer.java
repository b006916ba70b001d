package org.optspec.processor.ir;

/**
 * {@code l1}, {@code l2} or {@code elastic_net}: adds {@code l1·Σ|w| + l2·Σw²} to the loss and
 * {@code l1·sign(w) + 2·l2·w} to the gradient of the selected tensors.
 */
public record Regularizer(double l1, double l2, Target on, SpecRef origin) {

  /** Both strengths 0 ({@code l2(0)}): adds nothing to the loss or the gradient, so it has no code. */
  public boolean adds() {
    return l1 != 0 || l2 != 0;
  }

  public enum Target {
    WEIGHTS,
    BIASES,
    ALL;

    public boolean selects(Param p) {
      return switch (this) {
        case WEIGHTS -> p.role() == Param.Role.WEIGHT;
        case BIASES -> p.role() == Param.Role.BIAS;
        case ALL -> true;
      };
    }
  }
}
