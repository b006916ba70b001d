package org.optspec.processor.ir;

/**
 * One trainable tensor of the model.
 *
 * @param name {@code dense0.weight}, {@code dense0.bias}
 * @param layer the owning layer's name
 * @param role weight matrix or bias vector (what {@code on: weights} and {@code group biases} select)
 * @param layerIndex the owning layer's 0-based index in the model; an objective's parameter's index in declaration order
 * @param init how a trainer draws the tensor; null for an objective's parameter, whose literal values
 *     {@link ObjectiveProgram#initialValues} holds
 */
public record Param(String name, String layer, Role role, int layerIndex, int size, Initializer init) {

  public enum Role {
    WEIGHT,
    BIAS,
    /** An objective's parameter: neither weight nor bias, a {@code group} selects it by its name only. */
    PARAMETER
  }
}
