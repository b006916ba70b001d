package org.optspec.processor.ir;

import java.util.List;
import java.util.Optional;

/**
 * An objective that minimizes an expectation, {@code mean over N samples of BODY}: the nodes before
 * {@link #bodyStart} are the random variables' locs and scales, evaluated once per step; the rest are the body,
 * evaluated (and differentiated) once per draw, its last node the draw's term. Draw {@code s} of random variable
 * {@code r} reads the standard normal {@code noise[s · R + r]}, R the number of random variables; step k's noise is
 * the seed's {@code Rng} stream from its (2·N·R·k)-th long on ({@code nextGaussian} takes two longs).
 *
 * @param samples N
 * @param seed the spec's {@code seed}
 * @param draws the random variables in declaration order; draw r reads noise column r
 * @param bodyStart the index of the first body node in {@link ObjectiveProgram#nodes()}
 * @param gaussians the (loc, scale) parameter pairs of the normals over bare parameters, for the Gaussian metric
 */
public record Sampling(int samples, long seed, List<Draw> draws, int bodyStart, List<Gaussian> gaussians) {

  public Sampling {
    draws = List.copyOf(draws);
    gaussians = List.copyOf(gaussians);
  }

  /**
   * One random variable: {@code x = loc + scale·ε}, or with a proposal {@code x = a + b·ε} and the draw's term weighted
   * by {@code normal_pdf(x; loc, scale) / normal_pdf(x; a, b)}.
   *
   * @param loc the node of the loc (a prelude node)
   * @param scale the node of the scale (a prelude node), checked positive at every step
   */
  public record Draw(String name, int column, ExprNode loc, ExprNode scale, Optional<Proposal> proposal) {}

  /** The proposal {@code normal(loc, scale)} a random variable is drawn from. */
  public record Proposal(double loc, double scale) {}

  /** A normal over two scalar parameters: the natural gradient's Fisher metric diag(1/σ², 2/σ²) in (loc, scale). */
  public record Gaussian(String loc, String scale) {}

  public Draw draw(String name) {
    return draws.stream().filter(d -> d.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no random variable " + name));
  }

  public int randomVariables() {
    return draws.size();
  }
}
