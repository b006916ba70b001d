package org.optspec.processor.emit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.optspec.processor.ir.Optimizer;
import org.optspec.processor.ir.Transform;

/**
 * The registry of primitive transforms: one line per {@link TransformEmitter}. A new primitive is one new file and one
 * line here (docs/ARCHITECTURE.md, "Adding a primitive transform").
 */
final class TransformEmitters {

  private static final Map<String, TransformEmitter> BY_NAME = new LinkedHashMap<>();

  static {
    // optax's primitives, the transforms a spec's chain(...) names (grammar's OptimizerEntries)
    register(new ScaleByAdamEmitter());
    register(new ScaleByRmsEmitter());
    register(new ScaleByMomentumEmitter());
    register(new ScaleByTrustRatioEmitter());
    register(new AddDecayedWeightsEmitter());
    register(new ClipGlobalNormEmitter());
    register(new ClipValueEmitter());
    register(new ClipAdaptiveEmitter());
    register(new ScaleEmitter());
    register(new ScaleByScheduleEmitter());
    register(new ScaleByLionEmitter());
    register(new ScaleByBeliefEmitter());
    // torch-exact transforms, which the torch optimizers compose (ir/NamedChains)
    register(new FlipSignEmitter());
    register(new AddDecayedWeightsTorchEmitter());
    register(new DecayWeightsTorchEmitter());
    register(new ScaleByMomentumTorchEmitter());
    register(new ScaleByAdamTorchEmitter());
    register(new ScaleByAdagradTorchEmitter());
    register(new ScaleByAdamaxTorchEmitter());
    register(new ScaleByAdadeltaTorchEmitter());
    register(new ScaleByRmsTorchEmitter());
    register(new ScaleByNadamTorchEmitter());
    register(new ScaleByRadamTorchEmitter());
    register(new ScaleByRpropTorchEmitter());
    register(new ScaleByAsgdTorchEmitter());
    register(new AverageIteratesTorchEmitter());
    register(new ScaleByFactoredRmsTorchEmitter());
    register(new ClipByBlockRmsTorchEmitter());
    register(new ScaleByParamBlockRmsTorchEmitter());
    register(new PreconditionByEmpiricalFisherEmitter());
    register(new PreconditionByGaussianFisherEmitter());
  }

  private TransformEmitters() {}

  private static void register(TransformEmitter e) {
    if (BY_NAME.putIfAbsent(e.name(), e) != null) {
      throw new IllegalStateException("transform " + e.name() + " is registered twice");
    }
  }

  /** The emitter of transform {@code t}. */
  static TransformEmitter of(Transform t) {
    TransformEmitter e = BY_NAME.get(t.name());
    if (e == null) {
      throw new IllegalArgumentException("no transform " + t.name());
    }
    return e;
  }

  /** Every registered transform's name, in registry order. */
  static List<String> names() {
    return List.copyOf(BY_NAME.keySet());
  }

  /**
   * Transform {@code t}'s slots, suffixed with its position when another transform of the first group's chain declares
   * a slot of the same field: its kind repeats ({@code scale_by_adam} twice), or two kinds name a moment alike
   * ({@code scale_by_adam} and {@code scale_by_belief} both keep {@code expAvg}).
   */
  static List<TransformEmitter.Slot> slots(Optimizer opt, Transform t) {
    List<TransformEmitter.Slot> base = of(t).slots(t);
    List<String> fields = base.stream().map(TransformEmitter.Slot::field).toList();
    // counted in the first group's chain, which t's own kind is part of (the groups' chains share their shape)
    long sharing = opt.groups().get(0).chain().stream()
        .filter(o -> of(o).slots(o).stream().anyMatch(s -> fields.contains(s.field())))
        .count();
    return sharing > 1 ? base.stream().map(s -> s.at(t.index())).toList() : base;
  }

  /** The fields of transform {@code t}'s slots. */
  static List<String> slotFields(Optimizer opt, Transform t) {
    return slots(opt, t).stream().map(TransformEmitter.Slot::field).toList();
  }

  /**
   * The optimizer's state arrays, each in the layout of the parameters: every group's, in chain order. Groups of a torch
   * optimizer may differ (momentum in one group only), so a slot first seen in a later group goes right after the slot
   * its transform declares before it, keeping each transform's declared order.
   */
  static List<TransformEmitter.Slot> slots(Optimizer opt) {
    List<TransformEmitter.Slot> all = new ArrayList<>();
    for (Optimizer.Group g : opt.groups()) {
      for (Transform t : g.chain()) {
        int at = -1;
        for (TransformEmitter.Slot s : slots(opt, t)) {
          int found = indexOf(all, s.field());
          if (found >= 0) {
            at = found;
          } else {
            all.add(at + 1 == 0 ? all.size() : at + 1, s);
            at = indexOf(all, s.field());
          }
        }
      }
    }
    return all;
  }

  private static int indexOf(List<TransformEmitter.Slot> slots, String field) {
    for (int i = 0; i < slots.size(); i++) {
      if (slots.get(i).field().equals(field)) {
        return i;
      }
    }
    return -1;
  }
}
