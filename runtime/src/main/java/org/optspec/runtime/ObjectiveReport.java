package org.optspec.runtime;

/**
 * How {@link Objective#minimize} ended.
 *
 * @param steps optimizer steps taken in total
 * @param loss the loss at the final parameters
 * @param stopped whether the spec's {@code stop when loss < x} ended it before {@code steps N}
 */
public record ObjectiveReport(long steps, double loss, boolean stopped) {}
