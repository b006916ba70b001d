package org.optspec.runtime.data;

import java.util.Arrays;

/**
 * The parsed cells of a file in row-major order, in fixed chunks of 2^16 doubles: growing never copies what was read,
 * so a file's values take their own size plus at most one chunk, and a reader that has copied the rows out can
 * {@link #releaseBefore} them chunk by chunk, so a copy never holds twice the data.
 */
final class ChunkedValues {
  static final int SHIFT = 16;
  static final int CHUNK = 1 << SHIFT;
  private static final int MASK = CHUNK - 1;

  private double[][] chunks = new double[16][];
  private long size;
  private int released;

  void add(double[] row, int count) {
    for (int c = 0; c < count; c++) {
      int k = (int) (size >>> SHIFT);
      if (k == chunks.length) {
        chunks = Arrays.copyOf(chunks, k * 2);
      }
      double[] chunk = chunks[k];
      if (chunk == null) {
        chunk = chunks[k] = new double[CHUNK];
      }
      chunk[(int) (size & MASK)] = row[c];
      size++;
    }
  }

  long size() {
    return size;
  }

  double get(long index) {
    return chunks[(int) (index >>> SHIFT)][(int) (index & MASK)];
  }

  /** Copies {@code count} values from {@code index} into {@code dst[at..]}. */
  void copy(long index, double[] dst, int at, int count) {
    while (count > 0) {
      int k = (int) (index >>> SHIFT);
      int off = (int) (index & MASK);
      int n = Math.min(count, CHUNK - off);
      System.arraycopy(chunks[k], off, dst, at, n);
      index += n;
      at += n;
      count -= n;
    }
  }

  /** Drops every chunk that lies wholly before {@code index}: those values are never read again. */
  void releaseBefore(long index) {
    int k = (int) Math.min(index >>> SHIFT, chunks.length);
    for (; released < k; released++) {
      chunks[released] = null;
    }
  }
}
