package org.optspec.cli;

/** What {@code optspec trace} records, row by row: an objective, or a trainer stepped on its whole training split. */
interface TraceSubject {

  /** The parameter element columns: {@code x}, {@code w[0]}, {@code W[1,2]}, {@code dense0.weight[3,5]}. */
  String[] parameterNames();

  /** The learning rate optimizer step {@code step} (counted from 0) uses. */
  double learningRate(long step);

  /** The loss at the current parameters. */
  double loss();

  /** The current parameters, in the order of {@link #parameterNames()}. */
  double[] parameters();

  /** One optimizer step. */
  void step();

  /** Whether the loss is an estimate ({@code mean over N samples of ...}), traced with its standard error. */
  default boolean sampled() {
    return false;
  }

  /** The standard error of the last {@link #loss()}, for a sampled subject. */
  default double lossStandardError() {
    return 0;
  }

  /** How many steps the spec itself runs: an objective's {@code steps N}, a trainer's epochs (one step each). */
  long specSteps();
}
