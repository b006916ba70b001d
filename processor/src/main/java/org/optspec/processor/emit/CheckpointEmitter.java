package org.optspec.processor.emit;

import static org.optspec.processor.emit.EmitContext.camel;
import static org.optspec.processor.emit.EmitContext.constant;
import static org.optspec.processor.emit.RuntimeTypes.DTYPE;
import static org.optspec.processor.emit.RuntimeTypes.SAFE_TENSORS;
import static org.optspec.processor.emit.RuntimeTypes.SAFE_TENSORS_WRITER;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.lang.model.element.Modifier;
import org.optspec.processor.ir.Layer;
import org.optspec.processor.ir.TrainingProgram;
import org.optspec.processor.plan.MemoryPlan;

/**
 * {@code save(Path)} and {@code load(Path)}: a safetensors checkpoint of everything {@code fit} needs to
 * continue bit-identically. Tensors: each parameter by name ({@code dense0.weight}, shaped as PyTorch
 * shapes it), each optimizer slot per parameter ({@code optimizer.exp_avg.dense0.weight}), the optimizer's state
 * outside the parameters' layout as torch names and shapes it ({@code optimizer.row_var.dense0.weight}), the shuffle
 * order ({@code trainer.order}, once {@code fit} has run), early stopping's best epoch
 * ({@code trainer.early_stopping.best.dense0.weight}). Metadata: spec name and SHA-256, step, epoch, RNG state, the
 * scalar {@link TrainingState}. {@code load} checks every tensor and every counter's range (and step against epoch,
 * where the order tells the rows) before it changes anything.
 */
final class CheckpointEmitter {

  static final String STEP = "optspec.step";
  static final String EPOCH = "optspec.epoch";
  static final String RNG_STATE = "optspec.rng_state";
  static final String ORDER = "trainer.order";

  private final EmitContext ctx;
  private final TrainingProgram program;
  private final MemoryPlan plan;

  CheckpointEmitter(EmitContext ctx) {
    this.ctx = ctx;
    this.program = ctx.program();
    this.plan = ctx.plan();
  }

  void constants(TypeSpec.Builder type) {
    type.addField(constant(ClassName.get(String.class), "SPEC_SHA256", CodeBlock.of("$S", program.specSha256()),
        "SHA-256 of the spec's canonical text (tokens without comments or spacing); checkpoints carry it."));
  }

  /** Every tensor a checkpoint holds: name, the array it lives in, its offset constant and length, shape. */
  private record Entry(String name, String array, String offset, String length, List<Integer> shape) {}

  private List<Entry> entries() {
    List<Entry> entries = new ArrayList<>();
    for (MemoryPlan.Tensor t : plan.tensors()) {
      entries.add(new Entry(t.name(), "params", t.constant(), t.constant() + "_SIZE", TensorShapes.of(program, t.name())));
    }
    List<TransformEmitter.Slot> arrays = new ArrayList<>(new ChainEmitter(ctx).slots());
    TrainingState.arrays(program).forEach(a -> arrays.add(new TransformEmitter.Slot(a, snake(a), a)));
    for (TransformEmitter.Slot slot : arrays) {
      for (MemoryPlan.Tensor t : plan.tensors()) {
        entries.add(new Entry("optimizer." + slot.checkpoint() + "." + t.name(), slot.field(), t.constant(),
            t.constant() + "_SIZE", TensorShapes.of(program, t.name())));
      }
    }
    for (TransformEmitter.StateTensor s : new ChainEmitter(ctx).stateTensors()) {
      entries.add(new Entry(s.name(), s.array(), s.offset(), Integer.toString(s.length()), s.shape()));
    }
    if (program.earlyStopping().isPresent()) {
      for (MemoryPlan.Tensor t : plan.tensors()) {
        entries.add(new Entry(EarlyStoppingEmitter.BEST + t.name(), "bestParams", t.constant(), t.constant() + "_SIZE",
            TensorShapes.of(program, t.name())));
      }
    }
    return entries;
  }

  /**
   * State besides parameters and optimizer slots that training changes and evaluation reads: each layer's
   * {@link LayerEmitter#evaluationState} ({@code batchnorm0RunningMean} → {@code batchnorm0.running_mean}, a
   * {@code double[]}) and the pruning masks ({@code pruning.mask}, in the parameters' precision and layout).
   */
  private record State(String name, String field, boolean isDouble) {}

  private List<State> states() {
    List<State> states = new ArrayList<>();
    for (Layer layer : program.layers()) {
      for (String field : LayerEmitters.of(layer).evaluationState(layer)) {
        states.add(new State(evaluationTensorName(layer, field), field, true));
      }
    }
    if (program.pruning().isPresent()) {
      states.add(new State("pruning.mask", "pruneMask", false));
    }
    if (program.earlyStopping().isPresent()) {
      for (Layer layer : program.layers()) {
        for (String field : LayerEmitters.of(layer).evaluationState(layer)) {
          states.add(new State(EarlyStoppingEmitter.BEST + evaluationTensorName(layer, field),
              EarlyStoppingEmitter.bestField(field), true));
        }
      }
    }
    return states;
  }

  /** The checkpoint name of a layer's evaluation-state field: {@code batchnorm0RunningMean} → {@code batchnorm0.running_mean}. */
  static String evaluationTensorName(Layer layer, String field) {
    String rest = field.substring(layer.name().length());
    return layer.name() + "." + snake(Character.toLowerCase(rest.charAt(0)) + rest.substring(1));
  }

  MethodSpec save(SettingsEmitter settings) {
    MethodSpec.Builder m = MethodSpec.methodBuilder("save").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
        .addParameter(Path.class, "path")
        .addStatement("checkParameters()")
        .addStatement("$T checkpoint = $T.writer()", SAFE_TENSORS_WRITER, SAFE_TENSORS)
        .addStatement("checkpoint.metadata($T.SPEC, NAME)", SAFE_TENSORS)
        .addStatement("checkpoint.metadata($T.SPEC_SHA256, SPEC_SHA256)", SAFE_TENSORS)
        .addStatement("checkpoint.metadata($S, $S)", "optspec.precision", program.precision().name().toLowerCase(Locale.ROOT))
        .addStatement("checkpoint.metadata($S, Long.toString(step))", STEP)
        .addStatement("checkpoint.metadata($S, Integer.toString(epochsDone))", EPOCH)
        .addStatement("checkpoint.metadata($S, Long.toString(rng.state()))", RNG_STATE);
    settings.save(m);
    for (TrainingState.Scalar s : TrainingState.scalars(ctx)) {
      m.addStatement("checkpoint.metadata($S, Long.toString($L))", "optspec.state." + s.field(),
          s.type().equals("double") ? "Double.doubleToRawLongBits(" + s.field() + ")" : s.field());
    }
    for (Entry e : entries()) {
      m.addStatement("checkpoint.add($S, $L, $L, $L, $L)", e.name(), e.array(), e.offset(), e.length(), shapeArgs(e.shape()));
    }
    for (State s : states()) {
      m.addStatement("checkpoint.add($S, $L, 0, $L.length, $L.length)", s.name(), s.field(), s.field(), s.field());
    }
    m.addStatement("preprocessing.writeTo(checkpoint)");
    return m.beginControlFlow("if (order != null)")
        .addStatement("checkpoint.add($S, order, 0, order.length, order.length)", ORDER)
        .endControlFlow()
        .addStatement("checkpoint.write(path)")
        .build();
  }

  MethodSpec load(SettingsEmitter settings) {
    String dtype = ctx.types().f32() ? "F32" : "F64";
    MethodSpec.Builder m = MethodSpec.methodBuilder("load").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
        .addParameter(Path.class, "path")
        .addStatement("$T checkpoint = $T.read(path)", SAFE_TENSORS, SAFE_TENSORS)
        .addStatement("checkpoint.requireSpec(NAME, SPEC_SHA256)");
    settings.load(m);
    m.addComment("check everything before changing anything");
    for (Entry e : entries()) {
      m.addStatement("checkpoint.expect($S, $T.$L, $L)", e.name(), DTYPE, dtype, shapeArgs(e.shape()));
    }
    for (State s : states()) {
      m.addStatement("checkpoint.expect($S, $T.$L, $L.length)", s.name(), DTYPE, s.isDouble() ? "F64" : dtype, s.field());
    }
    // the file is untrusted: counters in range, the order a permutation (gather indexes with it)
    m.addStatement("long savedStep = checkpoint.metadataLong($S, 0, Long.MAX_VALUE)", STEP)
        .addStatement("long savedEpoch = checkpoint.metadataLong($S, 0, Integer.MAX_VALUE)", EPOCH)
        .addStatement("long savedRng = checkpoint.metadataLong($S)", RNG_STATE)
        .addStatement("int[] savedOrder = checkpoint.tensors().containsKey($S) ? checkpoint.permutation($S) : null", ORDER,
            ORDER)
        .addStatement("checkpoint.requireProgress(savedStep, savedEpoch, savedOrder, ROWS_PER_STEP, $L)",
            program.accumulate() > 1 ? "ACCUMULATE" : "1")
        .addStatement("$T savedPreprocessing = PREPROCESSING.readFrom(checkpoint, false)", RuntimeTypes.PREPROCESSING);
    List<TrainingState.Scalar> scalars = TrainingState.scalars(ctx);
    for (TrainingState.Scalar s : scalars) {
      if (s.type().equals("double")) {
        m.addStatement("long saved$L = checkpoint.metadataLong($S)", camel(s.field()), "optspec.state." + s.field());
      } else {
        m.addStatement("long saved$L = checkpoint.metadataLong($S, 0, $L)", camel(s.field()), "optspec.state." + s.field(),
            s.max());
      }
    }
    for (Entry e : entries()) {
      m.addStatement("checkpoint.copy($S, $L, $L)", e.name(), e.array(), e.offset());
    }
    for (State s : states()) {
      m.addStatement("checkpoint.copy($S, $L, 0)", s.name(), s.field());
    }
    for (TrainingState.Scalar s : scalars) {
      m.addStatement("$L = $L", s.field(), switch (s.type()) {
        case "double" -> "Double.longBitsToDouble(saved" + camel(s.field()) + ")";
        case "int" -> "(int) saved" + camel(s.field());
        default -> "saved" + camel(s.field());
      });
    }
    return m.addStatement("step = savedStep")
        .addStatement("epochsDone = (int) savedEpoch")
        .addStatement("rng.setState(savedRng)")
        .addStatement("order = savedOrder")
        .addStatement("preprocessing = savedPreprocessing")
        .build();
  }

  MethodSpec epochsCompleted() {
    return MethodSpec.methodBuilder("epochsCompleted").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
        .returns(TypeName.INT)
        .addStatement("return epochsDone")
        .build();
  }

  private static String shapeArgs(List<Integer> shape) {
    return String.join(", ", shape.stream().map(String::valueOf).toList());
  }

  /** {@code expAvgSq} → {@code exp_avg_sq}, PyTorch's name for the slot. */
  static String snake(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }
}
