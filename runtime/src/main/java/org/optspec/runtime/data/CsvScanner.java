package org.optspec.runtime.data;

import java.util.Arrays;

/**
 * The character level of {@link CsvReader}: RFC 4180 records (a cell in double quotes may hold commas, line breaks and
 * doubled quotes; spaces around a cell are ignored), fed in buffers of any size, each cell parsed as it ends by
 * {@link DecimalNumber} into {@link ChunkedValues}. A line of nothing but spaces is blank: blank lines at the end are
 * ignored, one before more data is an error. Lines are counted as a text editor counts them ({@code \n}, {@code \r\n}
 * or {@code \r} ends one), and every error is a {@link DataException} at the record's line and the cell's column.
 *
 * <p>The first record is the header under {@link Header#PRESENT}, and under {@link Header#AUTO} iff one of its cells,
 * unquoted and trimmed, is not a number: {@code "1","2"} and a first row of numbers after a byte order mark are data.
 */
final class CsvScanner {

  /** Takes each data row as it is parsed, instead of the scanner's chunks. */
  interface RowSink {
    /**
     * Row {@code index} (0-based, file order) of {@code columns} values, from line {@code line}; {@code hadHeader} says
     * whether a header preceded the rows. Returns false to leave this and every later row to the scanner's chunks.
     */
    boolean row(int index, double[] values, int columns, int line, boolean hadHeader);
  }

  private final String file;
  private final Header header;
  private int columns;

  private final ChunkedValues values = new ChunkedValues();
  private int[] rowLines = new int[64];
  private int rows;

  /** Physical line of the next character, and of the current record's first. */
  private int line = 1;
  private int recordLine = 1;
  private boolean pendingCr;
  private boolean atStart = true;
  private boolean bomSkipped;

  private char[] cell = new char[64];
  private int cellLength;
  private boolean cellHasText;
  private boolean quoted;
  private boolean inQuotes;
  private boolean quoteInQuotes;
  private boolean afterClosingQuote;
  private int quoteLine;

  private boolean recordBlank = true;
  private double[] row = new double[16];
  private int cellIndex;
  /** The first cell of the record that is not a number (or out of range), -1 when none. */
  private int badColumn = -1;
  private String badText;
  private boolean badIsRange;

  private boolean firstRecord = true;
  private boolean hadHeader;
  private int firstBlank;

  /** Where rows go before the chunks, or null; false once it declined a row. */
  private RowSink sink;
  /** Only count the non-blank records (the first pass that sizes the arrays): no parsing, no checks. */
  private final boolean countOnly;
  private long records;

  CsvScanner(String file, Header header, int expectedColumns) {
    this(file, header, expectedColumns, null, false);
  }

  CsvScanner(String file, Header header, int expectedColumns, RowSink sink, boolean countOnly) {
    this.file = file;
    this.header = header;
    this.columns = expectedColumns;
    this.sink = sink;
    this.countOnly = countOnly;
  }

  /** The non-blank records seen (a header included): what a counting scanner counts. */
  long records() {
    return records;
  }

  /** Scans {@code s[from, to)}. */
  void feed(char[] s, int from, int to) {
    for (int i = from; i < to; i++) {
      char ch = s[i];
      if (atStart) {
        atStart = false;
        if (ch == '\uFEFF') {
          bomSkipped = true;
          continue;
        }
      }
      if (pendingCr) {
        pendingCr = false;
        if (ch == '\n') {
          continue;
        }
      }
      if (inQuotes) {
        if (quoteInQuotes) {
          quoteInQuotes = false;
          if (ch == '"') {
            append('"');
            continue;
          }
          inQuotes = false;
          afterClosingQuote = true;
          // ch is outside the quotes: handled below
        } else {
          if (ch == '"') {
            quoteInQuotes = true;
          } else {
            if (ch == '\n' || ch == '\r') {
              line++;
              pendingCr = ch == '\r';
            }
            append(ch);
          }
          continue;
        }
      }
      switch (ch) {
        case ',' -> {
          recordBlank = false;
          endCell();
        }
        case '\n', '\r' -> {
          endRecord();
          line++;
          recordLine = line;
          pendingCr = ch == '\r';
        }
        case '"' -> {
          if (afterClosingQuote && !countOnly) {
            throw new DataException(file, line, cellIndex + 1, "a quote after the closing quote of a cell");
          }
          recordBlank = false;
          if (!cellHasText && !quoted) {
            quoted = true;
            inQuotes = true;
            quoteLine = line;
            cellLength = 0;
          } else {
            append(ch);
          }
        }
        default -> {
          boolean space = ch <= ' ';
          if (afterClosingQuote) {
            if (!space && !countOnly) {
              throw new DataException(file, line, cellIndex + 1, "text after the closing quote of a cell");
            }
          } else {
            append(ch);
            if (!space) {
              cellHasText = true;
              recordBlank = false;
            } else if (!Character.isWhitespace(ch)) {
              recordBlank = false;
            }
          }
        }
      }
    }
  }

  /** The end of the input: the last record (without a line break), then the checks on the whole file. */
  void finish() {
    if (countOnly) {
      if (!recordBlank || cellIndex > 0 || quoted) {
        endRecord();
      }
      return;
    }
    if (inQuotes && !quoteInQuotes) {
      throw new DataException(file, quoteLine, cellIndex + 1, "the quote that opens this cell is never closed");
    }
    if (!recordBlank || cellIndex > 0 || quoted) {
      endRecord();
    }
    if (firstRecord) {
      throw new DataException(file, 0, 0, "file is empty");
    }
    if (rows == 0) {
      throw new DataException(file, 1, 0, "no data rows after the header");
    }
  }

  private void append(char ch) {
    if (cellLength == cell.length) {
      cell = Arrays.copyOf(cell, cellLength * 2);
    }
    cell[cellLength++] = ch;
  }

  private void endCell() {
    if (inQuotes) {
      // a closing quote at the very end of the input
      inQuotes = false;
      quoteInQuotes = false;
    }
    if (countOnly) {
      cellIndex++;
      cellLength = 0;
      cellHasText = false;
      quoted = false;
      afterClosingQuote = false;
      return;
    }
    int from = 0;
    int to = cellLength;
    while (from < to && cell[from] <= ' ') {
      from++;
    }
    while (to > from && cell[to - 1] <= ' ') {
      to--;
    }
    double v = DecimalNumber.parse(cell, from, to);
    if (cellIndex == row.length) {
      row = Arrays.copyOf(row, row.length * 2);
    }
    row[cellIndex] = v;
    boolean notNumber = Double.isNaN(v);
    if ((notNumber || Double.isInfinite(v)) && (badColumn < 0 || (notNumber && badIsRange && firstRecord))) {
      // the first bad cell; on the first record a cell that is no number at all decides the header question
      badColumn = cellIndex;
      badText = new String(cell, from, to - from);
      badIsRange = !notNumber;
    }
    cellIndex++;
    cellLength = 0;
    cellHasText = false;
    quoted = false;
    afterClosingQuote = false;
  }

  private void endRecord() {
    if (recordBlank && cellIndex == 0 && !quoted) {
      if (firstBlank == 0) {
        firstBlank = recordLine;
      }
      cellLength = 0;
      return;
    }
    endCell();
    if (countOnly) {
      records++;
      cellIndex = 0;
      recordBlank = true;
      return;
    }
    if (firstBlank != 0) {
      throw new DataException(file, firstBlank, 0, "blank line before the end of the data");
    }
    int count = cellIndex;
    if (columns <= 0) {
      columns = count;
    }
    if (count != columns) {
      // the column of the first missing cell, or of the first cell too many
      throw new DataException(file, recordLine, Math.min(count, columns) + 1,
          "expected " + columns + " columns, found " + count);
    }
    boolean wasFirst = firstRecord;
    firstRecord = false;
    if (wasFirst && (header == Header.PRESENT || (header == Header.AUTO && badColumn >= 0 && !badIsRange))) {
      hadHeader = true;
    } else {
      if (badColumn >= 0) {
        throw new DataException(file, recordLine, badColumn + 1,
            "'" + badText + (badIsRange ? "' is out of range for a double" : "' is not a number"));
      }
      if ((long) (rows + 1) * columns > Integer.MAX_VALUE - 8) {
        throw new DataException(file, recordLine, 0, "more than " + (Integer.MAX_VALUE - 8)
            + " values: too many for one array");
      }
      if (sink != null && !sink.row(rows, row, count, recordLine, hadHeader)) {
        sink = null;
      }
      if (sink == null) {
        values.add(row, count);
      }
      if (rows == rowLines.length) {
        rowLines = Arrays.copyOf(rowLines, rows * 2);
      }
      rowLines[rows++] = recordLine;
    }
    cellIndex = 0;
    badColumn = -1;
    badText = null;
    badIsRange = false;
    recordBlank = true;
  }

  /** The physical line being read, and the 1-based column of the cell being read: where a decoding error is. */
  int line() {
    return line;
  }

  int column() {
    return cellIndex + 1;
  }

  long rows() {
    return rows;
  }

  boolean bomSkipped() {
    return bomSkipped;
  }

  CsvReader.Table table(java.util.List<String> notes) {
    return new CsvReader.Table(values, rows, columns, Arrays.copyOf(rowLines, rows), hadHeader, notes);
  }
}
