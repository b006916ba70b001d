package org.optspec.processor.emit;

import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.lang.model.element.Modifier;
import org.optspec.processor.ir.ExprNode;
import org.optspec.processor.ir.ExprNode.Op;
import org.optspec.processor.ir.ObjectiveProgram;
import org.optspec.spec.ObjectiveSpec;

/**
 * An objective's expression as straight-line Java: the forward pass node by node into temporaries ({@code v<id>}, a
 * local for a scalar, a preallocated {@code double[]} field for a vector or matrix), and the reverse pass that
 * walks the same nodes backwards, each adding its adjoint rule's share into its operands' adjoints ({@code d<id>})
 * and, for a parameter, into {@code grads}. Everything is evaluated in double whatever the precision.
 */
final class ObjectiveExpressionEmitter {

  private final EmitContext ctx;
  private final ObjectiveProgram program;

  ObjectiveExpressionEmitter(EmitContext ctx, ObjectiveProgram program) {
    this.ctx = ctx;
    this.program = program;
  }

  /** The constant tensors ({@code CONST_A}) and the temporaries' fields. */
  void fields(TypeSpec.Builder type) {
    for (ObjectiveSpec.Tensor c : program.constants()) {
      if (c.values().length > 1 || c.shape().length > 0) {
        String values = String.join(", ", Arrays.stream(c.values()).mapToObj(Double::toString).toList());
        type.addField(FieldSpec.builder(double[].class, constantField(c.name()), Modifier.PRIVATE, Modifier.STATIC,
                Modifier.FINAL)
            .addJavadoc("{@code const $L$L}, row-major.\n", c.name(), Arrays.toString(c.shape()))
            .initializer("{$L}", values).build());
      }
    }
    for (ExprNode n : program.nodes()) {
      if (!n.scalar() && computed(n)) {
        type.addField(FieldSpec.builder(double[].class, value(n), Modifier.PRIVATE, Modifier.FINAL)
            .addJavadoc("$L, $L.\n", describe(n), shape(n)).initializer("new double[$L]", n.size()).build());
      }
    }
    for (ExprNode n : program.nodes()) {
      if (!n.scalar() && hasAdjoint(n)) {
        type.addField(FieldSpec.builder(double[].class, adjoint(n), Modifier.PRIVATE, Modifier.FINAL)
            .addJavadoc("dLoss/d$L.\n", value(n)).initializer("new double[$L]", n.size()).build());
      }
    }
  }

  /** {@code loss()} and {@code computeGradients()}. */
  void methods(TypeSpec.Builder type) {
    MethodSpec.Builder loss = MethodSpec.methodBuilder("loss").addModifiers(Modifier.PUBLIC).returns(double.class)
        .addAnnotation(Override.class);
    forward(loss);
    type.addMethod(loss.addStatement("return $L", value(program.output())).build());

    MethodSpec.Builder grad = MethodSpec.methodBuilder("computeGradients").addModifiers(Modifier.PUBLIC)
        .returns(double.class)
        .addJavadoc("The loss at the current parameters, and its gradient into {@code grads} (reverse mode).\n");
    forward(grad);
    backward(grad);
    type.addMethod(grad.addStatement("return $L", value(program.output())).build());
  }

  private void forward(MethodSpec.Builder m) {
    m.addComment("$L", program.minimizeOrigin().describe());
    for (ExprNode n : program.nodes()) {
      if (!computed(n)) {
        continue;
      }
      m.addComment("$L", describe(n));
      switch (n.op()) {
        case SUM, MEAN -> reduce(n, m);
        case DOT, MATMUL -> matmul(n, m);
        default -> elementwise(n, m);
      }
    }
  }

  private void elementwise(ExprNode n, MethodSpec.Builder m) {
    if (n.scalar()) {
      m.addStatement("double $L = $L", value(n), elementValue(n, "0"));
      return;
    }
    m.beginControlFlow("for (int i = 0; i < $L; i++)", n.size())
        .addStatement("$L[i] = $L", value(n), elementValue(n, "i"))
        .endControlFlow();
  }

  private String elementValue(ExprNode n, String i) {
    String a = read(n.arg(0), i);
    if (n.op().unary()) {
      return switch (n.op()) {
        case NEG -> "-" + a;
        case SIGMOID -> "1 / (1 + Math.exp(-" + a + "))";
        default -> "Math." + n.op().name().toLowerCase(Locale.ROOT) + "(" + a + ")";
      };
    }
    String b = read(n.arg(1), i);
    return switch (n.op()) {
      case ADD -> a + " + " + b;
      case SUB -> a + " - " + b;
      case MUL -> a + " * " + b;
      case DIV -> a + " / " + b;
      case POW -> isLiteral(n.arg(1), 2) ? a + " * " + a : "Math.pow(" + a + ", " + b + ")";
      default -> throw new IllegalArgumentException(n.op().toString());
    };
  }

  private void reduce(ExprNode n, MethodSpec.Builder m) {
    ExprNode a = n.arg(0);
    m.addStatement("double $L = 0", value(n))
        .beginControlFlow("for (int i = 0; i < $L; i++)", a.size())
        .addStatement("$L += $L", value(n), read(a, "i"))
        .endControlFlow();
    if (n.op() == Op.MEAN) {
      m.addStatement("$L /= $L", value(n), a.size());
    }
  }

  /** The dimensions of a product: a[rows × inner] · b[inner × cols], a vector being one row (left) or column (right). */
  private record Product(int rows, int inner, int cols) {
    static Product of(ExprNode n) {
      ExprNode a = n.arg(0);
      return new Product(a.rank() == 2 ? a.rows() : 1, a.cols(), n.arg(1).rank() == 2 ? n.arg(1).cols() : 1);
    }
  }

  private void matmul(ExprNode n, MethodSpec.Builder m) {
    Product p = Product.of(n);
    if (n.scalar()) {
      m.addStatement("double $L = 0", value(n))
          .beginControlFlow("for (int k = 0; k < $L; k++)", p.inner())
          .addStatement("$L += $L * $L", value(n), read(n.arg(0), "k"), read(n.arg(1), "k"))
          .endControlFlow();
      return;
    }
    // a 1 × 1 product opens no loop: a block keeps its local s from clashing with another's
    boolean bare = p.rows() == 1 && p.cols() == 1;
    if (bare) {
      m.addCode("{\n$>");
    }
    String r = open(m, "r", p.rows());
    String c = open(m, "c", p.cols());
    m.addStatement("double s = 0")
        .beginControlFlow("for (int k = 0; k < $L; k++)", p.inner())
        .addStatement("s += $L * $L", read(n.arg(0), index(r, p.inner(), "k")), read(n.arg(1), index("k", p.cols(), c)))
        .endControlFlow()
        .addStatement("$L[$L] = s", value(n), index(r, p.cols(), c));
    close(m, p.rows());
    close(m, p.cols());
    if (bare) {
      m.addCode("$<}\n");
    }
  }

  /** Opens {@code for (var = 0; var < size; var++)} and returns {@code var}, or returns {@code 0} when size is 1. */
  private static String open(MethodSpec.Builder m, String var, int size) {
    if (size == 1) {
      return "0";
    }
    m.beginControlFlow("for (int $L = 0; $L < $L; $L++)", var, var, size, var);
    return var;
  }

  private static void close(MethodSpec.Builder m, int size) {
    if (size != 1) {
      m.endControlFlow();
    }
  }

  private void backward(MethodSpec.Builder m) {
    m.addComment("reverse mode: each node adds its share of dLoss/d(node) into its operands, the last node first");
    m.addStatement("$T.fill(grads, 0)", Arrays.class);
    List<ExprNode> nodes = program.nodes();
    for (ExprNode n : nodes) {
      if (hasAdjoint(n)) {
        if (n.scalar()) {
          m.addStatement("double $L = $L", adjoint(n), n == program.output() ? "1" : "0");
        } else {
          m.addStatement("$T.fill($L, 0)", Arrays.class, adjoint(n));
        }
      }
    }
    for (int j = nodes.size() - 1; j >= 0; j--) {
      ExprNode n = nodes.get(j);
      if (!n.dependsOnParams() || n.args().isEmpty()) {
        continue;
      }
      m.addComment("d($L)", describe(n));
      switch (n.op()) {
        case SUM, MEAN -> {
          String share = n.op() == Op.MEAN ? adjoint(n) + " / " + n.arg(0).size() : adjoint(n);
          loopOver(n.arg(0), m, i -> accumulate(n.arg(0), i, share));
        }
        case DOT, MATMUL -> matmulBackward(n, m);
        default -> elementwiseBackward(n, m);
      }
    }
  }

  private interface Body {
    String at(String i);
  }

  /** A statement for each element of {@code n} (one statement when it is a scalar). */
  private static void loopOver(ExprNode n, MethodSpec.Builder m, Body body) {
    if (n.scalar()) {
      m.addStatement("$L", body.at("0"));
    } else {
      m.beginControlFlow("for (int i = 0; i < $L; i++)", n.size()).addStatement("$L", body.at("i")).endControlFlow();
    }
  }

  private void elementwiseBackward(ExprNode n, MethodSpec.Builder m) {
    List<String> statements = new java.util.ArrayList<>();
    String i = n.scalar() ? "0" : "i";
    String g = readAdjoint(n, i);
    String y = read(n, i);
    ExprNode a = n.arg(0);
    String av = read(a, i);
    if (n.op().unary()) {
      if (a.dependsOnParams()) {
        String share = switch (n.op()) {
          case NEG -> "-" + g;
          case EXP -> g + " * " + y;
          case LOG -> g + " / " + av;
          case SQRT -> g + " / (2 * " + y + ")";
          // torch: abs' = sign(x), 0 at 0
          case ABS -> g + " * Math.signum(" + av + ")";
          case SIN -> g + " * Math.cos(" + av + ")";
          case COS -> g + " * -Math.sin(" + av + ")";
          case TANH -> g + " * (1 - " + y + " * " + y + ")";
          case SIGMOID -> g + " * (1 - " + y + ") * " + y;
          default -> throw new IllegalArgumentException(n.op().toString());
        };
        statements.add(accumulate(a, i, share));
      }
    } else {
      ExprNode b = n.arg(1);
      String bv = read(b, i);
      String da = null;
      String db = null;
      switch (n.op()) {
        case ADD -> {
          da = g;
          db = g;
        }
        case SUB -> {
          da = g;
          db = "-" + g;
        }
        case MUL -> {
          da = g + " * " + bv;
          db = g + " * " + av;
        }
        case DIV -> {
          da = g + " / " + bv;
          db = "-" + g + " * " + av + " / (" + bv + " * " + bv + ")";
        }
        case POW -> {
          if (!b.dependsOnParams()) {
            // x^c with constant c: c·x^(c−1), and 0 when c = 0 (torch's pow_backward)
            if (b.op() == Op.LITERAL) {
              da = b.value() == 0 ? null
                  : b.value() == 2 ? g + " * 2 * " + av
                  : g + " * " + b.value() + " * Math.pow(" + av + ", " + (b.value() - 1) + ")";
            } else {
              da = "(" + bv + " == 0 ? 0 : " + g + " * " + bv + " * Math.pow(" + av + ", " + bv + " - 1))";
            }
          } else {
            // a^b: b·a^(b−1) and a^b·log(a), each 0 where torch's pow_backward masks it
            da = "(" + bv + " == 0 ? 0 : " + g + " * " + bv + " * Math.pow(" + av + ", " + bv + " - 1))";
            db = "(" + av + " == 0 && " + bv + " >= 0 ? 0 : " + g + " * " + y + " * Math.log(" + av + "))";
          }
        }
        default -> throw new IllegalArgumentException(n.op().toString());
      }
      if (a.dependsOnParams() && da != null) {
        statements.add(accumulate(a, i, da));
      }
      if (b.dependsOnParams() && db != null) {
        statements.add(accumulate(b, i, db));
      }
    }
    if (n.scalar()) {
      statements.forEach(s -> m.addStatement("$L", s));
    } else {
      m.beginControlFlow("for (int i = 0; i < $L; i++)", n.size());
      statements.forEach(s -> m.addStatement("$L", s));
      m.endControlFlow();
    }
  }

  private void matmulBackward(ExprNode n, MethodSpec.Builder m) {
    Product p = Product.of(n);
    ExprNode a = n.arg(0);
    ExprNode b = n.arg(1);
    String r = open(m, "r", p.rows());
    String c = open(m, "c", p.cols());
    String ai = index(r, p.inner(), "k");
    String bi = index("k", p.cols(), c);
    // inside loops the output element's adjoint is read once into g; a 1 × 1 product reads it in place
    String g = readAdjoint(n, index(r, p.cols(), c));
    if (p.rows() != 1 || p.cols() != 1) {
      m.addStatement("double g = $L", g);
      g = "g";
    }
    m.beginControlFlow("for (int k = 0; k < $L; k++)", p.inner());
    if (a.dependsOnParams()) {
      m.addStatement("$L", accumulate(a, ai, g + " * " + read(b, bi)));
    }
    if (b.dependsOnParams()) {
      m.addStatement("$L", accumulate(b, bi, read(a, ai) + " * " + g));
    }
    m.endControlFlow();
    close(m, p.rows());
    close(m, p.cols());
  }

  /** {@code row * width + col}, simplified where a dimension is 1 or a loop variable is the constant 0. */
  private static String index(String row, int width, String col) {
    if (width == 1) {
      return row;
    }
    return row.equals("0") ? col : row + " * " + width + " + " + col;
  }

  /** Adds {@code share} to the adjoint of element {@code i} of {@code n}: into {@code grads} for a parameter. */
  private String accumulate(ExprNode n, String i, String share) {
    if (n.op() == Op.PARAM) {
      return "grads[" + offset(n, i) + "] += " + ctx.types().castExpr(share);
    }
    return (n.scalar() ? adjoint(n) : adjoint(n) + "[" + i + "]") + " += " + share;
  }

  private String readAdjoint(ExprNode n, String i) {
    return n.scalar() ? adjoint(n) : adjoint(n) + "[" + i + "]";
  }

  /** Element {@code i} of {@code n}'s value, as a double expression; a scalar ignores {@code i} (broadcasting). */
  private String read(ExprNode n, String i) {
    return switch (n.op()) {
      case LITERAL -> number(n.value());
      case PARAM -> ctx.types().widen() + "params[" + offset(n, i) + "]";
      case CONST -> n.scalar() ? number(program.constants().stream().filter(c -> c.name().equals(n.name()))
          .findFirst().orElseThrow().values()[0]) : constantField(n.name()) + "[" + i + "]";
      default -> n.scalar() ? value(n) : value(n) + "[" + i + "]";
    };
  }

  /** A number inlined into an expression: in parentheses when negative, so {@code -} before it stays binary. */
  private static String number(double v) {
    String s = Double.toString(v);
    return s.startsWith("-") ? "(" + s + ")" : s;
  }

  private String offset(ExprNode n, String i) {
    String base = ctx.plan().tensor(n.name()).constant();
    return n.scalar() ? base : base + " + " + i;
  }

  private static boolean isLiteral(ExprNode n, double v) {
    return n.op() == Op.LITERAL && n.value() == v;
  }

  /** Whether the node is computed into a temporary (literals, parameters and constants are read in place). */
  private static boolean computed(ExprNode n) {
    return !n.args().isEmpty();
  }

  /** Whether the node gets an adjoint temporary: computed and depending on a parameter. */
  private static boolean hasAdjoint(ExprNode n) {
    return computed(n) && n.dependsOnParams();
  }

  /** {@code CONST_A}; a name that differs from an earlier constant's only in case gets its index ({@code CONST_A_1}). */
  private String constantField(String name) {
    List<ObjectiveSpec.Tensor> constants = program.constants();
    String field = "CONST_" + EmitContext.constName(name);
    for (int i = 0; i < constants.size(); i++) {
      if (constants.get(i).name().equals(name)) {
        return field;
      }
      if (EmitContext.constName(constants.get(i).name()).equals(EmitContext.constName(name))) {
        return field + "_" + program.constants().stream().map(ObjectiveSpec.Tensor::name).toList().indexOf(name);
      }
    }
    throw new IllegalArgumentException("no constant " + name);
  }

  private static String value(ExprNode n) {
    return "v" + n.id();
  }

  private static String adjoint(ExprNode n) {
    return "d" + n.id();
  }

  private static String shape(ExprNode n) {
    return n.rank() == 2 ? "[" + n.rows() + ", " + n.cols() + "]" : "[" + n.cols() + "]";
  }

  /** {@code v4 = v2 ^ 2.0}, {@code v7 = matmul(A, w)}: a node in terms of its operands. */
  private String describe(ExprNode n) {
    List<String> args = n.args().stream().map(ObjectiveExpressionEmitter::operand).toList();
    String rhs;
    if (n.op().binary()) {
      String op = switch (n.op()) {
        case ADD -> "+";
        case SUB -> "-";
        case MUL -> "*";
        case DIV -> "/";
        default -> "^";
      };
      rhs = args.get(0) + " " + op + " " + args.get(1);
    } else if (n.op() == Op.NEG) {
      rhs = "-" + args.get(0);
    } else {
      rhs = n.op().name().toLowerCase(Locale.ROOT) + "(" + String.join(", ", args) + ")";
    }
    return value(n) + " = " + rhs;
  }

  private static String operand(ExprNode n) {
    return switch (n.op()) {
      case LITERAL -> Double.toString(n.value());
      case PARAM, CONST -> n.name();
      default -> "v" + n.id();
    };
  }
}
