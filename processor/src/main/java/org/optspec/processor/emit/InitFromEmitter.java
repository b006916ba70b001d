package org.optspec.processor.emit;

import static org.optspec.processor.emit.RuntimeTypes.INITIAL_WEIGHTS;

import com.palantir.javapoet.MethodSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;
import org.optspec.processor.ir.Layer;
import org.optspec.processor.ir.Param;
import org.optspec.processor.ir.TrainingProgram;
import org.optspec.processor.plan.MemoryPlan;

/**
 * {@code initFrom(Path)}: the starting weights from a safetensors file written elsewhere, by our names
 * ({@code dense0.weight}) or by the names a torch {@code nn.Sequential} of the same layers gives them (the
 * layer's position in the model: {@code 0.weight}; an {@code nn.RNN}'s {@code 0.weight_ih_l0}). Every tensor is
 * checked ({@code InitialWeights}) before any is copied; batchnorm's running statistics are taken when the file
 * has them. Only parameters (and those statistics) change: step, optimizer state and RNG stay those of a fresh
 * trainer, which is why a trainer that has stepped refuses.
 */
final class InitFromEmitter {

  private final EmitContext ctx;
  private final TrainingProgram program;
  private final MemoryPlan plan;

  InitFromEmitter(EmitContext ctx) {
    this.ctx = ctx;
    this.program = ctx.program();
    this.plan = ctx.plan();
  }

  MethodSpec initFrom() {
    MethodSpec.Builder m = MethodSpec.methodBuilder("initFrom").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
        .addParameter(Path.class, "path")
        .beginControlFlow("if (step != 0)")
        .addStatement("throw new IllegalStateException($S + step + $S)", "initFrom is for a fresh trainer; this one has taken ",
            " steps")
        .endControlFlow()
        .addStatement("$T weights = $T.read(path, NAME)", INITIAL_WEIGHTS, INITIAL_WEIGHTS)
        .addComment("check every name and shape before changing anything; the second name is torch's in an nn.Sequential");
    for (Param p : program.params()) {
      Layer layer = program.layers().get(p.layerIndex());
      m.addStatement("weights.expect($S, $S, $S, $L)", p.name(), torchName(p, layer), layer.origin().describe(),
          shapeArgs(TensorShapes.of(program, p.name())));
    }
    for (RunningStatistic s : runningStatistics()) {
      m.addStatement("weights.allow($S, $S, $S, $L.length)", s.name(), s.torchName(), s.layer().origin().describe(), s.field());
    }
    m.addStatement("weights.refuseOthers()");
    for (Param p : program.params()) {
      m.addStatement("weights.copy($S, params, $L)", p.name(), plan.tensor(p.name()).constant());
    }
    for (RunningStatistic s : runningStatistics()) {
      m.beginControlFlow("if (weights.has($S))", s.name())
          .addStatement("weights.copy($S, $L, 0)", s.name(), s.field())
          .endControlFlow();
    }
    return m.build();
  }

  /** {@code dense0.weight} of the model's first layer → {@code 0.weight}; an RNN's tensors as nn.RNN names them. */
  static String torchName(Param p, Layer layer) {
    String own = p.name().substring(layer.name().length() + 1);
    return p.layerIndex() + "." + (layer instanceof Layer.Rnn ? own + "_l0" : own);
  }

  private record RunningStatistic(Layer layer, String name, String torchName, String field) {}

  /** Each layer's {@link LayerEmitter#evaluationState} ({@code batchnorm0RunningMean} → {@code batchnorm0.running_mean}). */
  private List<RunningStatistic> runningStatistics() {
    List<RunningStatistic> out = new ArrayList<>();
    for (int i = 0; i < program.layers().size(); i++) {
      Layer layer = program.layers().get(i);
      for (String field : LayerEmitters.of(layer).evaluationState(layer)) {
        String rest = field.substring(layer.name().length());
        String stat = CheckpointEmitter.snake(Character.toLowerCase(rest.charAt(0)) + rest.substring(1));
        out.add(new RunningStatistic(layer, layer.name() + "." + stat, i + "." + stat, field));
      }
    }
    return out;
  }

  private static String shapeArgs(List<Integer> shape) {
    return String.join(", ", shape.stream().map(String::valueOf).toList());
  }
}
