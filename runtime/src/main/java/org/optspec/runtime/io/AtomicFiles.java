package org.optspec.runtime.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a whole file or nothing: a temporary file beside the target ({@code .NAME.PID.NANOS.tmp}, the name the command
 * line's {@code --out} lock cleans up after a killed run), then an atomic rename over the target. Checkpoints go through
 * {@code SafeTensorsWriter.write}, which does the same and forces the bytes to disk first.
 */
public final class AtomicFiles {

  private AtomicFiles() {}

  public static void write(Path target, byte[] bytes) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = temporary(target);
    try {
      Files.write(tmp, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  public static void write(Path target, String text) throws IOException {
    write(target, text.getBytes(StandardCharsets.UTF_8));
  }

  /** A fresh name beside {@code target}, hidden, created with the process's usual permissions. */
  public static Path temporary(Path target) {
    return target.toAbsolutePath().resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + "."
        + System.nanoTime() + ".tmp");
  }
}
