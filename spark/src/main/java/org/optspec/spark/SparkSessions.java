package org.optspec.spark;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark session for a master URL, as {@code optspec train --spark URL} makes it: {@code local[*]} (or
 * {@code local[N]}) runs Spark in this process; {@code spark://HOST:PORT} (comma-separated masters for a standby
 * set-up) is checked first, so that a master that cannot be reached is an error within {@code timeout} instead of a
 * job that waits for executors forever; {@code yarn} and {@code k8s://...} go to Spark as they are.
 */
public final class SparkSessions {
  private SparkSessions() {}

  /** How long {@link #connect(String, String)} waits for a standalone master to answer. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  public static SparkSession connect(String master, String appName) {
    return connect(master, appName, DEFAULT_TIMEOUT);
  }

  public static SparkSession connect(String master, String appName, Duration timeout) {
    requireReachable(master, timeout);
    SparkSession.Builder builder = SparkSession.builder().master(master).appName(appName);
    if (master.startsWith("local")) {
      builder.config("spark.ui.enabled", "false");
    }
    return builder.getOrCreate();
  }

  /** For {@code spark://} URLs: one of the masters accepts a connection within {@code timeout}, else why not. */
  public static void requireReachable(String master, Duration timeout) {
    if (!master.startsWith("spark://")) {
      return;
    }
    List<String> failures = new ArrayList<>();
    for (String hostPort : master.substring("spark://".length()).split(",")) {
      int colon = hostPort.lastIndexOf(':');
      if (colon < 1) {
        throw new IllegalArgumentException("a standalone master URL is spark://HOST:PORT, got " + master);
      }
      String host = hostPort.substring(0, colon);
      int port;
      try {
        port = Integer.parseInt(hostPort.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("a standalone master URL is spark://HOST:PORT, got " + master, e);
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(host, port), (int) Math.max(1, timeout.toMillis()));
        return;
      } catch (IOException e) {
        failures.add(hostPort + ": " + e.getMessage());
      }
    }
    throw new IllegalStateException("cannot reach the Spark master " + master + " within " + timeout.toSeconds()
        + " s (" + String.join("; ", failures) + "): is it running, and is the URL the one its log prints?");
  }
}
