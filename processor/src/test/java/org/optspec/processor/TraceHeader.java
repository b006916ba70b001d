package org.optspec.processor;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;

/** The header of a trace CSV, read as RFC 4180 by a standard parser: matrix element names are quoted, {@code "W[0,1]"}. */
final class TraceHeader {

  private TraceHeader() {}

  /** The columns of {@code line}. */
  static String[] split(String line) {
    try (CSVParser parser = CSVParser.parse(new StringReader(line), CSVFormat.RFC4180)) {
      return parser.getRecords().get(0).values();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
