package org.optspec.runtime.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a path that is not a regular file is, for messages that refuse it by its kind ({@code it is a FIFO}) rather
 * than calling it missing: a directory, a FIFO, a character device ({@code /dev/zero}), a block device, a socket.
 */
public final class FileKind {

  private FileKind() {}

  /** {@code a directory}, {@code a FIFO}, {@code a character device}, ... or {@code not a regular file}. */
  public static String of(Path path) {
    if (Files.isDirectory(path)) {
      return "a directory";
    }
    try {
      Object mode = Files.getAttribute(path, "unix:mode");
      if (mode instanceof Integer m) {
        return switch (m & 0170000) {
          case 0010000 -> "a FIFO";
          case 0020000 -> "a character device";
          case 0060000 -> "a block device";
          case 0140000 -> "a socket";
          default -> "not a regular file";
        };
      }
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      // no unix attributes on this file system
    }
    return "not a regular file";
  }
}
