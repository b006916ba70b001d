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
    SourceText source,
    List<RandomVariable> randoms)
    implements Spec {

  public ObjectiveSpec {
    constants = List.copyOf(constants);
    params = List.copyOf(params);
    groups = List.copyOf(groups);
    clipping = List.copyOf(clipping);
    randoms = List.copyOf(randoms);
  }

  /** An objective without random variables. */
  public ObjectiveSpec(String name, SourcePos pos, Precision precision, long seed, List<Tensor> constants,
      List<Tensor> params, Expr minimize, Call optimizer, List<GroupOverride> groups, Schedule schedule,
      List<Call> clipping, long steps, Optional<StopRule> stop, SourceText source) {
    this(name, pos, precision, seed, constants, params, minimize, optimizer, groups, schedule, clipping, steps, stop,
        source, List.of());
  }

  /**
   * {@code random x ~ normal(loc, scale)}, reparameterized as {@code x = loc + scale·ε} with ε ~ N(0, 1); with
   * {@code proposal: normal(a, b)} it is drawn as {@code x = a + b·ε} instead and the estimate weights each draw by
   * {@code normal_pdf(x; loc, scale) / normal_pdf(x; a, b)} (importance sampling).
   *
   * @param loc a scalar expression of parameters and constants
   * @param scale a scalar expression of parameters and constants; it must stay positive
   */
  public record RandomVariable(String name, String distribution, Expr loc, Expr scale, Optional<Proposal> proposal,
      SourcePos pos) {}

  /** The proposal a random variable is drawn from, {@code normal(loc, scale)} with constant numbers. */
  public record Proposal(String distribution, double loc, double scale, SourcePos pos) {}

  /** The random variable called {@code name}. */
  public RandomVariable random(String name) {
    return randoms.stream().filter(r -> r.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no random variable " + name));
  }

  /** A named scalar, vector or matrix with its literal values in row-major order. */
  public record Tensor(String name, int[] shape, double[] values, SourcePos pos) {}
}
