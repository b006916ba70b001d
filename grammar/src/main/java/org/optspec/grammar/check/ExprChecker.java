package org.optspec.grammar.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.optspec.grammar.ast.Arg;
import org.optspec.grammar.ast.Node;
import org.optspec.spec.Expr;
import org.optspec.spec.ObjectiveSpec;
import org.optspec.spec.SourcePos;

/**
 * Resolves the names of an objective expression and infers shapes: elementwise operators need equal
 * shapes or a scalar on one side, {@code sum}/{@code mean}/{@code dot} reduce to a scalar, and
 * {@code matmul} follows the usual matrix rules.
 */
final class ExprChecker {

  private static final Set<String> ELEMENTWISE = Set.of("exp", "log", "sqrt", "abs", "sin", "cos", "tanh", "sigmoid");
  private static final Set<String> REDUCTIONS = Set.of("sum", "mean");
  private static final List<String> FUNCTIONS = List.of(
      "exp", "log", "sqrt", "abs", "sin", "cos", "tanh", "sigmoid", "sum", "mean", "dot", "matmul");

  private final Reporter reporter;
  private final Map<String, ObjectiveSpec.Tensor> params;
  private final Map<String, ObjectiveSpec.Tensor> constants;
  private final Set<String> declared;
  private final Set<String> randoms;
  /** Where random variables may be read: inside an expectation's body, not in a distribution's arguments. */
  private boolean inExpectation;
  private boolean readRandom;

  /**
   * @param declared every declared name, including those whose declaration had errors: using them
   *     is not reported again
   */
  ExprChecker(Reporter reporter, Map<String, ObjectiveSpec.Tensor> params, Map<String, ObjectiveSpec.Tensor> constants,
      Set<String> declared) {
    this(reporter, params, constants, declared, Set.of());
  }

  /** @param randoms the random variables declared without errors, which an expectation's body may read */
  ExprChecker(Reporter reporter, Map<String, ObjectiveSpec.Tensor> params, Map<String, ObjectiveSpec.Tensor> constants,
      Set<String> declared, Set<String> randoms) {
    this.reporter = reporter;
    this.params = params;
    this.constants = constants;
    this.declared = Set.copyOf(declared);
    this.randoms = Set.copyOf(randoms);
  }

  /** A scalar argument of a distribution ({@code mu}, {@code exp(log_sigma)}): parameters and constants only. */
  Optional<Expr> checkScalar(Node node, String what) {
    Optional<Expr> expr = check(node);
    if (expr.isPresent() && !Shapes.isScalar(expr.get().shape())) {
      reporter.error(Reporter.SHAPE, what + " must be a scalar, got shape " + Shapes.format(expr.get().shape()),
          start(node));
      return Optional.empty();
    }
    return expr;
  }

  /** The checked expression, which must be a scalar: the value to minimize. */
  Optional<Expr> checkObjective(Node node) {
    if (node instanceof Node.Expectation expectation) {
      return expectation(expectation);
    }
    Optional<Expr> expr = check(node);
    if (expr.isPresent() && !Shapes.isScalar(expr.get().shape())) {
      reporter.error(Reporter.SHAPE, "minimize needs a scalar, but the expression has shape "
          + Shapes.format(expr.get().shape()) + "; reduce it with sum(...) or mean(...)", start(node));
      return Optional.empty();
    }
    return expr;
  }

  /** {@code mean over N samples of BODY}: the body a scalar that reads at least one random variable. */
  private Optional<Expr> expectation(Node.Expectation e) {
    boolean ok = true;
    if (!e.reducer().equals("mean")) {
      reporter.unknown("estimate", e.reducer(), e.pos(), List.of("mean"));
      ok = false;
    }
    double n = e.count().value();
    if (n != Math.rint(n) || n < 2 || n > Limits.MAX_SAMPLES) {
      reporter.error(Reporter.RANGE, "the sample count must be an integer from 2 (the standard error needs two "
          + "draws) to " + Limits.MAX_SAMPLES + ", got " + e.count().text(), e.count().pos());
      ok = false;
    }
    inExpectation = true;
    readRandom = false;
    Optional<Expr> body = check(e.body());
    inExpectation = false;
    if (body.isEmpty()) {
      return Optional.empty();
    }
    if (!Shapes.isScalar(body.get().shape())) {
      reporter.error(Reporter.SHAPE, "the expectation's body must be a scalar, but it has shape "
          + Shapes.format(body.get().shape()) + "; reduce it with sum(...) or mean(...)", start(e.body()));
      return Optional.empty();
    }
    if (!readRandom) {
      reporter.error(Reporter.SEMANTIC, "the expectation's body reads no random variable: declare one "
          + "('random x ~ normal(mu, sigma)') and use it, or minimize the expression itself", start(e.body()));
      return Optional.empty();
    }
    return ok ? Optional.of(new Expr.Expectation(e.reducer(), (int) n, body.get(), e.pos())) : Optional.empty();
  }

  private Optional<Expr> check(Node node) {
    if (node instanceof Node.Expectation expectation) {
      reporter.error(Reporter.FORM, "an expectation is the whole of minimize: write 'minimize mean over N samples "
          + "of ...' with every term inside it", expectation.pos());
      return Optional.empty();
    }
    if (node instanceof Node.NumberLit number) {
      if (!Double.isFinite(number.value())) {
        reporter.error(Reporter.RANGE, "a number must be finite, got " + number.text(), number.pos());
        return Optional.empty();
      }
      return Optional.of(new Expr.Literal(number.value(), number.pos()));
    }
    if (node instanceof Node.Name name) {
      return reference(name);
    }
    if (node instanceof Node.Negate negate) {
      return check(negate.operand()).map(e -> new Expr.Negate(e, e.shape(), negate.pos()));
    }
    if (node instanceof Node.Binary binary) {
      return binary(binary);
    }
    if (node instanceof Node.Call call) {
      return apply(call);
    }
    reporter.error(Reporter.TYPE, "'" + node.text() + "' cannot appear in an expression", start(node));
    return Optional.empty();
  }

  private Optional<Expr> reference(Node.Name name) {
    if (randoms.contains(name.name())) {
      if (inExpectation) {
        readRandom = true;
        return Optional.of(new Expr.Random(name.name(), name.pos()));
      }
      reporter.error(Reporter.SEMANTIC, "'" + name.name() + "' is a random variable: read it inside "
          + "'minimize mean over N samples of ...', not in a distribution's arguments or outside an expectation",
          name.pos());
      return Optional.empty();
    }
    ObjectiveSpec.Tensor param = params.get(name.name());
    if (param != null) {
      return Optional.of(new Expr.Ref(name.name(), true, param.shape(), name.pos()));
    }
    ObjectiveSpec.Tensor constant = constants.get(name.name());
    if (constant != null) {
      return Optional.of(new Expr.Ref(name.name(), false, constant.shape(), name.pos()));
    }
    if (!declared.contains(name.name())) {
      reporter.unknown("name", name.name(), name.pos(), List.copyOf(declared));
    }
    return Optional.empty();
  }

  private Optional<Expr> binary(Node.Binary binary) {
    Optional<Expr> left = check(binary.left());
    Optional<Expr> right = check(binary.right());
    if (left.isEmpty() || right.isEmpty()) {
      return Optional.empty();
    }
    int[] a = left.get().shape();
    int[] b = right.get().shape();
    int[] shape;
    if (Arrays.equals(a, b) || Shapes.isScalar(b)) {
      shape = a;
    } else if (Shapes.isScalar(a)) {
      shape = b;
    } else {
      reporter.error(Reporter.SHAPE, "'" + binary.op() + "' needs operands of the same shape or a scalar, got "
          + Shapes.format(a) + " and " + Shapes.format(b), binary.pos());
      return Optional.empty();
    }
    return Optional.of(new Expr.Binary(binary.op(), left.get(), right.get(), shape, binary.pos()));
  }

  private Optional<Expr> apply(Node.Call call) {
    String function = call.name();
    if (!FUNCTIONS.contains(function)) {
      reporter.unknown("function", function, call.pos(), FUNCTIONS);
      return Optional.empty();
    }
    List<Expr> args = new ArrayList<>();
    boolean ok = true;
    for (Arg arg : call.args()) {
      if (arg.isNamed()) {
        reporter.error(Reporter.FORM, function + " takes no named arguments", arg.pos());
        ok = false;
        continue;
      }
      Optional<Expr> checked = check(arg.value());
      ok &= checked.isPresent();
      checked.ifPresent(args::add);
    }
    if (!ok) {
      return Optional.empty();
    }
    int arity = ELEMENTWISE.contains(function) || REDUCTIONS.contains(function) ? 1 : 2;
    if (args.size() != arity) {
      reporter.error(Reporter.ARITY, function + " takes " + arity + (arity == 1 ? " argument" : " arguments")
          + ", got " + args.size(), call.pos());
      return Optional.empty();
    }
    Optional<int[]> shape = resultShape(function, args, call.pos());
    return shape.map(s -> new Expr.Apply(function, args, s, call.pos()));
  }

  private Optional<int[]> resultShape(String function, List<Expr> args, SourcePos pos) {
    if (ELEMENTWISE.contains(function)) {
      return Optional.of(args.get(0).shape());
    }
    if (REDUCTIONS.contains(function)) {
      return Optional.of(Shapes.SCALAR);
    }
    int[] a = args.get(0).shape();
    int[] b = args.get(1).shape();
    if (function.equals("dot")) {
      if (a.length == 1 && Arrays.equals(a, b)) {
        return Optional.of(Shapes.SCALAR);
      }
      return mismatch("dot needs two vectors of the same length", a, b, pos);
    }
    // matmul: [r, k] x [k, c] -> [r, c]; [r, k] x [k] -> [r]; [k] x [k, c] -> [c]; [k] x [k] -> scalar.
    if (a.length == 0 || b.length == 0) {
      return mismatch("matmul needs vectors or matrices", a, b, pos);
    }
    int inner = a[a.length - 1];
    int innerB = b[0];
    if (inner != innerB) {
      return mismatch("matmul needs the inner dimensions to agree", a, b, pos);
    }
    int[] shape = new int[(a.length - 1) + (b.length - 1)];
    if (a.length == 2) {
      shape[0] = a[0];
    }
    if (b.length == 2) {
      shape[shape.length - 1] = b[1];
    }
    return Optional.of(shape);
  }

  private Optional<int[]> mismatch(String rule, int[] a, int[] b, SourcePos pos) {
    reporter.error(Reporter.SHAPE, rule + ", got " + Shapes.format(a) + " and " + Shapes.format(b), pos);
    return Optional.empty();
  }

  /** Where an expression starts: binary nodes are positioned at their operator. */
  static SourcePos start(Node node) {
    if (node instanceof Node.Binary binary) {
      return start(binary.left());
    }
    if (node instanceof Node.Compare compare) {
      return start(compare.left());
    }
    if (node instanceof Node.Then then) {
      return start(then.first());
    }
    return node.pos();
  }
}
