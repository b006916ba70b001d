package org.optspec.cli;

import java.io.PrintStream;
import java.util.Locale;
import org.optspec.runtime.data.LoadMonitor;

/**
 * What reading a data file tells the user, on stderr: notes ({@code note: data.csv: skipped a UTF-8 byte order mark at
 * the start of the file}) and, for a big file, a progress line every 5% or second, first while its rows are counted
 * ({@code counting the rows of data.csv: 45% (94 of 209 MB, 1.2 s)}), then while they are read
 * ({@code reading data.csv: 45% (94 of 209 MB, 990,000 rows, 4.1 s)}), then {@code read data.csv: ...} at the end.
 */
final class DataLoadPrinter implements LoadMonitor {
  private final PrintStream err;

  DataLoadPrinter(PrintStream err) {
    this.err = err;
  }

  @Override
  public void note(String file, String message) {
    err.println("note: " + file + ": " + message);
  }

  @Override
  public void counting(String file, long bytesRead, long totalBytes, double seconds) {
    err.printf(Locale.ROOT, "counting the rows of %s: %d%% (%,d of %,d MB, %.1f s)%n", file, bytesRead * 100 / totalBytes,
        megabytes(bytesRead), megabytes(totalBytes), seconds);
  }

  @Override
  public void progress(String file, long bytesRead, long totalBytes, long rows, double seconds) {
    if (bytesRead >= totalBytes) {
      err.printf(Locale.ROOT, "read %s: %,d MB, %,d rows in %.1f s%n", file, megabytes(totalBytes), rows, seconds);
    } else {
      err.printf(Locale.ROOT, "reading %s: %d%% (%,d of %,d MB, %,d rows, %.1f s)%n", file, bytesRead * 100 / totalBytes,
          megabytes(bytesRead), megabytes(totalBytes), rows, seconds);
    }
  }

  private static long megabytes(long bytes) {
    return (bytes + 500_000) / 1_000_000;
  }
}
