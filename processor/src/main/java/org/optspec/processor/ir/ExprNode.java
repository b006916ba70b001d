package org.optspec.processor.ir;

import java.util.List;

/**
 * One value of an objective's expression, in the order of evaluation (operands before their user). The lowered
 * expression is a tree: every node but the output has exactly one user, so reverse-mode differentiation visits
 * each node once, after its user.
 *
 * @param id the node's index in {@link ObjectiveProgram#nodes()}; generated temporaries are named after it
 * @param rows the row count of a matrix; 1 for a vector or a scalar
 * @param cols the column count of a matrix, the length of a vector; 1 for a scalar
 * @param rank 0 scalar, 1 vector, 2 matrix
 * @param value the number of a {@link Op#LITERAL}
 * @param name the parameter or constant a {@link Op#PARAM} / {@link Op#CONST} reads; the random variable of a
 *     {@link Op#RANDOM} or {@link Op#WEIGHT}
 * @param dependsOnParams whether the value changes with the parameters, i.e. whether it has a gradient
 */
public record ExprNode(
    int id, Op op, List<ExprNode> args, int rows, int cols, int rank, double value, String name, boolean dependsOnParams) {

  public ExprNode {
    args = List.copyOf(args);
  }

  public enum Op {
    LITERAL, PARAM, CONST,
    ADD, SUB, MUL, DIV, POW, NEG,
    EXP, LOG, SQRT, ABS, SIN, COS, TANH, SIGMOID,
    SUM, MEAN, DOT, MATMUL,
    /**
     * A draw of a random variable ({@link Sampling.Draw}): {@code loc + scale·ε} with args (loc, scale), or from its
     * proposal {@code a + b·ε} without args.
     */
    RANDOM,
    /** A proposal draw's importance weight {@code normal_pdf(x; loc, scale) / normal_pdf(x; a, b)}; args (loc, scale). */
    WEIGHT;

    /** Elementwise binary operators, with a scalar operand broadcast. */
    public boolean binary() {
      return this == ADD || this == SUB || this == MUL || this == DIV || this == POW;
    }

    /** Elementwise functions of one argument. */
    public boolean unary() {
      return this == NEG || this == EXP || this == LOG || this == SQRT || this == ABS || this == SIN || this == COS
          || this == TANH || this == SIGMOID;
    }
  }

  public int size() {
    return rows * cols;
  }

  public boolean scalar() {
    return rank == 0;
  }

  public ExprNode arg(int i) {
    return args.get(i);
  }
}
