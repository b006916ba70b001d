package org.optspec.runtime.data;

/** Whether a CSV file's first row names the columns. */
public enum Header {
  /** The first row is a header if and only if any of its cells is not a number. */
  AUTO,
  /** The first row is a header and is skipped. */
  PRESENT,
  /** Every row is data. */
  ABSENT
}
