package org.optspec.processor.ir;

import java.util.Optional;

/** One layer of the model with static shapes (per sample; the batch dimension is the plan's). */
public sealed interface Layer
    permits Layer.Dense, Layer.Relu, Layer.Dropout, Layer.LeakyRelu, Layer.Tanh, Layer.Sigmoid, Layer.Softmax,
        Layer.BatchNorm, Layer.Rnn, Layer.Factorize {

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

  /** {@code leaky_relu}: x when x > 0, else {@code slope · x} (torch nn.LeakyReLU). */
  record LeakyRelu(String name, int inputSize, double slope, SpecRef origin) implements Layer {
    @Override
    public int outputSize() {
      return inputSize;
    }
  }

  record Tanh(String name, int inputSize, SpecRef origin) implements Layer {
    @Override
    public int outputSize() {
      return inputSize;
    }
  }

  record Sigmoid(String name, int inputSize, SpecRef origin) implements Layer {
    @Override
    public int outputSize() {
      return inputSize;
    }
  }

  /** Softmax over each row (torch nn.Softmax(dim=1)). */
  record Softmax(String name, int inputSize, SpecRef origin) implements Layer {
    @Override
    public int outputSize() {
      return inputSize;
    }
  }

  /**
   * torch nn.BatchNorm1d over the features: batch statistics in training (biased variance to normalize, unbiased
   * for the running update), running statistics in evaluation; {@code running = (1 - momentum) · running +
   * momentum · batch}. Learnable scale (weight, init 1) and shift (bias, init 0).
   */
  record BatchNorm(String name, int inputSize, double momentum, double eps, SpecRef origin) implements Layer {
    @Override
    public int outputSize() {
      return inputSize;
    }

    @Override
    public boolean hasParameters() {
      return true;
    }
  }

  /**
   * A one-layer Elman RNN (torch nn.RNN, batch_first): {@code h_t = act(x_t·W_ihᵀ + b_ih + h_{t-1}·W_hhᵀ + b_hh)},
   * {@code h_0 = 0}; the output is the last hidden state. Its input row holds {@code length × features} values,
   * time-major.
   *
   * @param relu the cell's activation: relu when true, tanh otherwise
   * @param weightIh the init of W_ih [hidden × features]
   * @param weightHh the init of W_hh [hidden × hidden]
   * @param bias the init of both biases
   */
  record Rnn(String name, int length, int features, int hidden, boolean relu, Initializer weightIh,
      Initializer weightHh, Initializer bias, SpecRef origin) implements Layer {
    @Override
    public int inputSize() {
      return length * features;
    }

    @Override
    public int outputSize() {
      return hidden;
    }

    @Override
    public boolean hasParameters() {
      return true;
    }
  }

  /**
   * Matrix factorization: {@code prediction = p_u · q_i}, plus {@code mean + b_u + b_i} when {@code bias}. Its
   * input row is {@code (user, item)}, two 0-based ids. {@code mean} is the mean training target, computed when
   * {@code fit} starts.
   */
  record Factorize(String name, int users, int items, int factors, Initializer factorInit, boolean bias,
      SpecRef origin) implements Layer {
    @Override
    public int inputSize() {
      return 2;
    }

    @Override
    public int outputSize() {
      return 1;
    }

    @Override
    public boolean hasParameters() {
      return true;
    }
  }
}
