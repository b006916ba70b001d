package org.optspec.grammar.ast;

import java.util.List;
import org.optspec.spec.SourcePos;

/**
 * A value as written in a spec: numbers, strings, names, calls, tuples, lists, arithmetic,
 * comparisons, durations and {@code then} chains. Every node keeps its position and its source text
 * (whitespace included), so the checker can say "got '1.2'" exactly as the user wrote it.
 */
public sealed interface Node {

  SourcePos pos();

  String text();

  record NumberLit(double value, String text, SourcePos pos) implements Node {}

  record StringLit(String value, String text, SourcePos pos) implements Node {}

  /** A bare name: {@code relu}, {@code weights}, {@code true}, {@code x}. */
  record Name(String name, SourcePos pos) implements Node {
    @Override
    public String text() {
      return name;
    }
  }

  /** {@code adamw(lr: 1e-3)}; {@code pos} is the callee's name. */
  record Call(String name, List<Arg> args, String text, SourcePos pos) implements Node {
    public Call {
      args = List.copyOf(args);
    }
  }

  /** {@code (0.9, 0.999)}: two or more items in parentheses. */
  record Tuple(List<Node> items, String text, SourcePos pos) implements Node {
    public Tuple {
      items = List.copyOf(items);
    }
  }

  /** {@code [1, 0, -1]}, nested for matrices. */
  record ListLit(List<Node> items, String text, SourcePos pos) implements Node {
    public ListLit {
      items = List.copyOf(items);
    }
  }

  /** {@code + - * / ^}; {@code pos} is the operator, where a shape or type error is reported. */
  record Binary(String op, Node left, Node right, String text, SourcePos pos) implements Node {}

  record Negate(Node operand, String text, SourcePos pos) implements Node {}

  /** {@code loss < 1e-10}; {@code pos} is the operator. */
  record Compare(String op, Node left, Node right, String text, SourcePos pos) implements Node {}

  /** {@code warmup(...) then cosine(...)}; {@code pos} is the {@code then} keyword. */
  record Then(Node first, Node next, String text, SourcePos pos) implements Node {}

  /**
   * {@code mean over 256 samples of (x - 3)^2}: the body's Monte Carlo estimate over {@code count} draws of the random
   * variables it reads; {@code pos} is the reducer's name.
   */
  record Expectation(String reducer, NumberLit count, Node body, String text, SourcePos pos) implements Node {}

  /** {@code 25 epochs}, {@code 100 steps} (singular units are normalized to plural). */
  record Duration(double amount, String unit, String text, SourcePos pos) implements Node {}
}
