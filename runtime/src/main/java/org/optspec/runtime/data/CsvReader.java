package org.optspec.runtime.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * Reads a comma-separated file of numbers into one flat row-major array, remembering the line each
 * row came from so later checks (labels) can point at it. Cells may carry surrounding spaces; blank
 * lines at the end are ignored, a blank line before more data is an error. Every error is a
 * {@link DataException} naming file, line and, where there is one, column.
 */
public final class CsvReader {
  /** Plain decimal numbers only: Double.parseDouble alone would also take "NaN", "1f" and hex. */
  private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  private CsvReader() {}

  /** What a file held: {@code rows × columns} values, and the 1-based line number of each row. */
  public record Table(double[] values, int rows, int columns, int[] lines, boolean hadHeader) {}

  /**
   * Reads everything from {@code in}. {@code file} only names the source in messages.
   * {@code expectedColumns} ≤ 0 takes the count from the first row.
   */
  public static Table read(Reader in, String file, Header header, int expectedColumns) {
    BufferedReader lines = in instanceof BufferedReader b ? b : new BufferedReader(in);
    int columns = expectedColumns;
    double[] values = new double[1024];
    int[] rowLines = new int[64];
    int rows = 0;
    int lineNo = 0;
    int firstBlank = 0;
    boolean first = true;
    boolean hadHeader = false;
    try {
      for (String line; (line = lines.readLine()) != null; ) {
        lineNo++;
        if (line.isBlank()) {
          if (firstBlank == 0) {
            firstBlank = lineNo;
          }
          continue;
        }
        if (firstBlank != 0) {
          throw new DataException(file, firstBlank, 0, "blank line before the end of the data");
        }
        String[] cells = line.split(",", -1);
        if (columns <= 0) {
          columns = cells.length;
        }
        if (cells.length != columns) {
          // the column of the first missing cell, or of the first cell too many
          throw new DataException(file, lineNo, Math.min(cells.length, columns) + 1,
              "expected " + columns + " columns, found " + cells.length);
        }
        if (first) {
          first = false;
          if (header == Header.PRESENT || (header == Header.AUTO && !allNumbers(cells))) {
            hadHeader = true;
            continue;
          }
        }
        if ((rows + 1) * columns > values.length) {
          values = Arrays.copyOf(values, Math.max(values.length * 2, (rows + 1) * columns));
        }
        if (rows == rowLines.length) {
          rowLines = Arrays.copyOf(rowLines, rows * 2);
        }
        for (int c = 0; c < columns; c++) {
          values[rows * columns + c] = parse(cells[c], file, lineNo, c + 1);
        }
        rowLines[rows++] = lineNo;
      }
    } catch (IOException e) {
      throw new DataException(file, lineNo, 0, "cannot read: " + e.getMessage(), e);
    }
    if (first) {
      throw new DataException(file, 0, 0, "file is empty");
    }
    if (rows == 0) {
      throw new DataException(file, 1, 0, "no data rows after the header");
    }
    return new Table(Arrays.copyOf(values, rows * columns), rows, columns, Arrays.copyOf(rowLines, rows), hadHeader);
  }

  private static boolean allNumbers(String[] cells) {
    for (String cell : cells) {
      if (!NUMBER.matcher(cell.trim()).matches()) {
        return false;
      }
    }
    return true;
  }

  private static double parse(String cell, String file, int line, int column) {
    String s = cell.trim();
    if (!NUMBER.matcher(s).matches()) {
      throw new DataException(file, line, column, "'" + s + "' is not a number");
    }
    double v = Double.parseDouble(s);
    if (!Double.isFinite(v)) {
      throw new DataException(file, line, column, "'" + s + "' is out of range for a double");
    }
    return v;
  }
}
