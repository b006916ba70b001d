package org.optspec.runtime.data;

/**
 * A problem with a data file, located the way a text editor counts: {@code digits.csv:17:65: label 12
 * is out of range 0..9}. {@link #row()} is the 1-based line number in the file (header and blank lines
 * included), {@link #column()} the 1-based column; either is 0 when the problem is not tied to one.
 */
public final class DataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final int row;
  private final int column;
  private final String detail;

  public DataException(String file, int row, int column, String detail) {
    this(file, row, column, detail, null);
  }

  public DataException(String file, int row, int column, String detail, Throwable cause) {
    super(location(file, row, column) + ": " + detail, cause);
    this.file = file;
    this.row = row;
    this.column = column;
    this.detail = detail;
  }

  private static String location(String file, int row, int column) {
    if (row <= 0) {
      return file;
    }
    return column <= 0 ? file + ":" + row : file + ":" + row + ":" + column;
  }

  /** The file name as the spec gave it, e.g. {@code digits.csv}. */
  public String file() {
    return file;
  }

  /** 1-based line number, or 0. */
  public int row() {
    return row;
  }

  /** 1-based column number, or 0. */
  public int column() {
    return column;
  }

  /** The message without its location prefix. */
  public String detail() {
    return detail;
  }
}
