package org.optspec.processor.ir;

/** The data loss, always the mean over the batch. */
public record Loss(Kind kind, SpecRef origin) {

  public enum Kind {
    /** {@code torch.nn.MSELoss}: mean over all {@code n · targets} elements. */
    MSE,
    /** Fused log-softmax and negative log-likelihood, with a stable log-sum-exp; mean over the rows. */
    SOFTMAX_CROSS_ENTROPY
  }
}
