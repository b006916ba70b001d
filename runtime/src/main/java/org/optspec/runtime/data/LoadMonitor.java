package org.optspec.runtime.data;

/**
 * Hears about a data file as it is read: notes worth telling the user (a byte order mark skipped) and, for a file of at
 * least {@link #PROGRESS_MIN_BYTES}, progress at most every 5% of its bytes or every second: first while a pass counts
 * its records ({@link #counting}), then while a pass parses them ({@link #progress}, once more at the end). The command
 * line prints all of it on stderr; {@link #NONE} ignores it.
 */
public interface LoadMonitor {

  /** Files smaller than this (16 MiB) load without progress reports. */
  long PROGRESS_MIN_BYTES = 16L << 20;

  LoadMonitor NONE = new LoadMonitor() {};

  /** Something about {@code file} the user may want to know, e.g. {@code skipped a UTF-8 byte order mark}. */
  default void note(String file, String message) {}

  /**
   * The counting pass (which lets the parsing pass put every row straight into place) has read {@code bytesRead} of
   * {@code totalBytes}; {@code seconds} since it began. Never at its end: the parsing pass's reports follow.
   */
  default void counting(String file, long bytesRead, long totalBytes, double seconds) {}

  /**
   * {@code bytesRead} of {@code totalBytes} read, {@code rows} data rows parsed so far ({@code bytesRead == totalBytes}
   * at the end). {@code seconds} since the read began.
   */
  default void progress(String file, long bytesRead, long totalBytes, long rows, double seconds) {}
}
