package org.optspec.processor.plan;

import java.util.List;
import java.util.Optional;

/**
 * Where everything lives. Parameters share ONE flat array, laid out group by group (each optimizer
 * group is one contiguous range, so its update is one loop), in layer order within a group; the
 * gradients use the same layout in a second array, and so does each optimizer slot (Adam's {@code m} and
 * {@code v}, SGD's momentum buffer), which its transform declares ({@code emit/TransformEmitter#slots}).
 * Activations and their gradients get one buffer per layer, sized for the batch.
 *
 * @param tensors every parameter tensor, in layout order
 * @param groups each optimizer group's range, in layout order
 * @param buffers per-layer activation, gradient and mask buffers, and the batch staging buffers
 */
public record MemoryPlan(
    List<Tensor> tensors, List<GroupRange> groups, List<Buffer> buffers, int parameterCount) {

  public MemoryPlan {
    tensors = List.copyOf(tensors);
    groups = List.copyOf(groups);
    buffers = List.copyOf(buffers);
  }

  /**
   * One parameter tensor.
   *
   * @param name {@code dense0.weight}
   * @param constant the Java constant holding its offset, {@code DENSE0_WEIGHT}
   */
  public record Tensor(String name, String constant, int offset, int length) {}

  /** An optimizer group's contiguous range {@code [start, end)}. */
  public record GroupRange(String group, String constant, int start, int end) {}

  /**
   * A batch-sized buffer.
   *
   * @param field the Java field name, {@code dense0Out}
   * @param rowWidthConstant the constant giving its width per sample, {@code DENSE0_OUT}
   * @param rowWidth that width's value
   */
  public record Buffer(String field, Kind kind, Optional<String> layer, String rowWidthConstant, int rowWidth) {
    public enum Kind {
      /** A layer's output. */
      OUTPUT,
      /** The loss's gradient with respect to a layer's output. */
      GRADIENT,
      /** A dropout mask (0 or 1 / (1 - p)). */
      MASK,
      /** Batch staging for inputs or targets gathered from a {@code Dataset}. */
      STAGING
    }

    public int length(int batch) {
      return batch * rowWidth;
    }
  }

  public Tensor tensor(String name) {
    return tensors.stream().filter(t -> t.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no tensor " + name));
  }

  public Buffer buffer(String layer, Buffer.Kind kind) {
    return buffers.stream().filter(b -> b.kind() == kind && b.layer().equals(Optional.of(layer))).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no " + kind + " buffer for " + layer));
  }

  public GroupRange group(String name) {
    return groups.stream().filter(g -> g.group().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no group " + name));
  }
}
