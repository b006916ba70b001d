package org.optspec.grammar.check;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Shapes of objective tensors: {@code []} scalar, {@code [n]} vector, {@code [r, c]} matrix. */
final class Shapes {

  static final int[] SCALAR = new int[0];

  private Shapes() {}

  static boolean isScalar(int[] shape) {
    return shape.length == 0;
  }

  static String format(int[] shape) {
    if (shape.length == 0) {
      return "a scalar";
    }
    return Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining(", ", "[", "]"));
  }

  static int size(int[] shape) {
    int size = 1;
    for (int dim : shape) {
      size *= dim;
    }
    return size;
  }
}
