package org.optspec.grammar.check;

import java.util.Collection;
import java.util.List;
import org.optspec.spec.Expr;
import org.optspec.spec.ObjectiveSpec.RandomVariable;
import org.optspec.spec.SourcePos;

/**
 * {@code natural_gradient(metric: gaussian)} preconditions by the analytic Fisher metric of normals over their own
 * (loc, scale), diag(1/σ², 2/σ²): the spec must name those parameters. Every parameter is the loc or the scale of
 * exactly one {@code random x ~ normal(mu, sigma)} whose loc and scale are both bare scalar parameters; the metric has
 * no damping (it is exact) and a trainer has no Gaussian to take it from.
 */
final class GaussianMetricRule {

  private GaussianMetricRule() {}

  static boolean asks(CallBinder.Bound optimizer) {
    return optimizer.call().name().equals("natural_gradient")
        && optimizer.call().symbol("metric").equals("gaussian");
  }

  /**
   * @param randoms the objective's random variables (none for a trainer)
   * @param params the objective's parameter names (none for a trainer)
   */
  static void check(CallBinder.Bound optimizer, List<RandomVariable> randoms, Collection<String> params,
      Reporter reporter) {
    if (!asks(optimizer)) {
      return;
    }
    SourcePos pos = optimizer.argPositions().getOrDefault("metric", optimizer.call().pos());
    if (optimizer.argPositions().containsKey("damping")) {
      reporter.error(Reporter.SEMANTIC, "natural_gradient(metric: gaussian) is the exact Fisher metric and takes no "
          + "damping (damping is the empirical Fisher's)", optimizer.argPositions().get("damping"));
    }
    List<RandomVariable> gaussians = randoms.stream().filter(GaussianMetricRule::overParameters).toList();
    if (gaussians.isEmpty()) {
      reporter.error(Reporter.SEMANTIC, "natural_gradient(metric: gaussian) needs an objective that names a "
          + "Gaussian's parameters: 'random x ~ normal(mu, sigma)' with mu and sigma declared in params", pos);
      return;
    }
    for (String param : params) {
      long roles = gaussians.stream().filter(g -> name(g.loc()).equals(param) || name(g.scale()).equals(param)).count();
      if (roles == 0) {
        reporter.error(Reporter.SEMANTIC, "natural_gradient(metric: gaussian) has no metric for parameter '" + param
            + "': every parameter must be the loc or the scale of a 'random x ~ normal(mu, sigma)'", pos);
      } else if (roles > 1) {
        reporter.error(Reporter.SEMANTIC, "natural_gradient(metric: gaussian): parameter '" + param
            + "' is the loc or scale of more than one normal, so its Fisher metric is not diagonal", pos);
      }
    }
  }

  /** loc and scale are two different scalar parameters. */
  static boolean overParameters(RandomVariable r) {
    return r.loc() instanceof Expr.Ref loc && loc.isParam() && loc.shape().length == 0
        && r.scale() instanceof Expr.Ref scale && scale.isParam() && scale.shape().length == 0
        && !loc.name().equals(scale.name());
  }

  private static String name(Expr e) {
    return e instanceof Expr.Ref r && r.isParam() ? r.name() : "";
  }
}
