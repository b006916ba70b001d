package org.optspec.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.lang.model.element.Modifier;
import org.optspec.processor.ir.ExprNode;
import org.optspec.processor.ir.ExprNode.Op;
import org.optspec.processor.ir.ObjectiveProgram;
import org.optspec.processor.ir.Sampling;
import org.optspec.spec.ObjectiveSpec;

/**
 * An objective's expression as straight-line Java: the forward pass node by node into temporaries ({@code v<id>}, a
 * local for a scalar, a preallocated {@code double[]} field for a vector or matrix), and the reverse pass that
 * walks the same nodes backwards, each adding its adjoint rule's share into its operands' adjoints ({@code d<id>})
 * and, for a parameter, into {@code grads}. Everything is evaluated in double whatever the precision.
 *
 * <p>An expectation ({@link Sampling}) evaluates its random variables' locs and scales once, checks each scale is
 * positive, then runs the body's forward and reverse passes once per draw inside one loop, its output's adjoint
 * {@code 1 / SAMPLES}; the locs' and scales' adjoints, summed over the draws, go back through their own nodes after
 * the loop. Each draw's term is kept for the standard error.
 */
final class ObjectiveExpressionEmitter {

  private static final ClassName RNG = ClassName.get(RuntimeTypes.RUNTIME, "Rng");

  private final EmitContext ctx;
  private final ObjectiveProgram program;
  private final Optional<Sampling> sampling;
  /** The first node of the per-draw body: 0 without sampling, where every node is the body. */
  private final int bodyStart;

  ObjectiveExpressionEmitter(EmitContext ctx, ObjectiveProgram program) {
    this.ctx = ctx;
    this.program = program;
    this.sampling = program.sampling();
    this.bodyStart = sampling.map(Sampling::bodyStart).orElse(0);
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
    sampling.ifPresent(smp -> samplingFields(smp, type));
  }

  private static void samplingFields(Sampling smp, TypeSpec.Builder type) {
    type.addField(EmitContext.constant(TypeName.INT, "SAMPLES", com.palantir.javapoet.CodeBlock.of("$L", smp.samples()),
        "{@code mean over " + smp.samples() + " samples of ...}: the draws of each estimate"));
    type.addField(EmitContext.constant(TypeName.INT, "RANDOM_VARIABLES",
        com.palantir.javapoet.CodeBlock.of("$L", smp.randomVariables()),
        "The random variables, one standard normal each per draw: "
            + String.join(", ", smp.draws().stream().map(Sampling.Draw::name).toList())));
    type.addField(EmitContext.constant(TypeName.LONG, "SEED", com.palantir.javapoet.CodeBlock.of("$LL", smp.seed()),
        "{@code seed " + smp.seed() + "}: the stream the draws come from"));
    type.addField(FieldSpec.builder(RNG, "rng", Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("The draws' stream; step k reads it from its (2 · SAMPLES · RANDOM_VARIABLES · k)-th long on.\n")
        .initializer("new $T(SEED)", RNG).build());
    type.addField(FieldSpec.builder(double[].class, "noise", Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("This step's standard normals: draw s of random variable r at s · RANDOM_VARIABLES + r.\n")
        .initializer("new double[SAMPLES * RANDOM_VARIABLES]").build());
    type.addField(FieldSpec.builder(TypeName.LONG, "noiseStep", Modifier.PRIVATE)
        .addJavadoc("The step whose standard normals {@link #noise} holds.\n").initializer("-1").build());
    type.addField(FieldSpec.builder(double[].class, "draws", Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("The last estimate's terms, one per draw, for its standard error.\n")
        .initializer("new double[SAMPLES]").build());
    type.addField(FieldSpec.builder(TypeName.DOUBLE, "lossStandardError", Modifier.PRIVATE)
        .addJavadoc("The standard error of the last estimate, std(draws, ddof=1) / sqrt(SAMPLES).\n").build());
  }

  /** {@code loss()} and {@code computeGradients()}. */
  void methods(TypeSpec.Builder type) {
    if (sampling.isPresent()) {
      sampledMethods(type);
      return;
    }
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

  /** An expectation's {@code loss()} and {@code computeGradients()}, the draws, the standard error. */
  private void sampledMethods(TypeSpec.Builder type) {
    MethodSpec.Builder loss = MethodSpec.methodBuilder("loss").addModifiers(Modifier.PUBLIC).returns(double.class)
        .addAnnotation(Override.class)
        .addJavadoc("The estimate at the current parameters, with the draws the next step uses.\n");
    prelude(loss);
    loss.addStatement("double sum = 0")
        .beginControlFlow("for (int sample = 0; sample < SAMPLES; sample++)");
    forward(loss, bodyStart, program.nodes().size());
    loss.addStatement("draws[sample] = $L", value(program.output()))
        .addStatement("sum += $L", value(program.output()))
        .endControlFlow();
    type.addMethod(estimate(loss).build());

    MethodSpec.Builder grad = MethodSpec.methodBuilder("computeGradients").addModifiers(Modifier.PUBLIC)
        .returns(double.class)
        .addJavadoc("The estimate at the current parameters, and its gradient into {@code grads}: the mean over the "
            + "draws of each draw's reverse pass.\n");
    prelude(grad);
    grad.addComment("reverse mode: each node adds its share of dLoss/d(node) into its operands, the last node first")
        .addStatement("$T.fill(grads, 0)", Arrays.class);
    declareAdjoints(grad, 0, bodyStart);
    grad.addStatement("double sum = 0")
        .beginControlFlow("for (int sample = 0; sample < SAMPLES; sample++)");
    forward(grad, bodyStart, program.nodes().size());
    grad.addStatement("draws[sample] = $L", value(program.output()))
        .addStatement("sum += $L", value(program.output()));
    declareAdjoints(grad, bodyStart, program.nodes().size());
    reverse(grad, bodyStart, program.nodes().size());
    grad.endControlFlow();
    if (program.nodes().subList(0, bodyStart).stream().anyMatch(n -> n.dependsOnParams() && !n.args().isEmpty())) {
      grad.addComment("the locs and scales, their adjoints summed over the draws");
      reverse(grad, 0, bodyStart);
    }
    type.addMethod(estimate(grad).build());

    type.addMethod(MethodSpec.methodBuilder("drawNoise").addModifiers(Modifier.PRIVATE)
        .addJavadoc("This step's standard normals, once per step: the seed's stream from its "
            + "(2 · SAMPLES · RANDOM_VARIABLES · step)-th long on.\n")
        .beginControlFlow("if (noiseStep == step)").addStatement("return").endControlFlow()
        .addStatement("rng.setState(SEED)")
        .addStatement("rng.advance(2L * SAMPLES * RANDOM_VARIABLES * step)")
        .beginControlFlow("for (int i = 0; i < noise.length; i++)")
        .addStatement("noise[i] = rng.nextGaussian()")
        .endControlFlow()
        .addStatement("noiseStep = step").build());
    type.addMethod(MethodSpec.methodBuilder("standardError").addModifiers(Modifier.PRIVATE).returns(double.class)
        .addParameter(double.class, "mean")
        .addJavadoc("std(draws, ddof=1) / sqrt(SAMPLES), the spread of the draws around their mean.\n")
        .addStatement("double squares = 0")
        .beginControlFlow("for (int sample = 0; sample < SAMPLES; sample++)")
        .addStatement("double d = draws[sample] - mean")
        .addStatement("squares += d * d")
        .endControlFlow()
        .addStatement("return Math.sqrt(squares / (SAMPLES - 1) / SAMPLES)").build());
    type.addMethod(MethodSpec.methodBuilder("samples").addModifiers(Modifier.PUBLIC).returns(int.class)
        .addAnnotation(Override.class).addStatement("return SAMPLES").build());
    type.addMethod(MethodSpec.methodBuilder("lossStandardError").addModifiers(Modifier.PUBLIC).returns(double.class)
        .addAnnotation(Override.class).addStatement("return lossStandardError").build());
  }

  /** The draws, then the locs and scales once, each scale checked positive. */
  private void prelude(MethodSpec.Builder m) {
    m.addStatement("drawNoise()");
    forward(m, 0, bodyStart);
    for (Sampling.Draw d : sampling.orElseThrow().draws()) {
      String scale = read(d.scale(), "0");
      m.beginControlFlow("if (!($L > 0))", scale)
          .addStatement("throw new $T(step + 1, $S, $L, $S)", RuntimeTypes.DIVERGENCE, "the scale of " + d.name(), scale,
              "positive")
          .endControlFlow();
    }
  }

  /** The mean of the draws and its standard error. */
  private static MethodSpec.Builder estimate(MethodSpec.Builder m) {
    return m.addStatement("double loss = sum / SAMPLES")
        .addStatement("lossStandardError = standardError(loss)")
        .addStatement("return loss");
  }

  private void forward(MethodSpec.Builder m) {
    forward(m, 0, program.nodes().size());
  }

  /** The forward pass of nodes {@code from..to}; the first range (from 0) says where the expression comes from. */
  private void forward(MethodSpec.Builder m, int from, int to) {
    if (from == 0) {
      m.addComment("$L", program.minimizeOrigin().describe());
    }
    for (ExprNode n : program.nodes().subList(from, to)) {
      if (!computed(n)) {
        continue;
      }
      m.addComment("$L", describe(n));
      switch (n.op()) {
        case SUM, MEAN -> reduce(n, m);
        case DOT, MATMUL -> matmul(n, m);
        case RANDOM -> random(n, m);
        case WEIGHT -> weight(n, m);
        default -> elementwise(n, m);
      }
    }
  }

  /** {@code noise[sample · RANDOM_VARIABLES + r]}, the draw's standard normal. */
  private String noise(ExprNode n) {
    return "noise[sample * RANDOM_VARIABLES + " + sampling.orElseThrow().draw(n.name()).column() + "]";
  }

  /** {@code x = loc + scale·ε}, or from the proposal {@code x = a + b·ε}. */
  private void random(ExprNode n, MethodSpec.Builder m) {
    Sampling.Draw d = sampling.orElseThrow().draw(n.name());
    if (d.proposal().isPresent()) {
      m.addStatement("double $L = $L + $L * $L", value(n), number(d.proposal().get().loc()),
          number(d.proposal().get().scale()), noise(n));
    } else {
      m.addStatement("double $L = $L + $L * $L", value(n), read(n.arg(0), "0"), read(n.arg(1), "0"), noise(n));
    }
  }

  /**
   * p(x)/q(x) for x = a + b·ε drawn from the proposal normal(a, b): with z = (x − loc)/scale, (b/scale)·exp(ε²/2 − z²/2).
   */
  private void weight(ExprNode n, MethodSpec.Builder m) {
    Sampling.Proposal q = sampling.orElseThrow().draw(n.name()).proposal().orElseThrow();
    String e = noise(n);
    String loc = read(n.arg(0), "0");
    String scale = read(n.arg(1), "0");
    m.addStatement("double z$L = ($L + $L * $L - $L) / $L", n.id(), number(q.loc()), number(q.scale()), e, loc, scale)
        .addStatement("double $L = $L / $L * Math.exp(0.5 * $L * $L - 0.5 * z$L * z$L)", value(n), number(q.scale()),
            scale, e, e, n.id(), n.id());
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
    declareAdjoints(m, 0, program.nodes().size());
    reverse(m, 0, program.nodes().size());
  }

  /** The adjoints of nodes {@code from..to}: 0, and the output's 1 (1 / SAMPLES for a draw's term). */
  private void declareAdjoints(MethodSpec.Builder m, int from, int to) {
    for (ExprNode n : program.nodes().subList(from, to)) {
      if (hasAdjoint(n)) {
        if (n.scalar()) {
          String seed = n != program.output() ? "0" : sampling.isPresent() ? "1.0 / SAMPLES" : "1";
          m.addStatement("double $L = $L", adjoint(n), seed);
        } else {
          m.addStatement("$T.fill($L, 0)", Arrays.class, adjoint(n));
        }
      }
    }
  }

  /** The reverse pass over nodes {@code from..to}, the last first. */
  private void reverse(MethodSpec.Builder m, int from, int to) {
    List<ExprNode> nodes = program.nodes();
    for (int j = to - 1; j >= from; j--) {
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
        case RANDOM -> randomBackward(n, m);
        case WEIGHT -> weightBackward(n, m);
        default -> elementwiseBackward(n, m);
      }
    }
  }

  /** x = loc + scale·ε: g to loc, g·ε to scale. */
  private void randomBackward(ExprNode n, MethodSpec.Builder m) {
    if (n.arg(0).dependsOnParams()) {
      m.addStatement("$L", accumulate(n.arg(0), "0", adjoint(n)));
    }
    if (n.arg(1).dependsOnParams()) {
      m.addStatement("$L", accumulate(n.arg(1), "0", adjoint(n) + " * " + noise(n)));
    }
  }

  /** w = (b/σ)·exp(ε²/2 − z²/2), z = (x − μ)/σ: dw/dμ = w·z/σ, dw/dσ = w·(z² − 1)/σ. */
  private void weightBackward(ExprNode n, MethodSpec.Builder m) {
    String scale = read(n.arg(1), "0");
    String z = "z" + n.id();
    if (n.arg(0).dependsOnParams()) {
      m.addStatement("$L", accumulate(n.arg(0), "0", adjoint(n) + " * " + value(n) + " * " + z + " / " + scale));
    }
    if (n.arg(1).dependsOnParams()) {
      m.addStatement("$L", accumulate(n.arg(1), "0",
          adjoint(n) + " * " + value(n) + " * (" + z + " * " + z + " - 1) / " + scale));
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
    return !n.args().isEmpty() || n.op() == Op.RANDOM;
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
    if (n.op() == Op.RANDOM) {
      Optional<Sampling.Proposal> q = sampling.orElseThrow().draw(n.name()).proposal();
      rhs = n.name() + " = " + (q.isPresent() ? q.get().loc() + " + " + q.get().scale() : args.get(0) + " + " + args.get(1))
          + "·ε, a draw" + (q.isPresent() ? " from the proposal" : "");
    } else if (n.op() == Op.WEIGHT) {
      rhs = "normal_pdf(" + n.name() + "; " + args.get(0) + ", " + args.get(1) + ") / proposal_pdf(" + n.name() + ")";
    } else if (n.op().binary()) {
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
