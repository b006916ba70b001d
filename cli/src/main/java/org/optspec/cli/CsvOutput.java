package org.optspec.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Every CSV the command line writes, in RFC 4180 form: a field holding a comma, a quote or a line break is
 * quoted ({@code "dense0.weight[0,1]"}, {@code "W[1,2]"}), quotes inside it doubled, everything else as is, so any
 * standard reader (Commons CSV, Python's {@code csv}, pandas, a spreadsheet) sees the same columns. Records end with
 * {@code \n}, the line ending the rest of the project's files use (RFC 4180 allows a reader to accept either).
 */
final class CsvOutput implements AutoCloseable {
  static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator('\n').get();

  private final CSVPrinter printer;

  CsvOutput(Writer out) {
    try {
      this.printer = new CSVPrinter(out, FORMAT);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One record; each value written with {@code String.valueOf} (numbers as {@code Double.toString} prints them). */
  CsvOutput record(Object... fields) throws IOException {
    printer.printRecord(fields);
    return this;
  }

  CsvOutput record(Iterable<?> fields) throws IOException {
    printer.printRecord(fields);
    return this;
  }

  @Override
  public void close() throws IOException {
    printer.flush();
  }
}
