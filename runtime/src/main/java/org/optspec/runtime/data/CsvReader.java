package org.optspec.runtime.data;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a comma-separated file of numbers, streaming: the bytes are decoded as strict UTF-8 (an invalid byte is a
 * {@link DataException} at its line and column), a UTF-8 byte order mark at the start is skipped and noted, and every
 * cell is parsed as it is read into chunks of doubles, so memory is the parsed values' (8 bytes a cell), never the
 * text's. The records are RFC 4180's ({@link CsvScanner}); the line each row came from is kept so later checks (labels)
 * can point at it.
 *
 * <p>Header rule ({@link Header#AUTO}): the first record is a header iff at least one of its cells, unquoted and
 * trimmed, is not a number; a number is a plain decimal ({@code [+-]?(d+[.d*]|.d+)([eE][+-]?d+)?}: not {@code NaN},
 * {@code Infinity} or hex). So a first row of numbers, quoted or not, after a byte order mark or not, is data.
 */
public final class CsvReader {
  private static final int BUFFER = 1 << 16;

  private CsvReader() {}

  /**
   * What a file held: {@code rows × columns} values in file order, the 1-based line number of each row, whether the
   * first record was a header, and notes for the user (a byte order mark skipped).
   */
  public static final class Table {
    private final ChunkedValues values;
    private final int rows;
    private final int columns;
    private final int[] lines;
    private final boolean hadHeader;
    private final List<String> notes;

    Table(ChunkedValues values, int rows, int columns, int[] lines, boolean hadHeader, List<String> notes) {
      this.values = values;
      this.rows = rows;
      this.columns = columns;
      this.lines = lines;
      this.hadHeader = hadHeader;
      this.notes = List.copyOf(notes);
    }

    public int rows() {
      return rows;
    }

    public int columns() {
      return columns;
    }

    /** The 1-based line each row starts on. Shared, not copied. */
    public int[] lines() {
      return lines;
    }

    public boolean hadHeader() {
      return hadHeader;
    }

    /** What the reader noticed and skipped, e.g. {@code skipped a UTF-8 byte order mark at the start of the file}. */
    public List<String> notes() {
      return notes;
    }

    /** The value of row {@code r}, column {@code c} (0-based). */
    public double value(int r, int c) {
      return values.get((long) r * columns + c);
    }

    /** Copies {@code count} values of row {@code r} from column {@code c} into {@code dst[at..]}. */
    public void copy(int r, int c, double[] dst, int at, int count) {
      values.copy((long) r * columns + c, dst, at, count);
    }

    /** Frees the values of the rows before {@code r}: a caller that copies rows out in order holds them once. */
    public void releaseRowsBefore(int r) {
      values.releaseBefore((long) r * columns);
    }

    /** Every value, row-major, in a new array (before any release). */
    public double[] values() {
      double[] all = new double[rows * columns];
      values.copy(0, all, 0, all.length);
      return all;
    }
  }

  /**
   * Reads everything from {@code in} (characters already decoded). {@code file} only names the source in messages.
   * {@code expectedColumns} ≤ 0 takes the count from the first row.
   */
  public static Table read(Reader in, String file, Header header, int expectedColumns) {
    CsvScanner scanner = new CsvScanner(file, header, expectedColumns);
    char[] buffer = new char[BUFFER];
    try {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        scanner.feed(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new DataException(file, scanner.line(), 0, "cannot read: " + e.getMessage(), e);
    }
    scanner.finish();
    return scanner.table(notes(scanner));
  }

  /**
   * Reads {@code in} as strict UTF-8. {@code totalBytes} is the file's size, or -1 when unknown (a resource); files of
   * at least {@link LoadMonitor#PROGRESS_MIN_BYTES} report progress to {@code monitor}, every 5% or every second.
   */
  public static Table read(InputStream in, long totalBytes, String file, Header header, int expectedColumns,
      LoadMonitor monitor) {
    return read(in, totalBytes, file, header, expectedColumns, monitor, null);
  }

  /**
   * The non-blank records of {@code in} (a header among them), without parsing or checking anything: the first pass
   * that lets {@link DataPipeline} allocate each split once and parse every row straight into it. Bytes that are not
   * UTF-8 count as text here; the reading pass reports them. A file of {@code totalBytes} ≥
   * {@link LoadMonitor#PROGRESS_MIN_BYTES} tells {@code monitor} how far the count got ({@link LoadMonitor#counting}),
   * at the reading pass's pace.
   */
  static long countRecords(InputStream in, long totalBytes, String file, LoadMonitor monitor) throws IOException {
    CsvScanner counter = new CsvScanner("", Header.ABSENT, 0, null, true);
    ProgressPace pace = new ProgressPace(totalBytes);
    CountingStream counted = new CountingStream(in);
    try (Reader reader = new InputStreamReader(counted, StandardCharsets.UTF_8)) {
      char[] buffer = new char[BUFFER];
      for (int n; (n = reader.read(buffer)) >= 0; ) {
        counter.feed(buffer, 0, n);
        if (counted.bytes < totalBytes && pace.due(counted.bytes)) {
          monitor.counting(file, counted.bytes, totalBytes, pace.seconds());
        }
      }
    }
    counter.finish();
    return counter.records();
  }

  /** The bytes read through it so far. */
  private static final class CountingStream extends FilterInputStream {
    long bytes;

    CountingStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        bytes++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        bytes += n;
      }
      return n;
    }
  }

  /** As {@link #read(InputStream, long, String, Header, int, LoadMonitor)}, rows going to {@code sink} first. */
  static Table read(InputStream in, long totalBytes, String file, Header header, int expectedColumns,
      LoadMonitor monitor, CsvScanner.RowSink sink) {
    CsvScanner scanner = new CsvScanner(file, header, expectedColumns, sink, false);
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer bytes = ByteBuffer.allocate(BUFFER);
    CharBuffer chars = CharBuffer.allocate(BUFFER);
    ProgressPace pace = new ProgressPace(totalBytes);
    long consumed = 0;
    boolean noted = false;
    boolean eof = false;
    try {
      while (!eof) {
        int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (n < 0) {
          eof = true;
        } else {
          bytes.position(bytes.position() + n);
        }
        bytes.flip();
        CoderResult result;
        do {
          result = decoder.decode(bytes, chars, eof);
          scanner.feed(chars.array(), 0, chars.position());
          chars.clear();
          if (result.isError()) {
            throw invalid(file, scanner, bytes, result.length(), consumed + bytes.position());
          }
        } while (result.isOverflow());
        if (eof) {
          decoder.flush(chars);
          scanner.feed(chars.array(), 0, chars.position());
        }
        consumed += bytes.position();
        bytes.compact();
        if (!noted && scanner.bomSkipped()) {
          noted = true;
          monitor.note(file, BOM_NOTE);
        }
        if (!eof && pace.due(consumed)) {
          monitor.progress(file, consumed, totalBytes, scanner.rows(), pace.seconds());
        }
      }
    } catch (IOException e) {
      throw new DataException(file, scanner.line(), 0, "cannot read: " + e.getMessage(), e);
    }
    scanner.finish();
    if (pace.reports()) {
      monitor.progress(file, consumed, Math.max(totalBytes, consumed), scanner.rows(), pace.seconds());
    }
    return scanner.table(notes(scanner));
  }

  static final String BOM_NOTE = "skipped a UTF-8 byte order mark at the start of the file";

  private static List<String> notes(CsvScanner scanner) {
    List<String> notes = new ArrayList<>();
    if (scanner.bomSkipped()) {
      notes.add(BOM_NOTE);
    }
    return notes;
  }

  /** {@code invalid UTF-8: byte 0xFF at byte 1234 of the file}, at the line and cell the decoder had reached. */
  private static DataException invalid(String file, CsvScanner scanner, ByteBuffer bytes, int length, long offset) {
    StringBuilder hex = new StringBuilder();
    for (int i = 0; i < length && bytes.position() + i < bytes.limit(); i++) {
      hex.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "0x%02X", bytes.get(bytes.position() + i) & 0xFF));
    }
    return new DataException(file, scanner.line(), scanner.column(), "invalid UTF-8: " + (length == 1 ? "byte " : "bytes ")
        + hex + " at byte " + offset + " of the file (save it as UTF-8)");
  }
}
