package org.optspec.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code --out DIR} belongs to one run at a time: {@code DIR/.lock}, locked by the operating system for as long as the
 * run lasts (released by the OS when the process dies, even by {@code kill -9}), so two runs on one directory cannot
 * leave a report and a checkpoint from different runs. Holding it, the temporary files a killed run left behind
 * ({@code .checkpoint.safetensors.PID.NANOS.tmp}) are stale and removed.
 */
final class OutputLock implements AutoCloseable {
  static final String FILE = ".lock";

  private final FileChannel channel;
  private final FileLock lock;

  private OutputLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Another run holds the directory, or it cannot be locked. */
  static final class Busy extends Exception {
    private static final long serialVersionUID = 1L;

    Busy(String message) {
      super(message);
    }
  }

  static OutputLock acquire(Path dir, PrintStream out) throws Busy {
    FileChannel channel = null;
    try {
      Files.createDirectories(dir);
      channel = FileChannel.open(dir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        channel.close();
        throw new Busy(dir + " is in use by another optspec run (it holds " + dir.resolve(FILE)
            + "); wait for it to finish or choose another --out");
      }
      removeStaleTemporaries(dir, out);
      return new OutputLock(channel, lock);
    } catch (IOException e) {
      try {
        if (channel != null) {
          channel.close();
        }
      } catch (IOException ignored) {
        // already failing
      }
      throw new Busy("cannot lock " + dir.resolve(FILE) + ": " + e.getMessage());
    }
  }

  private static void removeStaleTemporaries(Path dir, PrintStream out) throws IOException {
    List<Path> stale;
    try (Stream<Path> files = Files.list(dir)) {
      stale = files.filter(f -> {
        String name = f.getFileName().toString();
        return name.startsWith(".") && name.endsWith(".tmp") && Files.isRegularFile(f);
      }).toList();
    }
    for (Path f : stale) {
      Files.deleteIfExists(f);
    }
    if (!stale.isEmpty()) {
      out.println("removed " + stale.size() + " temporary file" + (stale.size() == 1 ? "" : "s")
          + " an interrupted run left in " + dir);
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException ignored) {
      // the OS releases the lock with the process anyway
    }
  }
}
