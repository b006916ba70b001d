package org.optspec.spec;

import java.util.Map;

/**
 * {@code group biases { weight_decay 0 }}: settings that override the optimizer's for one group of
 * parameters.
 *
 * @param selector {@code biases}, {@code weights}, a layer name, or a layer index as text ({@code "0"})
 * @param settings checked settings by name ({@code lr_scale}, {@code weight_decay}, or any option of the optimizer)
 */
public record GroupOverride(String selector, Map<String, Value> settings, SourcePos pos) {
  public GroupOverride {
    settings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings));
  }
}
