package org.optspec.grammar.ast;

import java.util.List;
import java.util.Optional;
import org.optspec.spec.SourcePos;

/** One line of a spec: a setting ({@code optimizer adam}) or a declaration ({@code w[2] = [0, 0]}). */
public sealed interface Statement {

  SourcePos pos();

  /**
   * A keyword followed by arguments: {@code dense(128, init: he)}, {@code scale features 1/16},
   * {@code group biases { weight_decay 0 }}, {@code trainer Digits { ... }}.
   *
   * @param arguments the parenthesized list right after the keyword, when there is one
   * @param operands the values after the keyword (and after its arguments)
   */
  record Setting(
      String keyword,
      Optional<List<Arg>> arguments,
      List<Node> operands,
      Optional<Block> block,
      SourcePos pos)
      implements Statement {

    public Setting {
      arguments = arguments.map(List::copyOf);
      operands = List.copyOf(operands);
    }

    /**
     * The setting as a call: arguments first, then operands as further positional arguments, so
     * {@code features 64} reads as {@code features(64)} and {@code scale features 1/16} as
     * {@code scale(features, 1/16)}.
     */
    public List<Arg> allArguments() {
      List<Arg> all = new java.util.ArrayList<>(arguments.orElse(List.of()));
      for (Node operand : operands) {
        all.add(new Arg(Optional.empty(), operand.pos(), operand));
      }
      return all;
    }
  }

  /**
   * {@code x = -1.5}, {@code w[2] = [0.5, -0.5]} or, with a modifier, {@code const A[3, 2] = [...]}; a random variable
   * binds with {@code ~}: {@code random x ~ normal(mu, sigma)}.
   *
   * @param shape declared dimensions as written; empty for a scalar
   * @param sampled whether the name is bound by {@code ~} (a distribution) rather than {@code =} (a value)
   */
  record Declaration(
      Optional<String> modifier,
      String name,
      SourcePos namePos,
      List<Node.NumberLit> shape,
      Node value,
      SourcePos pos,
      boolean sampled)
      implements Statement {

    public Declaration {
      shape = List.copyOf(shape);
    }

    /** A declaration bound by {@code =}. */
    public Declaration(Optional<String> modifier, String name, SourcePos namePos, List<Node.NumberLit> shape,
        Node value, SourcePos pos) {
      this(modifier, name, namePos, shape, value, pos, false);
    }
  }
}
