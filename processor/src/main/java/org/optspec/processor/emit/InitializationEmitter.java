package org.optspec.processor.emit;

import static org.optspec.processor.emit.EmitContext.constName;
import static org.optspec.processor.emit.EmitContext.constant;
import static org.optspec.processor.emit.RuntimeTypes.INIT;
import static org.optspec.processor.emit.RuntimeTypes.RNG;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import javax.lang.model.element.Modifier;
import org.optspec.processor.ir.Initializer;
import org.optspec.processor.ir.Layer;
import org.optspec.processor.ir.Param;

/** Parameter initialization: each tensor's initializer constants and {@code initParameters(Rng)}, in torch's order. */
final class InitializationEmitter {

  private final EmitContext ctx;

  InitializationEmitter(EmitContext ctx) {
    this.ctx = ctx;
  }

  void constants(TypeSpec.Builder type) {
    for (Param p : ctx.optimization().params()) {
      Initializer init = p.init();
      String c = constName(p.name());
      String doc = "Initializes {@code " + p.name() + "}: " + init.explanation();
      switch (init.kind()) {
        case UNIFORM -> {
          if (init.a() == -init.b()) {
            type.addField(constant(TypeName.DOUBLE, c + "_BOUND", CodeBlock.of("$L", init.b()), doc));
          } else {
            type.addField(constant(TypeName.DOUBLE, c + "_LOW", CodeBlock.of("$L", init.a()), doc));
            type.addField(constant(TypeName.DOUBLE, c + "_HIGH", CodeBlock.of("$L", init.b()), null));
          }
        }
        case NORMAL -> {
          type.addField(constant(TypeName.DOUBLE, c + "_MEAN", CodeBlock.of("$L", init.a()), doc));
          type.addField(constant(TypeName.DOUBLE, c + "_STD", CodeBlock.of("$L", init.b()), null));
        }
        case CONSTANT -> type.addField(constant(TypeName.DOUBLE, c + "_VALUE", CodeBlock.of("$L", init.a()), doc));
      }
    }
  }

  MethodSpec initParameters() {
    MethodSpec.Builder m = MethodSpec.methodBuilder("initParameters").addModifiers(Modifier.PRIVATE)
        .addJavadoc("Draws every parameter in layer order, weight then bias, as PyTorch does.\n")
        .addParameter(RNG, "init");
    String lastLayer = "";
    for (Param p : ctx.optimization().params()) {
      Layer layer = ctx.layer(p.layerIndex());
      if (!layer.name().equals(lastLayer)) {
        m.addComment("$L", layer.origin().describe());
        lastLayer = layer.name();
      }
      String c = constName(p.name());
      Initializer init = p.init();
      switch (init.kind()) {
        case UNIFORM -> {
          if (init.a() == -init.b()) {
            m.addStatement("$T.uniform(params, $L, $L_SIZE, -$L_BOUND, $L_BOUND, init)", INIT, c, c, c, c);
          } else {
            m.addStatement("$T.uniform(params, $L, $L_SIZE, $L_LOW, $L_HIGH, init)", INIT, c, c, c, c);
          }
        }
        case NORMAL -> m.addStatement("$T.normal(params, $L, $L_SIZE, $L_MEAN, $L_STD, init)", INIT, c, c, c, c);
        case CONSTANT -> m.addStatement("$T.constant(params, $L, $L_SIZE, $L_VALUE)", INIT, c, c, c);
      }
    }
    return m.build();
  }
}
