package org.optspec.processor.emit;

import java.util.List;
import org.optspec.processor.ir.Layer;
import org.optspec.processor.ir.Param;
import org.optspec.processor.ir.TrainingProgram;

/**
 * The shape a parameter tensor has in a checkpoint, as PyTorch stores it: a dense weight is
 * {@code [out, in]}, a dense bias {@code [out]}. A parameter of a layer this class does not know is
 * written flat, {@code [size]} (a new layer adds its shapes here).
 */
final class TensorShapes {

  private TensorShapes() {}

  static List<Integer> of(TrainingProgram program, String tensor) {
    Param p = program.params().stream().filter(x -> x.name().equals(tensor)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no parameter " + tensor));
    Layer layer = program.layers().get(p.layerIndex());
    if (layer instanceof Layer.Dense d) {
      return p.role() == Param.Role.WEIGHT ? List.of(d.outputSize(), d.inputSize()) : List.of(d.outputSize());
    }
    return List.of(p.size());
  }
}
