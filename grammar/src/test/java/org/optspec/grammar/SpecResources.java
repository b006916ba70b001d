package org.optspec.grammar;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The test resource directories of this module. */
final class SpecResources {

  static final Path SPECS = Path.of("src/test/resources/specs");
  static final Path DIAGNOSTICS = Path.of("src/test/resources/diagnostics");

  private SpecResources() {}

  /** The {@code .optspec} files of a directory, sorted so test order is stable. */
  static List<Path> optspecFiles(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".optspec")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
