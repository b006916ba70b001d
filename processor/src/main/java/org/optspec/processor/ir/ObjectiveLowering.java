package org.optspec.processor.ir;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.optspec.spec.Diagnostic;
import org.optspec.spec.ObjectiveSpec;
import org.optspec.spec.StopRule;

/**
 * Lowers a checked {@link ObjectiveSpec} to an {@link ObjectiveProgram}: the expression by
 * {@link ExpressionLowering}, the optimizer, groups, schedule and clipping by the same lowerings a trainer uses
 * ({@link OptimizerLowering}, {@link ScheduleLowering}, {@link TrainingLowering#clipping}), each parameter being its
 * own tensor that a {@code group} selects by name.
 */
public final class ObjectiveLowering {

  private ObjectiveLowering() {}

  public static ObjectiveLoweringResult lower(ObjectiveSpec spec) {
    LoweringContext ctx = new LoweringContext(spec);
    List<Param> params = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    for (ObjectiveSpec.Tensor t : spec.params()) {
      params.add(new Param(t.name(), t.name(), Param.Role.PARAMETER, params.size(), t.values().length, null));
      names.add(t.name());
    }
    ExpressionLowering.Lowered lowered = spec.minimize() instanceof org.optspec.spec.Expr.Expectation e
        ? ExpressionLowering.lowerExpectation(e, spec.randoms(), spec.seed(), names)
        : new ExpressionLowering.Lowered(ExpressionLowering.lower(spec.minimize(), names), Optional.empty());
    List<ExprNode> nodes = lowered.nodes();
    Optimizer optimizer = new OptimizerLowering(ctx).lower(params, List.of());
    LrSchedule schedule = new ScheduleLowering(ctx).lower();
    if (schedule.needsStepsPerEpoch()) {
      ctx.report(Lowering.INVALID, "an objective has no epochs: give the schedule's durations in steps",
          spec.schedule().pos());
    }
    Optional<Clip> clip = new TrainingLowering(ctx).clipping();
    Optional<Double> stopBelow = Optional.empty();
    if (spec.stop().isPresent()) {
      StopRule stop = spec.stop().get();
      if (stop.kind() == StopRule.Kind.BELOW && stop.metric().equals("loss")) {
        stopBelow = Optional.of(stop.threshold());
      } else {
        ctx.unsupported("stop when " + stop.metric() + " stalls is not supported yet for an objective", stop.pos());
      }
    }
    List<Diagnostic> diagnostics = ctx.diagnostics();
    diagnostics.sort(Comparator.comparingInt((Diagnostic d) -> d.pos().line()).thenComparingInt(d -> d.pos().column()));
    if (diagnostics.stream().anyMatch(Diagnostic::isError)) {
      return new ObjectiveLoweringResult(Optional.empty(), diagnostics);
    }
    ObjectiveProgram program = new ObjectiveProgram(spec.name(), spec.source().fileName(), spec.precision(), params,
        spec.params(), spec.constants(), nodes, ctx.ref(spec.minimize().pos()), optimizer, schedule, clip,
        spec.steps(), stopBelow, lowered.sampling());
    return new ObjectiveLoweringResult(Optional.of(program), diagnostics);
  }
}
