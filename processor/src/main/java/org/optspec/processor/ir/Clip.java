package org.optspec.processor.ir;

/** The {@code clip} statement: what bounds the gradients between backward and the update. */
public sealed interface Clip {

  SpecRef origin();

  /** {@code torch.nn.utils.clip_grad_norm_(max_norm)} over all gradients. */
  record GlobalNorm(double maxNorm, SpecRef origin) implements Clip {}

  /** {@code torch.nn.utils.clip_grad_value_(clip_value = max)}: every gradient element into [-max, max]. */
  record ByValue(double max, SpecRef origin) implements Clip {}

  /**
   * The global norm clipped to {@code factor} times the bias-corrected exponential moving average (decay {@code beta})
   * of the global norms of the previous steps, after their clipping; the first step is not clipped.
   */
  record Adaptive(double factor, double beta, SpecRef origin) implements Clip {}

  /**
   * Adaptive gradient clipping (Brock et al. 2021, {@code optax.adaptive_grad_clip}): per unit (a row of a weight
   * matrix, i.e. one output unit; a whole bias vector), the gradient's norm is bounded by
   * {@code clipping · max(‖w‖, eps)} of the same unit's weights.
   */
  record Agc(double clipping, double eps, SpecRef origin) implements Clip {}
}
