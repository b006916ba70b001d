package org.optspec.cli;

import java.io.IOException;
import java.nio.file.Path;

/** The command line's name for {@link org.optspec.runtime.io.AtomicFiles}: a whole file or nothing. */
final class AtomicFiles {

  private AtomicFiles() {}

  static void write(Path target, byte[] bytes) throws IOException {
    org.optspec.runtime.io.AtomicFiles.write(target, bytes);
  }

  static void write(Path target, String text) throws IOException {
    org.optspec.runtime.io.AtomicFiles.write(target, text);
  }
}
