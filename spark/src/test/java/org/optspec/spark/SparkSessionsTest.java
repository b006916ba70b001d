package org.optspec.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The check {@code --spark spark://...} makes before Spark starts (no Spark session here): a master that refuses, and
 * one that never answers, are errors that say so within the timeout, not a job waiting for executors.
 */
class SparkSessionsTest {

  @Test
  void aMasterThatNeverAnswersIsAnErrorWithinTheTimeout() throws IOException {
    // a socket that listens but never accepts, its queue full: the kernel drops further connection requests
    // unanswered, as a firewalled or wrong host does
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = silent.getLocalPort();
      List<Socket> queued = new ArrayList<>();
      try {
        for (int i = 0; i < 8; i++) {
          Socket s = new Socket();
          try {
            s.connect(new InetSocketAddress(silent.getInetAddress(), port), 300);
            queued.add(s);
          } catch (IOException full) {
            s.close();
            break;
          }
        }
        String master = "spark://127.0.0.1:" + port;
        long start = System.nanoTime();
        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> SparkSessions.requireReachable(master, Duration.ofSeconds(2)));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals("cannot reach the Spark master " + master + " within 2 s (127.0.0.1:" + port
            + ": Connect timed out): is it running, and is the URL the one its log prints?", e.getMessage());
        assertTrue(seconds >= 1.9 && seconds < 5, "waited the timeout: " + seconds + " s");
      } finally {
        for (Socket s : queued) {
          s.close();
        }
      }
    }
  }

  @Test
  void standbyMastersAreTriedInTurnAndAllNamedWhenNoneAnswers() throws IOException {
    int a = StandaloneCluster.freePort();
    int b = StandaloneCluster.freePort();
    String master = "spark://127.0.0.1:" + a + ",127.0.0.1:" + b;
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> SparkSessions.requireReachable(master, Duration.ofSeconds(2)));
    assertEquals("cannot reach the Spark master " + master + " within 2 s (127.0.0.1:" + a + ": Connection refused; "
        + "127.0.0.1:" + b + ": Connection refused): is it running, and is the URL the one its log prints?",
        e.getMessage());
    // one that answers is enough
    try (ServerSocket listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      SparkSessions.requireReachable("spark://127.0.0.1:" + a + ",127.0.0.1:" + listening.getLocalPort(),
          Duration.ofSeconds(2));
    }
  }

  @Test
  void aMalformedMasterUrlIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SparkSessions.requireReachable("spark://master", Duration.ofSeconds(1)));
    assertEquals("a standalone master URL is spark://HOST:PORT, got spark://master", e.getMessage());
  }
}
