package org.optspec.runtime;

/**
 * What every generated objective class promises ({@code objective Rosenbrock} → {@code RosenbrockTrainer}): it
 * minimizes the spec's expression over its parameters with the spec's optimizer and schedule. Parameters are
 * reported in declaration order, each element named as the trace CSV names it: {@code x}, {@code w[0]},
 * {@code W[1,2]} (matrices row-major).
 */
public interface Objective {

  /** The spec's name, e.g. {@code Rosenbrock}. */
  String name();

  /**
   * One optimizer step: the loss and its gradient at the current parameters, clipping, the learning rate of this
   * step, the update. Returns the loss at the parameters before the update. Allocates nothing.
   */
  double step();

  /** The loss at the current parameters. */
  double loss();

  /** A copy of the parameters' elements in declaration order, widened to double. */
  double[] parameters();

  /** The names of the elements {@link #parameters()} returns, in the same order. */
  String[] parameterNames();

  /** The learning rate (of the first group) that optimizer step {@code step} (counted from 0) uses. */
  double learningRate(long step);

  /** Optimizer steps taken so far. */
  long stepCount();

  /** The spec's {@code steps N}. */
  long steps();

  /**
   * The draws of each loss estimate: N for {@code minimize mean over N samples of ...}, 0 for a deterministic
   * objective.
   */
  default int samples() {
    return 0;
  }

  /**
   * The standard error of the last loss estimate ({@link #step()}'s or {@link #loss()}'s, whichever ran last):
   * {@code std(draws, ddof=1) / sqrt(N)}; 0 for a deterministic objective, whose loss is exact.
   */
  default double lossStandardError() {
    return 0;
  }

  /**
   * Steps until {@link #steps()} or until the loss at the current parameters falls below the spec's
   * {@code stop when loss < x}, telling the listener about each step ({@code onStep} with epoch 1).
   */
  ObjectiveReport minimize(TrainingListener listener);
}
