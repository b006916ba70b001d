package org.optspec.samples;

import org.optspec.runtime.TrainingSpec;

/**
 * The two samples in the other precision, so allocation and determinism are tested for float32 and
 * float64 alike. Same models as the shipped specs; only the name and precision differ.
 */
final class PrecisionVariants {
  private PrecisionVariants() {}

  @TrainingSpec(source = """
      trainer Digits64 {
        precision float64
        seed 42
        data {
          source csv("digits.csv", target: last)
          features 64
          classes 10
          scale features 1/16
          split(test: 0.2, seed: 7)
        }
        model {
          dense(128, init: he)
          relu
          dropout(0.2)
          dense(10, init: xavier)
        }
        loss softmax_cross_entropy
        optimizer adamw(lr: 3e-3, betas: (0.9, 0.999), eps: 1e-8, weight_decay: 0.01)
        group biases { weight_decay 0 }
        schedule warmup(linear, steps: 100) then cosine(steps: 800, min_lr: 1e-5)
        clip global_norm(1.0)
        batch 32
        epochs 20
      }
      """)
  static final class Digits64 {}

  @TrainingSpec(source = """
      trainer Diabetes32 {
        precision float32
        seed 1
        data {
          source csv("diabetes.csv", target: last)
          features 10
          targets 1
          standardize features
          split(test: 0.2, seed: 3)
        }
        model {
          dense(1, init: zeros)
        }
        loss mse
        regularize elastic_net(l1: 1e-4, l2: 1e-3, on: weights)
        optimizer sgd(lr: 0.01, momentum: 0.9, nesterov: true)
        schedule step(every: 25 epochs, gamma: 0.5)
        batch 64
        epochs 100
      }
      """)
  static final class Diabetes32 {}
}
