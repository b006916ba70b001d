package org.optspec.cli;

import java.lang.reflect.InvocationTargetException;
import org.optspec.runtime.Objective;

/**
 * An objective's loss at points of our choosing: {@code plot path} draws the loss surface over two parameter elements
 * with it. A fresh instance of the generated class keeps every other element at the value it is given (its start, by
 * default); {@link #lossAt} writes the two chosen elements into the instance's live flat parameter array (the
 * generated {@code params()}, which is not part of the {@link Objective} contract and so is reached reflectively) and
 * asks the generated {@code loss()}: the surface is the generated code's own loss, not a second interpreter of the
 * expression.
 */
final class ObjectiveSurface {
  private final Objective objective;
  private final Object flat;
  /** {@code flatIndex[i]}: where declaration-order element {@code i} lives in the flat array. */
  private final int[] flatIndex;

  private ObjectiveSurface(Objective objective, Object flat, int[] flatIndex) {
    this.objective = objective;
    this.flat = flat;
    this.flatIndex = flatIndex;
  }

  /** A surface over a fresh instance of {@code run}'s generated class. */
  static ObjectiveSurface of(ObjectiveRun run) {
    Objective objective = run.newObjective();
    Object flat;
    try {
      flat = objective.getClass().getMethod("params").invoke(objective);
    } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("the generated objective " + objective.getClass().getName() + " has no params()", e);
    }
    if (!(flat instanceof double[]) && !(flat instanceof float[])) {
      throw new IllegalStateException("params() of " + objective.getClass().getName() + " is not a double[] or float[]");
    }
    int n = objective.parameterNames().length;
    int[] index = new int[n];
    // The flat layout is group by group; find each declaration-order element by marking one flat slot at a time.
    for (int k = 0; k < n; k++) {
      double old = get(flat, k);
      set(flat, k, Double.NaN);
      double[] declared = objective.parameters();
      for (int i = 0; i < n; i++) {
        if (Double.isNaN(declared[i])) {
          index[i] = k;
        }
      }
      set(flat, k, old);
    }
    return new ObjectiveSurface(objective, flat, index);
  }

  /** Every element (declaration order) set to {@code values}: the point the surface is a slice through. */
  void setAll(double[] values) {
    for (int i = 0; i < flatIndex.length; i++) {
      set(flat, flatIndex[i], values[i]);
    }
  }

  /** The loss with element {@code i} = {@code vi} and element {@code j} = {@code vj}, the others as set. */
  double lossAt(int i, double vi, int j, double vj) {
    set(flat, flatIndex[i], vi);
    set(flat, flatIndex[j], vj);
    return objective.loss();
  }

  private static double get(Object flat, int k) {
    return flat instanceof double[] d ? d[k] : ((float[]) flat)[k];
  }

  private static void set(Object flat, int k, double v) {
    if (flat instanceof double[] d) {
      d[k] = v;
    } else {
      ((float[]) flat)[k] = (float) v;
    }
  }
}
