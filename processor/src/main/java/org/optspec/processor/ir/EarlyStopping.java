package org.optspec.processor.ir;

/**
 * {@code stop when validation_loss stalls for N epochs}: training ends after {@code patience} epochs in a row whose
 * validation loss is not strictly below the best so far, and the parameters of the best epoch are restored.
 */
public record EarlyStopping(long patience, SpecRef origin) {}
