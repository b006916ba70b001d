package org.optspec.runtime.data;

/**
 * When a pass over a data file tells its {@link LoadMonitor} how far it got: only for a file of at least
 * {@link LoadMonitor#PROGRESS_MIN_BYTES}, and then at most every 5% of its bytes or every second. Both passes of
 * {@link DataPipeline} (counting the records, then parsing) keep this pace.
 */
final class ProgressPace {
  private static final long SECOND = 1_000_000_000L;

  private final long totalBytes;
  private final boolean reports;
  private final long start = System.nanoTime();
  private long nextBytes;
  private long nextTime;

  /** {@code totalBytes} is the file's size, or -1 when unknown (a resource: no reports). */
  ProgressPace(long totalBytes) {
    this.totalBytes = totalBytes;
    this.reports = totalBytes >= LoadMonitor.PROGRESS_MIN_BYTES;
    this.nextBytes = totalBytes / 20;
    this.nextTime = start + SECOND;
  }

  /** Whether this file reports progress at all. */
  boolean reports() {
    return reports;
  }

  /** Whether a report is due now that {@code bytesRead} bytes are read; if so, the next one is due 5% or a second on. */
  boolean due(long bytesRead) {
    if (!reports) {
      return false;
    }
    long now = System.nanoTime();
    if (bytesRead < nextBytes && now < nextTime) {
      return false;
    }
    nextBytes = bytesRead + totalBytes / 20;
    nextTime = now + SECOND;
    return true;
  }

  /** Seconds since the pass began. */
  double seconds() {
    return (System.nanoTime() - start) / 1e9;
  }
}
