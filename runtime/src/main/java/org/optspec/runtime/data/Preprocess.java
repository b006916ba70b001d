package org.optspec.runtime.data;

/**
 * Column transforms on a row-major {@code rows × width} block. Standardization learns its statistics
 * from the training rows only (what the model may see) and applies them to every row, so validation
 * and test rows are transformed exactly as new data would be.
 */
final class Preprocess {
  private Preprocess() {}

  static void scale(double[] v, double factor) {
    for (int i = 0; i < v.length; i++) {
      v[i] *= factor;
    }
  }

  /**
   * {@code (v − mean) / std} per column with the population std (ddof = 0, as sklearn's
   * StandardScaler); a constant column is only centered, since dividing by zero would only make NaNs.
   */
  static void standardize(double[] v, int rows, int width, int[] trainRows, int from, int count) {
    for (int c = 0; c < width; c++) {
      double sum = 0;
      for (int i = 0; i < count; i++) {
        sum += v[trainRows[from + i] * width + c];
      }
      double mean = sum / count;
      double squares = 0;
      for (int i = 0; i < count; i++) {
        double d = v[trainRows[from + i] * width + c] - mean;
        squares += d * d;
      }
      double std = Math.sqrt(squares / count);
      double inv = std > 0 ? 1.0 / std : 1.0;
      for (int r = 0; r < rows; r++) {
        v[r * width + c] = (v[r * width + c] - mean) * inv;
      }
    }
  }
}
