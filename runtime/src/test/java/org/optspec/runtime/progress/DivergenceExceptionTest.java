package org.optspec.runtime.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The message a divergence reports, and the same without its step for a caller that adds the epoch. */
class DivergenceExceptionTest {

  @Test
  void aNonFiniteValueIsNamedByItsKind() {
    DivergenceException nan = new DivergenceException(37, "the loss", Double.NaN);
    assertEquals("step 37: the loss is NaN", nan.getMessage());
    assertEquals("the loss is NaN", nan.finding());
    assertEquals(37, nan.step());
    assertEquals("x is -infinite", new DivergenceException(1, "x", Double.NEGATIVE_INFINITY).finding());
    assertEquals("x is infinite", new DivergenceException(123456789012L, "x", Double.POSITIVE_INFINITY).finding());
  }

  @Test
  void aFiniteValueOutsideItsRuleSaysTheRule() {
    DivergenceException scale = new DivergenceException(12, "the scale of x", -0.01, "positive");
    assertEquals("step 12: the scale of x is -0.01, but it must be positive", scale.getMessage());
    assertEquals("the scale of x is -0.01, but it must be positive", scale.finding());
    assertEquals(-0.01, scale.value());
  }
}
