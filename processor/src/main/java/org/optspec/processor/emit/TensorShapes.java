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
    if (layer instanceof Layer.Rnn r) {
      return switch (p.name().substring(r.name().length() + 1)) {
        case "weight_ih" -> List.of(r.hidden(), r.features());
        case "weight_hh" -> List.of(r.hidden(), r.hidden());
        default -> List.of(r.hidden());
      };
    }
    if (layer instanceof Layer.Factorize f) {
      return switch (p.name().substring(f.name().length() + 1)) {
        case "user_factors" -> List.of(f.users(), f.factors());
        case "item_factors" -> List.of(f.items(), f.factors());
        default -> List.of(p.size());
      };
    }
    return List.of(p.size());
  }
}
