package org.optspec.processor.emit;

import static org.optspec.processor.emit.RuntimeTypes.HEADER;
import static org.optspec.processor.emit.RuntimeTypes.PIPELINE;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import javax.lang.model.element.Modifier;
import org.optspec.processor.ir.DataSource;

/** The spec's data section as {@code public static DataPipeline data()}, and {@code Trainer.dataPipeline()} from it. */
final class DataPipelineEmitter {

  private final DataSource d;

  DataPipelineEmitter(EmitContext ctx) {
    this.d = ctx.program().data();
  }

  MethodSpec data() {
    CodeBlock.Builder chain = CodeBlock.builder().add("return $T.csv($S)", PIPELINE, d.file()).indent();
    if (d.target() != -1) {
      chain.add("\n.target($L)", d.target());
    }
    d.header().ifPresent(h -> chain.add("\n.header($T.$L)", HEADER, h ? "PRESENT" : "ABSENT"));
    if (!d.columns().isEmpty()) {
      chain.add("\n.columns($L)", CodeBlock.join(d.columns().stream().map(c -> CodeBlock.of("$S", c)).toList(), ", "));
    }
    chain.add("\n.inputs(IN)");
    if (d.input().kind() == DataSource.Input.Kind.PAIRS) {
      chain.add("\n.ids($L, $L)", d.input().users(), d.input().items());
    }
    chain.add(d.classes().isPresent() ? "\n.classes(OUT)" : "\n.targets(OUT)");
    if (!d.preprocessing().isEmpty()) {
      chain.add("\n.preprocess(PREPROCESSING)");
    }
    if (d.hasSplit()) {
      chain.add("\n.split($L, $L, $LL)", d.testFraction(), d.validationFraction(), d.splitSeed());
    }
    chain.add("\n.build();\n").unindent();
    return MethodSpec.methodBuilder("data").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .addJavadoc("The spec's data section: $L\n", d.origin().describe())
        .returns(PIPELINE)
        .addCode(chain.build())
        .build();
  }

  /** {@code Trainer.dataPipeline()}: the same pipeline, for callers that hold a trainer rather than its class. */
  MethodSpec dataPipeline() {
    return MethodSpec.methodBuilder("dataPipeline").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
        .returns(PIPELINE)
        .addStatement("return data()")
        .build();
  }
}
