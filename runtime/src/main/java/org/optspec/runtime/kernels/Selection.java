package org.optspec.runtime.kernels;

/** Order statistics in place, without allocating (magnitude pruning's threshold). */
public final class Selection {

  private Selection() {}

  /**
   * The {@code k}-th smallest (0-based) of {@code a[0..len)}, by Hoare's quickselect with a median-of-three pivot;
   * reorders {@code a[0..len)}.
   */
  public static double kthSmallest(double[] a, int len, int k) {
    if (k < 0 || k >= len || len > a.length) {
      throw new IllegalArgumentException("k " + k + " outside 0.." + (len - 1) + " (array of " + a.length + ")");
    }
    int lo = 0;
    int hi = len - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      double pivot = median(a[lo], a[mid], a[hi]);
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (a[i] < pivot) {
          i++;
        }
        while (a[j] > pivot) {
          j--;
        }
        if (i <= j) {
          double t = a[i];
          a[i] = a[j];
          a[j] = t;
          i++;
          j--;
        }
      }
      if (k <= j) {
        hi = j;
      } else if (k >= i) {
        lo = i;
      } else {
        return a[k];
      }
    }
    return a[k];
  }

  private static double median(double a, double b, double c) {
    return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
  }
}
