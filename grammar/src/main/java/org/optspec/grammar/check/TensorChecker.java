package org.optspec.grammar.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.optspec.grammar.ast.Node;
import org.optspec.grammar.ast.Statement;
import org.optspec.spec.ObjectiveSpec;

/**
 * Checks a declaration such as {@code w[2] = [0.5, -0.5]} or {@code const A[3, 2] = [[1, 2], ...]}:
 * dimensions are whole numbers, the literal has the declared shape (or is one number that fills it),
 * and the values are numbers, folded from constant arithmetic.
 */
final class TensorChecker {

  private final Reporter reporter;

  TensorChecker(Reporter reporter) {
    this.reporter = reporter;
  }

  Optional<ObjectiveSpec.Tensor> check(Statement.Declaration declaration) {
    String name = declaration.name();
    int[] shape = new int[declaration.shape().size()];
    for (int i = 0; i < shape.length; i++) {
      Node.NumberLit dim = declaration.shape().get(i);
      if (dim.value() != Math.rint(dim.value()) || dim.value() < 1 || dim.value() > Limits.MAX_OBJECTIVE_ELEMENTS) {
        reporter.error(Reporter.RANGE, "a dimension of " + name + " must be a whole number in [1, "
            + Limits.MAX_OBJECTIVE_ELEMENTS + "], got " + dim.text(), dim.pos());
        return Optional.empty();
      }
      shape[i] = (int) dim.value();
    }
    long elements = 1;
    for (int d : shape) {
      elements *= d;
    }
    if (elements > Limits.MAX_OBJECTIVE_ELEMENTS) {
      reporter.error(Reporter.RANGE, name + " has " + elements + " elements; an objective may write at most "
          + Limits.MAX_OBJECTIVE_ELEMENTS + " (each is a literal of the generated class)", declaration.namePos());
      return Optional.empty();
    }
    if (shape.length > 2) {
      reporter.unsupported("a tensor of rank " + shape.length + " ('" + name + "')", declaration.shape().get(0).pos());
      return Optional.empty();
    }
    Node value = declaration.value();
    if (value instanceof Node.Call call) {
      reporter.unsupported("initializing '" + name + "' with " + call.name() + "(...)", call.pos());
      return Optional.empty();
    }
    Optional<Double> scalar = Constants.fold(value);
    if (scalar.isPresent() && !Double.isFinite(scalar.get())) {
      reporter.error(Reporter.RANGE, name + " must be a finite number, got " + value.text(), value.pos());
      return Optional.empty();
    }
    if (scalar.isPresent()) {
      double[] values = new double[Shapes.size(shape)];
      Arrays.fill(values, scalar.get());
      return Optional.of(new ObjectiveSpec.Tensor(name, shape, values, declaration.namePos()));
    }
    if (!(value instanceof Node.ListLit)) {
      reporter.error(Reporter.TYPE, name + " expects numbers, got '" + value.text() + "'", value.pos());
      return Optional.empty();
    }
    List<Double> values = new ArrayList<>();
    Optional<int[]> written = flatten(value, name, values);
    if (written.isEmpty()) {
      return Optional.empty();
    }
    if (!Arrays.equals(written.get(), shape)) {
      reporter.error(Reporter.SHAPE, name + " is declared " + Shapes.format(shape) + " but its value has shape "
          + Shapes.format(written.get()), value.pos());
      return Optional.empty();
    }
    double[] array = values.stream().mapToDouble(Double::doubleValue).toArray();
    return Optional.of(new ObjectiveSpec.Tensor(name, shape, array, declaration.namePos()));
  }

  /** The shape of a (nested) list literal, its numbers appended in row-major order. */
  private Optional<int[]> flatten(Node node, String name, List<Double> out) {
    Optional<Double> number = Constants.fold(node);
    if (number.isPresent() && !Double.isFinite(number.get())) {
      reporter.error(Reporter.RANGE, "the elements of " + name + " must be finite numbers, got " + node.text(), node.pos());
      return Optional.empty();
    }
    if (number.isPresent()) {
      out.add(number.get());
      return Optional.of(Shapes.SCALAR);
    }
    if (!(node instanceof Node.ListLit list)) {
      reporter.error(Reporter.TYPE, name + " expects numbers, got '" + node.text() + "'", node.pos());
      return Optional.empty();
    }
    if (list.items().isEmpty()) {
      reporter.error(Reporter.SHAPE, name + " has an empty list", list.pos());
      return Optional.empty();
    }
    int[] itemShape = null;
    for (Node item : list.items()) {
      Optional<int[]> shape = flatten(item, name, out);
      if (shape.isEmpty()) {
        return Optional.empty();
      }
      if (itemShape != null && !Arrays.equals(itemShape, shape.get())) {
        reporter.error(Reporter.SHAPE, "the rows of " + name + " have different lengths", item.pos());
        return Optional.empty();
      }
      itemShape = shape.get();
    }
    int[] shape = new int[itemShape.length + 1];
    shape[0] = list.items().size();
    System.arraycopy(itemShape, 0, shape, 1, itemShape.length);
    return Optional.of(shape);
  }
}
