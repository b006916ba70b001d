package org.optspec.processor.ir;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.optspec.spec.Expr;
import org.optspec.spec.ObjectiveSpec;

/**
 * A checked objective expression to {@link ExprNode}s in evaluation order (post-order of the expression tree). The
 * checker has resolved the names and inferred the shapes; this only renames operators and functions to
 * {@link ExprNode.Op}s. {@code dot} is a {@link ExprNode.Op#MATMUL} of two vectors in all but name.
 */
final class ExpressionLowering {

  private final Set<String> params;
  private final List<ExprNode> nodes = new ArrayList<>();
  private final Map<String, Sampling.Draw> draws = new LinkedHashMap<>();

  private ExpressionLowering(Set<String> params) {
    this.params = params;
  }

  /** The nodes of {@code expr}, operands first; the last one is the expression's value. */
  static List<ExprNode> lower(Expr expr, Set<String> params) {
    ExpressionLowering lowering = new ExpressionLowering(params);
    lowering.node(expr);
    return List.copyOf(lowering.nodes);
  }

  /** The nodes of an expectation: the random variables' locs and scales first, then the body (times the weights). */
  static Lowered lowerExpectation(Expr.Expectation e, List<ObjectiveSpec.RandomVariable> randoms, long seed,
      Set<String> params) {
    ExpressionLowering lowering = new ExpressionLowering(params);
    for (ObjectiveSpec.RandomVariable r : randoms) {
      ExprNode loc = lowering.node(r.loc());
      ExprNode scale = lowering.node(r.scale());
      Optional<Sampling.Proposal> proposal = r.proposal().map(p -> new Sampling.Proposal(p.loc(), p.scale()));
      lowering.draws.put(r.name(), new Sampling.Draw(r.name(), lowering.draws.size(), loc, scale, proposal));
    }
    int bodyStart = lowering.nodes.size();
    ExprNode out = lowering.node(e.body());
    for (Sampling.Draw d : lowering.draws.values()) {
      if (d.proposal().isPresent()) {
        ExprNode weight = lowering.add(ExprNode.Op.WEIGHT, List.of(d.loc(), d.scale()), new int[0], 0, d.name());
        out = lowering.add(ExprNode.Op.MUL, List.of(out, weight), new int[0], 0, null);
      }
    }
    List<Sampling.Gaussian> gaussians = new ArrayList<>();
    for (Sampling.Draw d : lowering.draws.values()) {
      if (d.loc().op() == ExprNode.Op.PARAM && d.scale().op() == ExprNode.Op.PARAM && d.loc().scalar()
          && d.scale().scalar() && !d.loc().name().equals(d.scale().name())) {
        gaussians.add(new Sampling.Gaussian(d.loc().name(), d.scale().name()));
      }
    }
    Sampling sampling = new Sampling(e.samples(), seed, List.copyOf(lowering.draws.values()), bodyStart, gaussians);
    return new Lowered(List.copyOf(lowering.nodes), Optional.of(sampling));
  }

  /** The nodes, and how they are sampled when the objective is an expectation. */
  record Lowered(List<ExprNode> nodes, Optional<Sampling> sampling) {}

  private ExprNode node(Expr e) {
    if (e instanceof Expr.Random r) {
      Sampling.Draw d = draws.get(r.name());
      List<ExprNode> args = d.proposal().isPresent() ? List.of() : List.of(d.loc(), d.scale());
      return add(ExprNode.Op.RANDOM, args, e.shape(), 0, r.name());
    }
    if (e instanceof Expr.Literal l) {
      return add(ExprNode.Op.LITERAL, List.of(), e.shape(), l.value(), null);
    }
    if (e instanceof Expr.Ref r) {
      boolean param = r.isParam() && params.contains(r.name());
      return add(param ? ExprNode.Op.PARAM : ExprNode.Op.CONST, List.of(), e.shape(), 0, r.name());
    }
    if (e instanceof Expr.Negate n) {
      return add(ExprNode.Op.NEG, List.of(node(n.operand())), e.shape(), 0, null);
    }
    if (e instanceof Expr.Binary b) {
      ExprNode left = node(b.left());
      ExprNode right = node(b.right());
      return add(binary(b.op()), List.of(left, right), e.shape(), 0, null);
    }
    Expr.Apply a = (Expr.Apply) e;
    List<ExprNode> args = new ArrayList<>();
    for (Expr arg : a.args()) {
      args.add(node(arg));
    }
    return add(ExprNode.Op.valueOf(a.function().toUpperCase(Locale.ROOT)), args, e.shape(), 0, null);
  }

  private static ExprNode.Op binary(String op) {
    return switch (op) {
      case "+" -> ExprNode.Op.ADD;
      case "-" -> ExprNode.Op.SUB;
      case "*" -> ExprNode.Op.MUL;
      case "/" -> ExprNode.Op.DIV;
      case "^" -> ExprNode.Op.POW;
      default -> throw new IllegalArgumentException("unknown operator " + op);
    };
  }

  private ExprNode add(ExprNode.Op op, List<ExprNode> args, int[] shape, double value, String name) {
    int rows = shape.length == 2 ? shape[0] : 1;
    int cols = shape.length == 0 ? 1 : shape[shape.length - 1];
    boolean depends = op == ExprNode.Op.PARAM || args.stream().anyMatch(ExprNode::dependsOnParams);
    ExprNode n = new ExprNode(nodes.size(), op, args, rows, cols, shape.length, value, name, depends);
    nodes.add(n);
    return n;
  }
}
