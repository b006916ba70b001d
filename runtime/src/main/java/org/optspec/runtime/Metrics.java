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
