package org.optspec.runtime;

/**
 * How {@link Objective#minimize} ended.
 *
 * @param steps optimizer steps taken in total
 * @param loss the loss at the final parameters
 * @param stopped whether the spec's {@code stop when loss < x} ended it before {@code steps N}
 * @param standardError for an expectation ({@code mean over N samples of ...}), the standard error of the final
 *     loss estimate, {@code std(draws, ddof=1) / sqrt(N)}; 0 for a deterministic objective, whose loss is exact
 */
public record ObjectiveReport(long steps, double loss, boolean stopped, double standardError) {

  /** The report of a deterministic objective. */
  public ObjectiveReport(long steps, double loss, boolean stopped) {
    this(steps, loss, stopped, 0);
  }
}
