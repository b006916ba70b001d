package org.optspec.spec;

/**
 * {@code stop when loss < 1e-10} ({@code kind} BELOW, {@code threshold} set) or
 * {@code stop when validation_loss stalls for 5 epochs} ({@code kind} STALLS, {@code patience} set).
 */
public record StopRule(String metric, Kind kind, double threshold, Value.Dur patience, SourcePos pos) {
  public enum Kind { BELOW, STALLS }
}
