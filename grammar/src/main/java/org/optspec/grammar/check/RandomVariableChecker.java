package org.optspec.grammar.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.optspec.grammar.ast.Arg;
import org.optspec.grammar.ast.Node;
import org.optspec.grammar.ast.Statement;
import org.optspec.spec.Expr;
import org.optspec.spec.ObjectiveSpec;
import org.optspec.spec.ObjectiveSpec.Proposal;
import org.optspec.spec.ObjectiveSpec.RandomVariable;

/**
 * Checks {@code random x ~ normal(loc, scale)} and {@code random x ~ normal(loc, scale, proposal: normal(a, b))}: a
 * scalar drawn from a normal whose loc and scale are scalar expressions of the parameters and constants (no other
 * random variable), the scale positive where the spec fixes it (a literal, a constant, a parameter's initial value),
 * the proposal's loc and scale constant numbers, its scale positive.
 */
final class RandomVariableChecker {

  static final List<String> DISTRIBUTIONS = List.of("normal");

  private final Reporter reporter;
  private final Map<String, ObjectiveSpec.Tensor> params;
  private final Map<String, ObjectiveSpec.Tensor> constants;
  private final Set<String> declared;
  private final Set<String> randoms;

  /** @param randoms every random variable's name: a distribution's arguments may not read one */
  RandomVariableChecker(Reporter reporter, Map<String, ObjectiveSpec.Tensor> params,
      Map<String, ObjectiveSpec.Tensor> constants, Set<String> declared, Set<String> randoms) {
    this.reporter = reporter;
    this.params = params;
    this.constants = constants;
    this.declared = declared;
    this.randoms = randoms;
  }

  /** The declaration's random variable; its name is already known to be new and a valid identifier. */
  Optional<RandomVariable> check(Statement.Declaration declaration) {
    if (!declaration.shape().isEmpty()) {
      reporter.error(Reporter.FORM, "a random variable is a scalar, one draw per sample: 'random "
          + declaration.name() + " ~ normal(mu, sigma)'", declaration.shape().get(0).pos());
      return Optional.empty();
    }
    Optional<Distribution> distribution = distribution(declaration.value(), "the distribution of " + declaration.name());
    if (distribution.isEmpty()) {
      return Optional.empty();
    }
    Node.Call call = distribution.get().call();
    ExprChecker exprs = new ExprChecker(reporter, params, constants, declared, randoms);
    Optional<Expr> loc = exprs.checkScalar(distribution.get().loc(), "normal's loc");
    Optional<Expr> scale = exprs.checkScalar(distribution.get().scale(), "normal's scale");
    Optional<Proposal> proposal = Optional.empty();
    boolean ok = loc.isPresent() && scale.isPresent();
    for (Arg arg : distribution.get().named()) {
      if (!arg.label().get().equals("proposal")) {
        reporter.unknown("argument of normal", arg.label().get(), arg.pos(), List.of("proposal"));
        ok = false;
      } else {
        proposal = proposal(arg.value());
        ok &= proposal.isPresent();
      }
    }
    if (scale.isPresent() && fixedValue(scale.get()).map(v -> !(v > 0)).orElse(false)) {
      reporter.error(Reporter.RANGE, "the scale of a normal must be positive, but " + declaration.name()
          + "'s starts at " + fixedValue(scale.get()).get(), distribution.get().scale().pos());
      ok = false;
    }
    return ok ? Optional.of(new RandomVariable(declaration.name(), call.name(), loc.get(), scale.get(), proposal,
        declaration.namePos())) : Optional.empty();
  }

  /** {@code normal(loc, scale, named...)}, its shape checked. */
  private record Distribution(Node.Call call, Node loc, Node scale, List<Arg> named) {}

  private Optional<Distribution> distribution(Node node, String what) {
    if (!(node instanceof Node.Call call)) {
      reporter.error(Reporter.FORM, what + " is a distribution such as normal(mu, sigma), got '" + node.text() + "'",
          ExprChecker.start(node));
      return Optional.empty();
    }
    if (!DISTRIBUTIONS.contains(call.name())) {
      reporter.unknown("distribution", call.name(), call.pos(), DISTRIBUTIONS);
      return Optional.empty();
    }
    List<Node> positional = new ArrayList<>();
    List<Arg> named = new ArrayList<>();
    for (Arg arg : call.args()) {
      if (arg.isNamed()) {
        named.add(arg);
      } else {
        positional.add(arg.value());
      }
    }
    if (positional.size() != 2) {
      reporter.error(Reporter.ARITY, "normal takes 2 arguments (loc, scale), got " + positional.size(), call.pos());
      return Optional.empty();
    }
    return Optional.of(new Distribution(call, positional.get(0), positional.get(1), named));
  }

  /** {@code proposal: normal(0, 2)}: constant numbers, the scale positive. */
  private Optional<Proposal> proposal(Node node) {
    Optional<Distribution> d = distribution(node, "a proposal");
    if (d.isEmpty()) {
      return Optional.empty();
    }
    if (!d.get().named().isEmpty()) {
      reporter.error(Reporter.FORM, "a proposal takes no named arguments", d.get().named().get(0).pos());
      return Optional.empty();
    }
    Optional<Double> loc = Constants.fold(d.get().loc());
    Optional<Double> scale = Constants.fold(d.get().scale());
    boolean ok = true;
    if (loc.isEmpty() || !Double.isFinite(loc.get())) {
      reporter.error(Reporter.TYPE, "a proposal's loc is a constant number, got '" + d.get().loc().text() + "'",
          ExprChecker.start(d.get().loc()));
      ok = false;
    }
    if (scale.isEmpty() || !(scale.get() > 0) || !Double.isFinite(scale.get())) {
      reporter.error(scale.isEmpty() ? Reporter.TYPE : Reporter.RANGE, "a proposal's scale is a positive constant "
          + "number, got '" + d.get().scale().text() + "'", ExprChecker.start(d.get().scale()));
      ok = false;
    }
    return ok ? Optional.of(new Proposal(d.get().call().name(), loc.get(), scale.get(), d.get().call().pos()))
        : Optional.empty();
  }

  /** The value of a scale the spec fixes before any step: a literal, a scalar constant, a parameter's initial value. */
  private Optional<Double> fixedValue(Expr e) {
    if (e instanceof Expr.Literal l) {
      return Optional.of(l.value());
    }
    if (e instanceof Expr.Negate n) {
      return fixedValue(n.operand()).map(v -> -v);
    }
    if (e instanceof Expr.Ref r && r.shape().length == 0) {
      ObjectiveSpec.Tensor t = r.isParam() ? params.get(r.name()) : constants.get(r.name());
      return t == null ? Optional.empty() : Optional.of(t.values()[0]);
    }
    return Optional.empty();
  }
}
