package org.optspec.processor.emit;

import static org.optspec.processor.emit.EmitContext.constant;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.lang.model.element.Modifier;
import org.optspec.processor.ir.ObjectiveProgram;
import org.optspec.spec.ObjectiveSpec;

/**
 * An objective's run: NAME, STEPS, STOP_BELOW, the element names, the constructor that writes the literal initial
 * values, {@code step()}, {@code minimize(listener)} and the accessors of {@code Objective}.
 */
final class ObjectiveRunEmitter {

  private final EmitContext ctx;
  private final ObjectiveProgram program;

  ObjectiveRunEmitter(EmitContext ctx, ObjectiveProgram program) {
    this.ctx = ctx;
    this.program = program;
  }

  void constants(TypeSpec.Builder type) {
    type.addField(constant(TypeName.get(String.class), "NAME", CodeBlock.of("$S", program.name()), null));
    type.addField(constant(TypeName.LONG, "STEPS", CodeBlock.of("$LL", program.steps()), "{@code steps " + program.steps() + "}"));
    program.stopBelow().ifPresent(x -> type.addField(constant(TypeName.DOUBLE, "STOP_BELOW", CodeBlock.of("$L", x),
        "{@code stop when loss < " + x + "}")));
    List<String> names = new ArrayList<>();
    for (ObjectiveSpec.Tensor t : program.tensors()) {
      names.addAll(elementNames(t));
    }
    type.addField(FieldSpec.builder(ArrayTypeName.of(String.class), "PARAMETER_NAMES", Modifier.PRIVATE,
            Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("The parameters' elements in declaration order: {@code x}, {@code w[0]}, {@code W[1,2]}.\n")
        .initializer("{$L}", CodeBlock.join(names.stream().map(n -> CodeBlock.of("$S", n)).toList(), ", "))
        .build());
    for (ObjectiveSpec.Tensor t : program.tensors()) {
      if (t.values().length > 1) {
        type.addField(FieldSpec.builder(double[].class, initialName(t), Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
            .addJavadoc("The initial value of {@code $L$L}, row-major.\n", t.name(), Arrays.toString(t.shape()))
            .initializer("{$L}", String.join(", ", Arrays.stream(t.values()).mapToObj(Double::toString).toList()))
            .build());
      }
    }
  }

  /** {@code x}; {@code w[0]}, {@code w[1]}; {@code W[0,0]}, {@code W[0,1]}, ... */
  static List<String> elementNames(ObjectiveSpec.Tensor t) {
    List<String> names = new ArrayList<>();
    int[] s = t.shape();
    if (s.length == 0) {
      names.add(t.name());
    } else if (s.length == 1) {
      for (int i = 0; i < s[0]; i++) {
        names.add(t.name() + "[" + i + "]");
      }
    } else {
      for (int r = 0; r < s[0]; r++) {
        for (int c = 0; c < s[1]; c++) {
          names.add(t.name() + "[" + r + "," + c + "]");
        }
      }
    }
    return names;
  }

  private String initialName(ObjectiveSpec.Tensor t) {
    return "INITIAL_" + offset(t);
  }

  /** The tensor's offset constant, as the plan named it. */
  private String offset(ObjectiveSpec.Tensor t) {
    return ctx.plan().tensor(t.name()).constant();
  }

  void fields(TypeSpec.Builder type) {
    type.addField(FieldSpec.builder(TypeName.LONG, "step", Modifier.PRIVATE)
        .addJavadoc("Optimizer steps taken; the schedule's clock.\n").build());
    type.addField(FieldSpec.builder(TypeName.DOUBLE, "lastLr", Modifier.PRIVATE)
        .addJavadoc("The learning rate of the last update (of the first group).\n").build());
  }

  MethodSpec constructor(StateEmitter state) {
    MethodSpec.Builder m = MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
        .addJavadoc("Allocates the flat arrays and writes the parameters' initial values from the spec.\n");
    state.allocateParameterFields(m);
    Types t = ctx.types();
    for (ObjectiveSpec.Tensor p : program.tensors()) {
      String offset = offset(p);
      if (p.values().length == 1) {
        m.addStatement("params[$L] = $L", offset, t.literal(p.values()[0]));
      } else {
        m.beginControlFlow("for (int i = 0; i < $L_SIZE; i++)", offset)
            .addStatement("params[$L + i] = $L$L[i]", offset, t.cast(), initialName(p))
            .endControlFlow();
      }
    }
    return m.build();
  }

  MethodSpec step(ClippingEmitter clipping) {
    MethodSpec.Builder m = MethodSpec.methodBuilder("step").addModifiers(Modifier.PUBLIC).returns(TypeName.DOUBLE)
        .addAnnotation(Override.class)
        .addStatement("double loss = computeGradients()");
    clipping.call(m);
    m.addStatement("update()").addStatement("step++");
    if (program.schedule().hasPlateau()) {
      // ReduceLROnPlateau.step(loss) after each optimizer step, with the loss at the parameters it started from
      m.addStatement("observePlateau(loss)");
    }
    return m.addStatement("return loss").build();
  }

  MethodSpec minimize() {
    MethodSpec.Builder m = MethodSpec.methodBuilder("minimize").addModifiers(Modifier.PUBLIC)
        .returns(RuntimeTypes.OBJECTIVE_REPORT)
        .addAnnotation(Override.class)
        .addParameter(RuntimeTypes.LISTENER, "listener");
    if (program.stopBelow().isEmpty()) {
      return m.beginControlFlow("while (step < STEPS)")
          .addStatement("double loss = step()")
          .addStatement("listener.onStep(1, step, loss, lastLr)")
          .endControlFlow()
          .addStatement(program.sampling().isPresent() ? "return new $T(step, loss(), false, lossStandardError())"
              : "return new $T(step, loss(), false)", RuntimeTypes.OBJECTIVE_REPORT)
          .build();
    }
    // the rule is checked at the parameters before each step, the initial ones included
    return m.addStatement("double loss = loss()")
        .beginControlFlow("while (step < STEPS && !(loss < STOP_BELOW))")
        .addStatement("double before = step()")
        .addStatement("listener.onStep(1, step, before, lastLr)")
        .addStatement("loss = loss()")
        .endControlFlow()
        .addStatement(program.sampling().isPresent()
            ? "return new $T(step, loss, loss < STOP_BELOW, lossStandardError())"
            : "return new $T(step, loss, loss < STOP_BELOW)", RuntimeTypes.OBJECTIVE_REPORT)
        .build();
  }

  void accessors(TypeSpec.Builder type) {
    type.addMethod(MethodSpec.methodBuilder("name").addModifiers(Modifier.PUBLIC).returns(String.class)
        .addAnnotation(Override.class).addStatement("return NAME").build());
    type.addMethod(MethodSpec.methodBuilder("steps").addModifiers(Modifier.PUBLIC).returns(TypeName.LONG)
        .addAnnotation(Override.class).addStatement("return STEPS").build());
    type.addMethod(MethodSpec.methodBuilder("stepCount").addModifiers(Modifier.PUBLIC).returns(TypeName.LONG)
        .addAnnotation(Override.class).addStatement("return step").build());
    type.addMethod(MethodSpec.methodBuilder("parameterNames").addModifiers(Modifier.PUBLIC)
        .returns(ArrayTypeName.of(String.class))
        .addAnnotation(Override.class).addStatement("return PARAMETER_NAMES.clone()").build());
    type.addMethod(declarationOrder("parameters", "params", true));
    type.addMethod(declarationOrder("gradients", "grads", false));
    type.addMethod(MethodSpec.methodBuilder("params").addModifiers(Modifier.PUBLIC).returns(ctx.types().array())
        .addJavadoc("The live flat parameter array (not a copy, in the layout of the offsets above), for tests.\n")
        .addStatement("return params").build());
  }

  /** A copy of {@code field} in declaration order (the flat layout puts groups one after another). */
  private MethodSpec declarationOrder(String name, String field, boolean override) {
    MethodSpec.Builder m = MethodSpec.methodBuilder(name).addModifiers(Modifier.PUBLIC).returns(double[].class)
        .addStatement("double[] copy = new double[PARAMETER_COUNT]")
        .addStatement("int k = 0");
    for (ObjectiveSpec.Tensor t : program.tensors()) {
      m.beginControlFlow("for (int i = 0; i < $L_SIZE; i++)", offset(t))
          .addStatement("copy[k++] = $L[$L + i]", field, offset(t))
          .endControlFlow();
    }
    m.addStatement("return copy");
    if (override) {
      m.addAnnotation(Override.class);
    } else {
      m.addJavadoc("A copy of the gradients of the last step or {@link #computeGradients}, in declaration order.\n");
    }
    return m.build();
  }
}
