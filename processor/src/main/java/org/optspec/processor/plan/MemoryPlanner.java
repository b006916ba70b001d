package org.optspec.processor.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.optspec.processor.ir.Layer;
import org.optspec.processor.ir.Optimization;
import org.optspec.processor.ir.Optimizer;
import org.optspec.processor.ir.Param;
import org.optspec.processor.ir.TrainingProgram;

/** Computes the {@link MemoryPlan} of a {@link TrainingProgram}. */
public final class MemoryPlanner {

  private MemoryPlanner() {}

  public static MemoryPlan plan(TrainingProgram program) {
    MemoryPlan parameters = planParameters(program);
    List<MemoryPlan.Buffer> buffers = new ArrayList<>();
    buffers.add(new MemoryPlan.Buffer("xBatch", MemoryPlan.Buffer.Kind.STAGING, Optional.empty(), "IN", program.inputs()));
    buffers.add(new MemoryPlan.Buffer("yBatch", MemoryPlan.Buffer.Kind.STAGING, Optional.empty(), "TARGET_COLUMNS",
        program.targetColumns()));
    for (Layer layer : program.layers()) {
      String width = constantName(layer.name()) + "_OUT";
      Optional<String> owner = Optional.of(layer.name());
      buffers.add(new MemoryPlan.Buffer(layer.name() + "Out", MemoryPlan.Buffer.Kind.OUTPUT, owner, width, layer.outputSize()));
      buffers.add(new MemoryPlan.Buffer(layer.name() + "Grad", MemoryPlan.Buffer.Kind.GRADIENT, owner, width, layer.outputSize()));
      if (layer instanceof Layer.Dropout) {
        buffers.add(new MemoryPlan.Buffer(layer.name() + "Mask", MemoryPlan.Buffer.Kind.MASK, owner, width, layer.outputSize()));
      }
    }
    return new MemoryPlan(parameters.tensors(), parameters.groups(), buffers, parameters.parameterCount());
  }

  /**
   * The flat layout of the parameters (group by group), without batch buffers: the
   * whole plan of an objective, and the part of a trainer's plan the optimizer sees.
   */
  public static MemoryPlan planParameters(Optimization program) {
    List<MemoryPlan.Tensor> tensors = new ArrayList<>();
    List<MemoryPlan.GroupRange> groups = new ArrayList<>();
    Map<String, String> constants = tensorConstants(program.params());
    int offset = 0;
    for (Optimizer.Group g : program.optimizer().groups()) {
      int start = offset;
      for (Param p : program.params()) {
        if (g.params().contains(p.name())) {
          tensors.add(new MemoryPlan.Tensor(p.name(), constants.get(p.name()), offset, p.size()));
          offset += p.size();
        }
      }
      groups.add(new MemoryPlan.GroupRange(g.name(), constantName(g.name()), start, offset));
    }
    return new MemoryPlan(tensors, groups, List.of(), offset);
  }

  /**
   * Each tensor's offset constant, unique although an objective may declare names that differ only in case
   * ({@code w} and {@code W}): the later one gets its declaration index appended ({@code W_3}).
   */
  private static Map<String, String> tensorConstants(List<Param> params) {
    Map<String, String> constants = new HashMap<>();
    Set<String> used = new HashSet<>();
    for (int i = 0; i < params.size(); i++) {
      String c = constantName(params.get(i).name());
      if (!used.add(c)) {
        c = c + "_" + i;
        used.add(c);
      }
      constants.put(params.get(i).name(), c);
    }
    return constants;
  }

  /** {@code dense0.weight} → {@code DENSE0_WEIGHT}. */
  public static String constantName(String name) {
    return name.replaceAll("[^A-Za-z0-9]+", "_").toUpperCase(Locale.ROOT);
  }
}
