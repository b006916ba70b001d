package org.optspec.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import javax.lang.model.element.Modifier;

/** The small public accessors: name(), inputSize(), ..., parameters(), gradients(), params(). */
final class AccessorsEmitter {

  private final EmitContext ctx;

  AccessorsEmitter(EmitContext ctx) {
    this.ctx = ctx;
  }

  void methods(TypeSpec.Builder type) {
    type.addMethod(accessor("name", ClassName.get(String.class), "NAME"));
    type.addMethod(accessor("inputSize", TypeName.INT, "IN"));
    type.addMethod(accessor("outputSize", TypeName.INT, "OUT"));
    type.addMethod(accessor("parameterCount", TypeName.INT, "PARAMETER_COUNT"));
    type.addMethod(accessor("stepCount", TypeName.LONG, "step"));
    type.addMethod(widened("parameters", "params", true, "A copy of the parameters in the flat layout, widened to double."));
    type.addMethod(widened("gradients", "grads", false,
        "A copy of the gradients of the last step or {@link #computeGradients}, widened to double."));
    type.addMethod(liveParams());
  }

  /** An {@code @Override} of a {@code Trainer} method returning {@code value}. */
  private static MethodSpec accessor(String name, TypeName type, String value) {
    return MethodSpec.methodBuilder(name).addModifiers(Modifier.PUBLIC).returns(type)
        .addStatement("return $L", value)
        .addAnnotation(Override.class)
        .build();
  }

  private static MethodSpec widened(String name, String field, boolean override, String doc) {
    MethodSpec.Builder m = MethodSpec.methodBuilder(name).addModifiers(Modifier.PUBLIC).returns(double[].class)
        .addStatement("double[] copy = new double[PARAMETER_COUNT]")
        .beginControlFlow("for (int i = 0; i < PARAMETER_COUNT; i++)")
        .addStatement("copy[i] = $L[i]", field)
        .endControlFlow()
        .addStatement("return copy");
    if (override) {
      m.addAnnotation(Override.class);
    } else {
      m.addJavadoc("$L\n", doc);
    }
    return m.build();
  }

  private MethodSpec liveParams() {
    return MethodSpec.methodBuilder("params").addModifiers(Modifier.PUBLIC).returns(ctx.types().array())
        .addJavadoc("The live flat parameter array (not a copy), for tests and benchmarks.\n")
        .addStatement("return params")
        .build();
  }
}
