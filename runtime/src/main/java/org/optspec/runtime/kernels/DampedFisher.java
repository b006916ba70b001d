package org.optspec.runtime.kernels;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * The natural-gradient direction of a generated trainer's {@code natural_gradient}: with the per-sample gradients
 * g₁..g_B of a mini-batch (rows of a flat B × size array) and their mean g, solves
 * {@code F d = g} for the damped empirical Fisher {@code F = (1/B)·Σ gᵢgᵢᵀ + damping·I} by EJML's Cholesky
 * ({@link LinearSolverFactory_DDRM#symmPosDef}). F is symmetric positive definite for any damping &gt; 0.
 *
 * <p>Every matrix is allocated at construction (8·size² bytes for F), so {@link #solve} allocates nothing; it costs
 * O(B·size²) to form F and O(size³/3) to factor it.
 */
public final class DampedFisher {

  private final int size;
  private final DMatrixRMaj fisher;
  private final DMatrixRMaj gradient;
  private final DMatrixRMaj direction;
  private final LinearSolverDense<DMatrixRMaj> solver;

  /** A solver for {@code size} parameters. */
  public DampedFisher(int size) {
    this.size = size;
    this.fisher = new DMatrixRMaj(size, size);
    this.gradient = new DMatrixRMaj(size, 1);
    this.direction = new DMatrixRMaj(size, 1);
    this.solver = LinearSolverFactory_DDRM.symmPosDef(size);
  }

  /** {@code out = F⁻¹ g} for the first {@code n} rows of {@code samples} and their mean {@code mean}. */
  public void solve(double[] samples, int n, double[] mean, double damping, double[] out) {
    double[] f = fisher.data;
    java.util.Arrays.fill(f, 0);
    for (int r = 0; r < n; r++) {
      int base = r * size;
      for (int i = 0; i < size; i++) {
        double gi = samples[base + i];
        int row = i * size;
        for (int j = 0; j <= i; j++) {
          f[row + j] += gi * samples[base + j];
        }
      }
    }
    for (int i = 0; i < size; i++) {
      gradient.data[i] = mean[i];
    }
    finish(n, damping, out);
  }

  /** {@link #solve(double[], int, double[], double, double[])} for a float32 trainer, in double. */
  public void solve(float[] samples, int n, float[] mean, double damping, float[] out) {
    double[] f = fisher.data;
    java.util.Arrays.fill(f, 0);
    for (int r = 0; r < n; r++) {
      int base = r * size;
      for (int i = 0; i < size; i++) {
        double gi = samples[base + i];
        int row = i * size;
        for (int j = 0; j <= i; j++) {
          f[row + j] += gi * samples[base + j];
        }
      }
    }
    for (int i = 0; i < size; i++) {
      gradient.data[i] = mean[i];
    }
    finish(n, damping, null);
    for (int i = 0; i < size; i++) {
      out[i] = (float) direction.data[i];
    }
  }

  private void finish(int n, double damping, double[] out) {
    double[] f = fisher.data;
    for (int i = 0; i < size; i++) {
      int row = i * size;
      for (int j = 0; j < i; j++) {
        f[row + j] /= n;
        f[j * size + i] = f[row + j];
      }
      f[row + i] = f[row + i] / n + damping;
    }
    if (!solver.setA(fisher)) {
      throw new IllegalStateException("the damped Fisher matrix is not positive definite (damping " + damping + ")");
    }
    solver.solve(gradient, direction);
    if (out != null) {
      System.arraycopy(direction.data, 0, out, 0, size);
    }
  }
}
