package org.optspec.runtime;

/**
 * A trained model for inference, generated beside each trainer ({@code DigitsClassifierModel} for
 * {@code DigitsClassifierTrainer}): the parameters, the evaluation state (batchnorm's running statistics) and the
 * fitted {@link Preprocessing}, nothing of the optimizer. It takes raw rows, as the CSV file holds them, applies the
 * spec's preprocessing and returns class probabilities for a classifier or values in the targets' own units for
 * regression. Made by {@code trainer.model()} or {@code <Name>Model.load(checkpoint)}.
 *
 * <p>Every method allocates nothing: the buffers are made once, by the constructor. An instance is therefore not safe
 * to use from two threads at once; {@link #copy} makes another one for another thread, which shares the read-only
 * parameters and preprocessing and has its own buffers.
 */
public interface Model {

  /** The spec's name. */
  String name();

  /** Raw values per row: the features (or sequence length × features, or user and item id). */
  int inputSize();

  /** Values per prediction: class probabilities, or targets. */
  int outputSize();

  /** Whether {@link #predict} gives class probabilities. */
  boolean isClassifier();

  /** The fitted preprocessing this model applies to raw rows. */
  Preprocessing preprocessing();

  /** One raw row ({@code inputSize()} values) to {@code out} ({@code outputSize()} values). */
  void predict(double[] raw, double[] out);

  /** As {@link #predict(double[], double[])} in float. */
  void predict(float[] raw, float[] out);

  /** {@code rows} raw rows, row-major in {@code raw}, to {@code rows × outputSize()} values in {@code out}. */
  void predict(double[] raw, int rows, double[] out);

  /** As {@link #predict(double[], int, double[])} in float. */
  void predict(float[] raw, int rows, float[] out);

  /** Each row of {@code raw} to the row of {@code out} of the same index. */
  void predict(double[][] raw, double[][] out);

  /** As {@link #predict(double[][], double[][])} in float. */
  void predict(float[][] raw, float[][] out);

  /** Another instance for another thread: the same parameters and preprocessing (shared, read-only), its own buffers. */
  Model copy();
}
