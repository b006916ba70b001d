package org.optspec.processor;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * An {@code l2} regularizer's gradient is one kernel call per selected tensor: float32 trainers add
 * {@code (float) (2 · L2) · w} in float ({@code Vectors.addScaledInFloat}, torch's rounding, a loop C2 vectorizes);
 * float64 trainers keep {@code Vectors.addScaled} and their results.
 */
class L2GradientSourceTest {

  private static String source(String precision) {
    return OptSpecCompiler.compile(SpecText.trainer("""
        trainer R {
          precision %s
          seed 5
          data {
            source csv("r.csv", target: last)
            features 8
            classes 3
          }
          model {
            dense(4)
            relu
            dense(3)
          }
          loss softmax_cross_entropy
          regularize l2(0.01, on: weights)
          optimizer sgd(lr: 0.05)
          batch 4
          epochs 1
        }
        """.formatted(precision)), "r").javaFile().get().toString();
  }

  @Test
  void float32AddsTheL2GradientInFloat() {
    String s = source("float32");
    assertTrue(s.contains("Vectors.addScaledInFloat(grads, params, DENSE0_WEIGHT, DENSE0_WEIGHT_SIZE, 2 * L2);"), s);
    assertTrue(s.contains("Vectors.addScaledInFloat(grads, params, DENSE1_WEIGHT, DENSE1_WEIGHT_SIZE, 2 * L2);"), s);
    assertFalse(s.contains("Vectors.addScaled("), s);
  }

  @Test
  void float64KeepsTheDoubleKernel() {
    String s = source("float64");
    assertTrue(s.contains("Vectors.addScaled(grads, params, DENSE0_WEIGHT, DENSE0_WEIGHT_SIZE, 2 * L2);"), s);
    assertFalse(s.contains("addScaledInFloat"), s);
  }
}
