package org.optspec.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.optspec.runtime.Dataset;

/**
 * A data file is untrusted input: a byte order mark, a quoted first row, bytes that are not UTF-8, a path that is not a
 * regular file, a file too big to show no progress. Each case gives the right rows or one exact, located message.
 */
class CsvHardeningTest {
  @TempDir Path dir;

  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private Path write(String name, byte[]... parts) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      b.write(p);
    }
    Path f = dir.resolve(name);
    Files.write(f, b.toByteArray());
    return f;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** What a monitor heard. */
  private static final class Heard implements LoadMonitor {
    final List<String> notes = new ArrayList<>();
    final List<long[]> progress = new ArrayList<>();
    final List<long[]> counting = new ArrayList<>();
    /** "count" and "read" in the order they were heard. */
    final List<String> order = new ArrayList<>();

    @Override
    public void counting(String file, long bytesRead, long totalBytes, double seconds) {
      counting.add(new long[] {bytesRead, totalBytes});
      order.add("count");
    }

    @Override
    public void note(String file, String message) {
      notes.add(file + ": " + message);
    }

    @Override
    public void progress(String file, long bytesRead, long totalBytes, long rows, double seconds) {
      progress.add(new long[] {bytesRead, totalBytes, rows});
      order.add("read");
    }
  }

  private static DataPipeline regression() {
    return DataPipeline.csv("d.csv").target(-1).build();
  }

  @Test
  void aByteOrderMarkIsSkippedAndNotedAndTheNumericFirstRowStaysData() throws IOException {
    write("d.csv", BOM, utf8("1,2,3\n4,5,6\n"));
    Heard heard = new Heard();
    Dataset d = regression().load(dir, heard).train();
    assertEquals(2, d.rows());
    assertArrayEquals(new double[] {1, 2, 4, 5}, d.x());
    assertEquals(List.of("d.csv: skipped a UTF-8 byte order mark at the start of the file"), heard.notes);
  }

  @Test
  void aByteOrderMarkBeforeAHeaderLeavesTheFirstNameClean() throws IOException {
    write("d.csv", BOM, utf8("a,b,y\n1,2,3\n"));
    Dataset d = regression().load(dir).train();
    assertEquals(1, d.rows());
    // with names, the first header cell is "a", not "\uFEFFa": a spec's column names still match
    write("d.csv", BOM, utf8("1,2,3\n"));
    assertEquals(1, DataPipeline.csv("d.csv").columns("a", "b", "y").build().load(dir).train().rows());
  }

  @Test
  void aQuotedNumericFirstRowIsDataNotAHeader() throws IOException {
    write("d.csv", utf8("\"1\",\"2\",\"3\"\n4,5,6\n"));
    Dataset d = regression().load(dir).train();
    assertEquals(2, d.rows());
    assertArrayEquals(new double[] {1, 2, 4, 5}, d.x());
    assertArrayEquals(new double[] {3, 6}, d.y());
  }

  @Test
  void quotedCellsAreUnquotedRfc4180Style() throws IOException {
    // a header name with a comma and a doubled quote, quoted numbers with spaces, CRLF line ends
    write("d.csv", utf8("\"x, first\",\"say \"\"b\"\"\",y\r\n \" 1.5\" ,2,3\r\n4,\"-5e-1\",6\r\n"));
    Dataset d = regression().load(dir).train();
    assertEquals(2, d.rows());
    assertArrayEquals(new double[] {1.5, 2, 4, -0.5}, d.x());
  }

  @Test
  void theHeaderRuleIsSomeCellNotANumberAfterUnquoting() throws IOException {
    // one name among numbers makes a header; NaN and Infinity are not numbers; every plain decimal form is
    write("d.csv", utf8("1,2,NaN\n4,5,6\n"));
    assertEquals(1, regression().load(dir).train().rows());
    write("d.csv", utf8("-.5,+1.,1e-3\n4,5,6\n"));
    Dataset d = regression().load(dir).train();
    assertEquals(2, d.rows());
    assertArrayEquals(new double[] {-0.5, 1.0, 4, 5}, d.x());
  }

  @Test
  void aQuoteLeftOpenOrTextAfterItIsLocated() throws IOException {
    write("d.csv", utf8("1,2,3\n4,\"5,6\n"));
    DataException open = assertThrows(DataException.class, () -> regression().load(dir));
    assertEquals("d.csv:2:2: the quote that opens this cell is never closed", open.getMessage());
    write("d.csv", utf8("1,2,3\n4,\"5\"x,6\n"));
    DataException after = assertThrows(DataException.class, () -> regression().load(dir));
    assertEquals("d.csv:2:2: text after the closing quote of a cell", after.getMessage());
  }

  @Test
  void invalidUtf8IsReportedAtItsLineAndColumn() throws IOException {
    write("d.csv", utf8("1,2,3\n4,"), new byte[] {(byte) 0xFF}, utf8(",6\n"));
    DataException e = assertThrows(DataException.class, () -> regression().load(dir));
    assertEquals("d.csv:2:2: invalid UTF-8: byte 0xFF at byte 8 of the file (save it as UTF-8)", e.getMessage());
    assertEquals(2, e.row());
    assertEquals(2, e.column());
    // Latin-1 text in a header name: é as the single byte 0xE9
    write("d.csv", utf8("caf"), new byte[] {(byte) 0xE9}, utf8(",b,y\n1,2,3\n"));
    DataException header = assertThrows(DataException.class, () -> regression().load(dir));
    assertTrue(header.getMessage().startsWith("d.csv:1:1: invalid UTF-8: byte 0xE9 at byte 3"), header.getMessage());
    // a sequence cut short by the end of the file
    write("d.csv", utf8("1,2,3\n4,5,6"), new byte[] {(byte) 0xC3});
    DataException cut = assertThrows(DataException.class, () -> regression().load(dir));
    assertTrue(cut.getMessage().startsWith("d.csv:2:3: invalid UTF-8: byte 0xC3 at byte 11"), cut.getMessage());
  }

  @Test
  void aDirectoryIsRefusedAsADirectoryNotAsMissing() throws IOException {
    Files.createDirectory(dir.resolve("d.csv"));
    DataException e = assertThrows(DataException.class, () -> regression().load(dir));
    assertEquals("d.csv: not a regular file: it is a directory (" + dir.resolve("d.csv").toAbsolutePath().normalize() + ")",
        e.getMessage());
    DataException rows = assertThrows(DataException.class, () -> regression().readRows(dir.resolve("d.csv")));
    assertTrue(rows.getMessage().contains("not a regular file: it is a directory"), rows.getMessage());
  }

  @Test
  void aFifoIsRefusedWithoutOpeningIt() throws Exception {
    Path fifo = dir.resolve("d.csv");
    Process mkfifo;
    try {
      mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    } catch (IOException e) {
      throw new AssertionError("this test makes its FIFO with mkfifo (coreutils), which could not be started", e);
    }
    assertEquals(0, mkfifo.waitFor());
    DataException e = assertThrows(DataException.class, () -> regression().load(dir));
    assertTrue(e.getMessage().startsWith("d.csv: not a regular file: it is a FIFO"), e.getMessage());
  }

  @Test
  void aDeviceIsRefusedAsADevice() {
    Path zero = Path.of("/dev/zero");
    assertTrue(Files.exists(zero), "this test reads the character device /dev/zero, which is missing");
    DataException e = assertThrows(DataException.class,
        () -> regression().withFile("/dev/zero").load(Path.of("")));
    assertEquals("/dev/zero: not a regular file: it is a character device (/dev/zero)", e.getMessage());
    DataException rows = assertThrows(DataException.class, () -> regression().readRows(zero));
    assertEquals("/dev/zero: not a regular file: it is a character device (/dev/zero)", rows.getMessage());
  }

  @Test
  void aBigFileReportsProgressOfBothPassesAndASmallOneDoesNot() throws IOException {
    Path big = dir.resolve("d.csv");
    Random random = new Random(1);
    try (Writer w = Files.newBufferedWriter(big)) {
      while (Files.size(big) < 0 || w != null) {
        for (int i = 0; i < 10_000; i++) {
          w.write(random.nextInt(1000) / 8.0 + "," + random.nextInt(1000) / 16.0 + "," + i + "\n");
        }
        w.flush();
        if (Files.size(big) > LoadMonitor.PROGRESS_MIN_BYTES + 1024) {
          break;
        }
      }
    }
    long size = Files.size(big);
    Heard heard = new Heard();
    Dataset d = regression().load(dir, heard).train();
    assertReports(heard, size, d.rows());
    // predict's and eval's read: the same two passes, the same reports
    Heard rows = new Heard();
    Dataset all = DataPipeline.csv("d.csv").target(-1).inputs(2).build().readRows(big, rows);
    assertEquals(d.rows(), all.rows());
    assertReports(rows, size, all.rows());

    write("small.csv", utf8("1,2,3\n"));
    Heard quiet = new Heard();
    DataPipeline.csv("small.csv").build().load(dir, quiet);
    DataPipeline.csv("small.csv").inputs(2).build().readRows(dir.resolve("small.csv"), quiet);
    assertTrue(quiet.progress.isEmpty() && quiet.counting.isEmpty() && quiet.notes.isEmpty());
  }

  /** The counting pass's reports (rising, short of the end), then the reading pass's (rising, the last at the end). */
  private static void assertReports(Heard heard, long size, int rows) {
    assertTrue(heard.counting.size() >= 1 && heard.counting.size() <= 40, heard.counting.size() + " counting reports");
    assertTrue(heard.progress.size() >= 2 && heard.progress.size() <= 40, heard.progress.size() + " reports");
    assertEquals("count", heard.order.get(0));
    assertEquals(heard.counting.size(), heard.order.lastIndexOf("count") + 1, "every counting report before the reading");
    for (int i = 0; i < heard.counting.size(); i++) {
      long[] c = heard.counting.get(i);
      assertEquals(size, c[1]);
      assertTrue(c[0] > 0 && c[0] < size, c[0] + " of " + size);
      assertTrue(i == 0 || c[0] > heard.counting.get(i - 1)[0]);
    }
    long[] last = heard.progress.get(heard.progress.size() - 1);
    assertEquals(size, last[0]);
    assertEquals(size, last[1]);
    assertEquals(rows, last[2]);
    for (int i = 1; i < heard.progress.size(); i++) {
      assertTrue(heard.progress.get(i)[0] > heard.progress.get(i - 1)[0]);
    }
  }

  @Test
  void valuesAreExactlyWhatParseDoubleGives() throws IOException {
    // the hand-written scan takes its fast path for short mantissas and falls back to Double.parseDouble otherwise
    Random random = new Random(7);
    StringBuilder text = new StringBuilder();
    List<String> cells = new ArrayList<>();
    String[] fixed = {"0", "-0", "0.1", "1e22", "1e23", "123456789012345", "1234567890123456789", "9007199254740993",
        "4.9e-324", "2.2250738585072014E-308", "1.7976931348623157e308", "0.30000000000000004", "-.5", "5.", "00012.5000"};
    for (String f : fixed) {
      cells.add(f);
    }
    for (int i = 0; i < 3000; i++) {
      double v = Double.longBitsToDouble(random.nextLong());
      if (Double.isFinite(v)) {
        cells.add(random.nextBoolean() ? Double.toString(v) : String.format(java.util.Locale.ROOT, "%.6f", random.nextGaussian()));
      }
    }
    for (String c : cells) {
      text.append(c).append(",0\n");
    }
    write("d.csv", utf8(text.toString()));
    Dataset d = DataPipeline.csv("d.csv").header(Header.ABSENT).build().load(dir).train();
    for (int i = 0; i < cells.size(); i++) {
      assertEquals(Double.doubleToRawLongBits(Double.parseDouble(cells.get(i))), Double.doubleToRawLongBits(d.x()[i]), cells.get(i));
    }
  }

  @Test
  void notNumbersAreStillRefusedWithTheirText() throws IOException {
    for (String bad : new String[] {"NaN", "Infinity", "1f", "0x10", "1e", ".", "+", "1_0", "1e5.5", "--1"}) {
      write("d.csv", utf8("1,2\n3," + bad + "\n"));
      DataException e = assertThrows(DataException.class, () -> DataPipeline.csv("d.csv").build().load(dir), bad);
      assertEquals("d.csv:2:2: '" + bad + "' is not a number", e.getMessage());
    }
    write("d.csv", utf8("1,2\n3,1e309\n"));
    assertEquals("d.csv:2:2: '1e309' is out of range for a double",
        assertThrows(DataException.class, () -> DataPipeline.csv("d.csv").build().load(dir)).getMessage());
    assertFalse(Double.isNaN(DecimalNumber.parse("1e-400".toCharArray(), 0, 6)));
  }
}
