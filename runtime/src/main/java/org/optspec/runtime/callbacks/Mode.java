package org.optspec.runtime.callbacks;

/** Whether a monitored metric is better lower ({@code loss}) or higher ({@code accuracy}). */
public enum Mode {
  MIN,
  MAX
}
