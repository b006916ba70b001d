package org.optspec.runtime;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named evaluation results in a stable order: {@code loss, accuracy} for a classifier,
 * {@code loss, mse, rmse, r2} for regression.
 */
public record Metrics(Map<String, Double> values) {

  public Metrics {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /**
   * {@code loss} and {@code accuracy} of a classifier. {@code probabilities} holds {@code rows × classes}
   * scores in row-major order (probabilities or logits: only the arg-max matters; ties go to the
   * lower class); {@code data.y()} holds each row's class index.
   */
  public static Metrics classification(double meanLoss, double[] probabilities, Dataset data, int classes) {
    int rows = data.rows();
    if (data.outputs() != 1 || probabilities.length < (long) rows * classes) {
      throw new IllegalArgumentException("need " + rows + "×" + classes + " scores and one label column, have "
          + probabilities.length + " scores and " + data.outputs() + " target columns");
    }
    double[] y = data.y();
    int correct = 0;
    for (int r = 0; r < rows; r++) {
      int base = r * classes;
      int best = 0;
      for (int c = 1; c < classes; c++) {
        if (probabilities[base + c] > probabilities[base + best]) {
          best = c;
        }
      }
      if (best == (int) y[r]) {
        correct++;
      }
    }
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("loss", meanLoss);
    m.put("accuracy", rows == 0 ? Double.NaN : (double) correct / rows);
    return new Metrics(m);
  }

  /**
   * {@code loss, mse, rmse, r2} of a regression. {@code predictions} is {@code rows × outputs},
   * row-major. mse averages over every target value; r2 = 1 − SSE/SST over all target columns, with
   * SST taken around each column's own mean in {@code data}. When SST is 0 (constant targets) r2 is
   * 1 for a perfect fit and 0 otherwise, as sklearn's {@code r2_score} reports it.
   */
  public static Metrics regression(double meanLoss, double[] predictions, Dataset data) {
    int rows = data.rows();
    int outs = data.outputs();
    if (predictions.length < (long) rows * outs) {
      throw new IllegalArgumentException("need " + rows + "×" + outs + " predictions, have " + predictions.length);
    }
    double[] y = data.y();
    double sse = 0;
    double sst = 0;
    for (int c = 0; c < outs; c++) {
      double mean = 0;
      for (int r = 0; r < rows; r++) {
        mean += y[r * outs + c];
      }
      mean /= rows;
      for (int r = 0; r < rows; r++) {
        double e = predictions[r * outs + c] - y[r * outs + c];
        double d = y[r * outs + c] - mean;
        sse += e * e;
        sst += d * d;
      }
    }
    double mse = sse / ((double) rows * outs);
    double r2 = sst > 0 ? 1 - sse / sst : sse == 0 ? 1 : 0;
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("loss", meanLoss);
    m.put("mse", mse);
    m.put("rmse", Math.sqrt(mse));
    m.put("r2", rows == 0 ? Double.NaN : r2);
    return new Metrics(m);
  }

  public double get(String name) {
    Double v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no metric '" + name + "' (have " + values.keySet() + ")");
    }
    return v;
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    values.forEach((k, v) -> b.append(b.length() == 0 ? "" : "  ").append(k).append(' ').append(String.format(java.util.Locale.ROOT, "%.4f", v)));
    return b.toString();
  }
}
