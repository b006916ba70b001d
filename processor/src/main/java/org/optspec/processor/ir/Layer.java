package org.optspec.processor.ir;

import java.util.Optional;

/** One layer of the model with static shapes (per sample; the batch dimension is the plan's). */
public sealed interface Layer permits Layer.Dense, Layer.Relu, Layer.Dropout {

  /** {@code dense0}, {@code relu0}, {@code dropout0}: the kind and its index among layers of that kind. */
  String name();

  int inputSize();

  int outputSize();

  SpecRef origin();

  /** Whether the layer owns trainable parameters. */
  default boolean hasParameters() {
    return false;
  }

  /**
   * {@code y = x·Wᵀ + b}, {@code W} stored {@code [out × in]} row-major as PyTorch stores it.
   *
   * @param biasInit empty when the layer has no bias ({@code bias: false})
   */
  record Dense(String name, int inputSize, int outputSize, Initializer weightInit, Optional<Initializer> biasInit, SpecRef origin)
      implements Layer {
    @Override
    public boolean hasParameters() {
      return true;
    }

    public boolean hasBias() {
      return biasInit.isPresent();
    }
  }

  record Relu(String name, int inputSize, SpecRef origin) implements Layer {
    @Override
    public int outputSize() {
      return inputSize;
    }
  }

  /** Inverted dropout: in training, keep with probability {@code 1 - p} and scale by {@code 1 / (1 - p)}. */
  record Dropout(String name, int inputSize, double p, SpecRef origin) implements Layer {
    @Override
    public int outputSize() {
      return inputSize;
    }
  }
}
