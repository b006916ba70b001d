package org.optspec.processor.ir;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.optspec.spec.Diagnostic;
import org.optspec.spec.DiagnosticKey;
import org.optspec.spec.ObjectiveSpec;
import org.optspec.spec.Spec;
import org.optspec.spec.TrainerSpec;

/**
 * Lowers a checked {@link Spec} to a {@link TrainingProgram}. Reads only the canonical argument names
 * of docs/CATALOGUE.md. Catalogue entries this slice does not implement are reported as
 * {@code optspec.err.unsupported} at their position; lowering never throws on a checked spec.
 * Each section is lowered by its own class ({@link DataLowering}, {@link LayerLowering}, {@link LossLowering},
 * {@link RegularizerLowering}, {@link OptimizerLowering}, {@link ScheduleLowering}, {@link TrainingLowering}),
 * all reporting into one {@link LoweringContext}; this class runs them in order and assembles the program.
 */
public final class Lowering {

  public static final String UNSUPPORTED = DiagnosticKey.UNSUPPORTED.key();
  public static final String SHAPE = DiagnosticKey.SHAPE.key();
  public static final String INVALID = DiagnosticKey.INVALID.key();

  private final TrainerSpec spec;
  private final LoweringContext ctx;

  private Lowering(TrainerSpec spec) {
    this.spec = spec;
    this.ctx = new LoweringContext(spec);
  }

  public static LoweringResult lower(Spec spec) {
    if (spec instanceof ObjectiveSpec) {
      throw new IllegalArgumentException("an objective is lowered by ObjectiveLowering");
    }
    return new Lowering((TrainerSpec) spec).run();
  }

  private LoweringResult run() {
    DataSource data = new DataLowering(ctx).lower(spec.data());
    List<Layer> layers = new LayerLowering(ctx).lower(data);
    Loss loss = new LossLowering(ctx).lower(data, layers);
    if (loss.kind() == Loss.Kind.SOFTMAX_CROSS_ENTROPY && !layers.isEmpty()
        && layers.get(layers.size() - 1) instanceof Layer.Softmax) {
      // The fused loss takes logits and predictions are already softmax probabilities: a final softmax layer
      // would apply softmax twice, so it is the prediction the spec asks for, not a layer to run.
      layers = layers.subList(0, layers.size() - 1);
    }
    List<Param> params = LayerLowering.parameters(layers);
    RegularizerLowering regularizer = new RegularizerLowering(ctx);
    List<Regularizer> regularizers = spec.regularizers().stream().map(regularizer::lower).toList();
    Optimizer optimizer = new OptimizerLowering(ctx).lower(params, layers);
    LrSchedule schedule = new ScheduleLowering(ctx).lower();
    TrainingLowering training = new TrainingLowering(ctx);
    Optional<Clip> clip = training.clipping();
    Optional<EarlyStopping> stopping = training.earlyStopping();
    Optional<Pruning> pruning = training.pruning(params, layers);
    List<Diagnostic> diagnostics = ctx.diagnostics();
    diagnostics.sort(Comparator.comparingInt((Diagnostic d) -> d.pos().line()).thenComparingInt(d -> d.pos().column()));
    if (diagnostics.stream().anyMatch(Diagnostic::isError)) {
      return new LoweringResult(Optional.empty(), diagnostics);
    }
    int outputs = data.classes().orElse(data.targets());
    TrainingProgram program = new TrainingProgram(
        spec.name(), spec.source().fileName(), spec.precision(), spec.seed(), data, data.inputs(), outputs,
        layers, params, loss, regularizers, optimizer, schedule, clip, spec.batch(), spec.epochs(),
        spec.accumulate(), stopping, pruning, SpecHash.of(spec.source().text()));
    return new LoweringResult(Optional.of(program), diagnostics);
  }
}
