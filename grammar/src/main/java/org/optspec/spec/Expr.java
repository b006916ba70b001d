package org.optspec.spec;

import java.util.List;

/** A checked objective expression. Shapes: {@code []} scalar, {@code [n]} vector, {@code [r, c]} matrix. */
public sealed interface Expr {

  SourcePos pos();

  int[] shape();

  record Literal(double value, SourcePos pos) implements Expr {
    public int[] shape() {
      return new int[0];
    }
  }

  /** A reference to a parameter or constant. */
  record Ref(String name, boolean isParam, int[] shape, SourcePos pos) implements Expr {}

  /** {@code + - * / ^}, elementwise with scalars broadcast. */
  record Binary(String op, Expr left, Expr right, int[] shape, SourcePos pos) implements Expr {}

  record Negate(Expr operand, int[] shape, SourcePos pos) implements Expr {}

  /** exp, log, sqrt, abs, sin, cos, tanh, sigmoid, sum, mean, dot, matmul. */
  record Apply(String function, List<Expr> args, int[] shape, SourcePos pos) implements Expr {
    public Apply {
      args = List.copyOf(args);
    }
  }

  /** A draw of a declared random variable (a scalar), read inside an {@link Expectation}. */
  record Random(String name, SourcePos pos) implements Expr {
    public int[] shape() {
      return new int[0];
    }
  }

  /**
   * {@code mean over 256 samples of BODY}: the Monte Carlo mean of the body over {@code samples} joint draws of the
   * random variables, the whole of a {@code minimize}.
   */
  record Expectation(String reducer, int samples, Expr body, SourcePos pos) implements Expr {
    public int[] shape() {
      return new int[0];
    }
  }
}
