package org.optspec.processor.ir;

import java.util.List;
import java.util.Optional;
import org.optspec.spec.ObjectiveSpec;
import org.optspec.spec.Precision;

/**
 * A lowered {@code objective}: its parameters and constants, the expression as nodes in evaluation order, and the
 * optimizer, schedule and clipping exactly as a trainer has them.
 *
 * @param params one {@link Param} per declared parameter, in declaration order (role {@link Param.Role#PARAMETER})
 * @param tensors the declared parameters with their shapes and literal initial values, in declaration order
 * @param constants the {@code const} tensors the expression reads
 * @param nodes the expression, operands before their user; the last node is the loss
 * @param steps {@code steps N}
 * @param stopBelow {@code stop when loss < x}: the threshold
 * @param sampling for {@code minimize mean over N samples of ...}: the draws, and where the per-draw body starts
 */
public record ObjectiveProgram(
    String name,
    String sourceFile,
    Precision precision,
    List<Param> params,
    List<ObjectiveSpec.Tensor> tensors,
    List<ObjectiveSpec.Tensor> constants,
    List<ExprNode> nodes,
    SpecRef minimizeOrigin,
    Optimizer optimizer,
    LrSchedule schedule,
    Optional<Clip> clip,
    long steps,
    Optional<Double> stopBelow,
    Optional<Sampling> sampling) implements Optimization {

  public ObjectiveProgram {
    params = List.copyOf(params);
    tensors = List.copyOf(tensors);
    constants = List.copyOf(constants);
    nodes = List.copyOf(nodes);
  }

  /** The node whose value is the loss. */
  public ExprNode output() {
    return nodes.get(nodes.size() - 1);
  }

  /** The literal initial values of parameter {@code name}, row-major. */
  public double[] initialValues(String name) {
    return tensor(name).values();
  }

  public ObjectiveSpec.Tensor tensor(String name) {
    return tensors.stream().filter(t -> t.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no parameter " + name));
  }

  public int parameterCount() {
    return params.stream().mapToInt(Param::size).sum();
  }
}
