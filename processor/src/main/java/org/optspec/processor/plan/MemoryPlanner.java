package org.optspec.processor.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.optspec.processor.ir.Layer;
import org.optspec.processor.ir.Optimizer;
import org.optspec.processor.ir.Param;
import org.optspec.processor.ir.TrainingProgram;

/** Computes the {@link MemoryPlan} of a {@link TrainingProgram}. */
public final class MemoryPlanner {

  private MemoryPlanner() {}

  public static MemoryPlan plan(TrainingProgram program) {
    List<MemoryPlan.Tensor> tensors = new ArrayList<>();
    List<MemoryPlan.GroupRange> groups = new ArrayList<>();
    int offset = 0;
    for (Optimizer.Group g : program.optimizer().groups()) {
      int start = offset;
      for (Param p : program.params()) {
        if (g.params().contains(p.name())) {
          tensors.add(new MemoryPlan.Tensor(p.name(), constantName(p.name()), offset, p.size()));
          offset += p.size();
        }
      }
      groups.add(new MemoryPlan.GroupRange(g.name(), constantName(g.name()), start, offset));
    }

    List<String> slots = program.optimizer().slots();

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
    return new MemoryPlan(tensors, groups, slots, buffers, offset);
  }

  /** {@code dense0.weight} → {@code DENSE0_WEIGHT}. */
  public static String constantName(String name) {
    return name.replaceAll("[^A-Za-z0-9]+", "_").toUpperCase(Locale.ROOT);
  }
}
