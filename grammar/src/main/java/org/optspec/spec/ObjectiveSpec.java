package org.optspec.spec;

import java.util.List;
import java.util.Optional;

/**
 * A checked {@code objective}: minimizes an expression over declared parameters.
 *
 * @param constants {@code const A[3, 2] = [[1, 2], ...]}
 * @param params {@code params { x = -1.5  w[2] = [0.5, -0.5] }}
 * @param minimize the expression, with names resolved and shapes checked
 */
public record ObjectiveSpec(
    String name,
    SourcePos pos,
    Precision precision,
    long seed,
    List<Tensor> constants,
    List<Tensor> params,
    Expr minimize,
    Call optimizer,
    List<GroupOverride> groups,
    Schedule schedule,
    List<Call> clipping,
    long steps,
    Optional<StopRule> stop,
    SourceText source)
    implements Spec {

  public ObjectiveSpec {
    constants = List.copyOf(constants);
    params = List.copyOf(params);
    groups = List.copyOf(groups);
    clipping = List.copyOf(clipping);
  }

  /** A named scalar, vector or matrix with its literal values in row-major order. */
  public record Tensor(String name, int[] shape, double[] values, SourcePos pos) {}
}
