package org.optspec.processor.ir;

import java.util.List;
import org.optspec.spec.Value;

/**
 * {@code prune magnitude(...)}: Zhu &amp; Gupta's (2017) gradual magnitude pruning. At steps {@code t = from, from +
 * every, ...} up to {@code to}, each selected tensor's smallest-magnitude weights are masked to reach the sparsity
 * {@code s_t = s_f + (s_i − s_f)(1 − (t − from)/(to − from))^power}; the masks are applied after every update, so
 * pruned weights stay zero.
 *
 * @param tensors the pruned parameter tensors (what {@code on:} selects)
 */
public record Pruning(double initialSparsity, double finalSparsity, double power, Value.Dur from, Value.Dur to,
    Value.Dur every, List<String> tensors, SpecRef origin) {

  public Pruning {
    tensors = List.copyOf(tensors);
  }

  public boolean inEpochs() {
    return from.unit() == Value.Dur.Unit.EPOCHS || to.unit() == Value.Dur.Unit.EPOCHS
        || every.unit() == Value.Dur.Unit.EPOCHS;
  }
}
