package org.optspec.processor.ir;

/** The data loss, always the mean over the batch. */
public record Loss(Kind kind, double delta, SpecRef origin) {

  public enum Kind {
    /** {@code torch.nn.MSELoss}: mean over all {@code n · targets} elements. */
    MSE,
    /** Fused log-softmax and negative log-likelihood, with a stable log-sum-exp; mean over the rows. */
    SOFTMAX_CROSS_ENTROPY,
    /** {@code torch.nn.L1Loss}: mean absolute error over all elements. */
    MAE,
    /** {@code torch.nn.HuberLoss(delta)}: quadratic within {@code delta}, linear beyond; mean over all elements. */
    HUBER,
    /** {@code torch.nn.BCEWithLogitsLoss} in its stable form; mean over all logits. */
    BINARY_CROSS_ENTROPY
  }

  /** {@code huber}'s delta; 0 for other losses. */
  public Loss(Kind kind, SpecRef origin) {
    this(kind, 0, origin);
  }

  /**
   * Whether the model outputs one logit per row for a two-class classifier ({@code classes 2} with
   * binary_cross_entropy); predictions are then the two class probabilities {@code (1 - p, p)}.
   */
  public boolean isBinaryClassifier(DataSource data) {
    return kind == Kind.BINARY_CROSS_ENTROPY && data.classes().isPresent();
  }
}
