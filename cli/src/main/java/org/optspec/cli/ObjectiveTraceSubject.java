package org.optspec.cli;

import org.optspec.runtime.Objective;

/** An objective as a {@link TraceSubject}: the generated class already speaks in trace terms. */
record ObjectiveTraceSubject(Objective objective) implements TraceSubject {

  @Override
  public String[] parameterNames() {
    return objective.parameterNames();
  }

  @Override
  public double learningRate(long step) {
    return objective.learningRate(step);
  }

  @Override
  public double loss() {
    return objective.loss();
  }

  @Override
  public double[] parameters() {
    return objective.parameters();
  }

  @Override
  public void step() {
    objective.step();
  }

  @Override
  public boolean sampled() {
    return objective.samples() > 0;
  }

  @Override
  public double lossStandardError() {
    return objective.lossStandardError();
  }

  @Override
  public long specSteps() {
    return objective.steps();
  }
}
