package org.optspec.grammar.check;

import java.util.Optional;
import org.optspec.grammar.ast.Node;

/** Folds constant arithmetic ({@code 1/16}, {@code -0.5}, {@code 2^10}) to a number. */
final class Constants {

  private Constants() {}

  static Optional<Double> fold(Node node) {
    if (node instanceof Node.NumberLit number) {
      return Optional.of(number.value());
    }
    if (node instanceof Node.Negate negate) {
      return fold(negate.operand()).map(x -> -x);
    }
    if (node instanceof Node.Binary binary) {
      Optional<Double> left = fold(binary.left());
      Optional<Double> right = fold(binary.right());
      if (left.isEmpty() || right.isEmpty()) {
        return Optional.empty();
      }
      double a = left.get();
      double b = right.get();
      return Optional.of(switch (binary.op()) {
        case "+" -> a + b;
        case "-" -> a - b;
        case "*" -> a * b;
        case "/" -> a / b;
        default -> Math.pow(a, b);
      });
    }
    return Optional.empty();
  }
}
