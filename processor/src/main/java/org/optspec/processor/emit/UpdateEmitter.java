package org.optspec.processor.emit;

import static org.optspec.processor.emit.EmitContext.camel;
import static org.optspec.processor.emit.EmitContext.constName;
import static org.optspec.processor.emit.EmitContext.constant;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import javax.lang.model.element.Modifier;
import org.optspec.processor.ir.Optimizer;

/** The optimizer's constants, {@code update()} and one fused {@code update<Group>(lr)} per group, via {@link ChainEmitter}. */
final class UpdateEmitter {

  private final EmitContext ctx;
  private final Optimizer opt;
  private final ChainEmitter emitter;
  private final HyperParameters hp;

  UpdateEmitter(EmitContext ctx) {
    this.ctx = ctx;
    this.opt = ctx.optimization().optimizer();
    this.emitter = new ChainEmitter(ctx);
    this.hp = new HyperParameters(opt);
  }

  /** {@code LR} and the other hyper-parameters, then each group's own values ({@code BIASES_LR}, ...). */
  void constants(TypeSpec.Builder type) {
    type.addField(constant(TypeName.DOUBLE, "LR", CodeBlock.of("$L", hp.base("lr")), opt.origin().describe()));
    for (String h : opt.hyperParameters()) {
      if (!h.equals("lr")) {
        type.addField(constant(TypeName.DOUBLE, constName(h), CodeBlock.of("$L", hp.base(h)), null));
      }
    }
    for (Optimizer.Group g : opt.groups()) {
      for (String h : g.overridden()) {
        if (hp.ownConstant(g, h) && HyperParameters.numeric(g, h) && opt.hyperParameters().contains(h)) {
          type.addField(constant(TypeName.DOUBLE, HyperParameters.groupConstant(g, h),
              CodeBlock.of("$L", HyperParameters.value(g, h)), g.origin().describe()));
        }
      }
    }
  }

  /** {@code update()} and then each group's update method. */
  void methods(TypeSpec.Builder type) {
    MethodSpec.Builder m = MethodSpec.methodBuilder("update").addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L\n<p>The learning rate of this step from the schedule, then one fused loop per parameter group.\n",
            opt.origin().describe())
        .addStatement("double lr = scheduled(LR, step)")
        .addStatement("lastLr = lr");
    emitter.beforeGroups(m);
    for (Optimizer.Group g : opt.groups()) {
      String lr = g.overridden().contains("lr") ? CodeBlock.of("scheduled($L, step)", hp.constant(g, "lr")).toString() : "lr";
      m.addStatement("$L($L)", groupMethod(g), lr);
    }
    type.addMethod(m.build());
    for (Optimizer.Group g : opt.groups()) {
      type.addMethod(groupUpdate(g));
    }
    emitter.helpers(type);
  }

  private static String groupMethod(Optimizer.Group g) {
    return "update" + camel(g.name());
  }

  private MethodSpec groupUpdate(Optimizer.Group g) {
    MethodSpec.Builder m = MethodSpec.methodBuilder(groupMethod(g)).addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L\n<p>Group {@code $L}: $L.\n", g.origin().describe(), g.name(), String.join(", ", g.params()))
        .addParameter(TypeName.DOUBLE, "lr");
    emitter.groupBody(g, m);
    return m.build();
  }
}
