package org.optspec.processor.ir;

import java.util.List;
import java.util.Optional;
import org.optspec.spec.Precision;

/**
 * The lowered trainer: what to compute, with every shape and hyper-parameter static. How it is laid
 * out in memory is the {@code plan}'s business.
 *
 * @param outputs classes for a classifier, targets for regression
 * @param params every trainable tensor in initialization order (layer order, weight then bias)
 * @param accumulate micro-batches whose gradients are averaged into one update (1: every step updates)
 * @param specSha256 the spec's identity for checkpoints ({@link SpecHash})
 */
public record TrainingProgram(
    String name,
    String sourceFile,
    Precision precision,
    long seed,
    DataSource data,
    int inputs,
    int outputs,
    List<Layer> layers,
    List<Param> params,
    Loss loss,
    List<Regularizer> regularizers,
    Optimizer optimizer,
    LrSchedule schedule,
    Optional<Clip> clip,
    int batch,
    int epochs,
    int accumulate,
    String specSha256) implements Optimization {

  public TrainingProgram {
    layers = List.copyOf(layers);
    params = List.copyOf(params);
    regularizers = List.copyOf(regularizers);
  }

  /** The maximum norm of {@code clip global_norm}, if that is the spec's clipping. */
  public Optional<Double> clipGlobalNorm() {
    return clip.filter(Clip.GlobalNorm.class::isInstance).map(c -> ((Clip.GlobalNorm) c).maxNorm());
  }

  public boolean isClassifier() {
    return data.classes().isPresent();
  }

  /** Target columns in a batch: 1 (the label) for a classifier. */
  public int targetColumns() {
    return isClassifier() ? 1 : outputs;
  }

  public int parameterCount() {
    return params.stream().mapToInt(Param::size).sum();
  }

  public Layer lastLayer() {
    return layers.get(layers.size() - 1);
  }
}
