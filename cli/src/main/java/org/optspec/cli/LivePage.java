package org.optspec.cli;

import java.io.IOException;
import java.net.URI;

/**
 * The live training page of {@code train --ui} and {@code compare --ui}: a small web server on 127.0.0.1 that pushes
 * every event {@link #publish}ed to the browsers watching it (server-sent events) and replays all of them to a page
 * opened later, so the page stays readable after training ends. The command line only defines this seam; the server
 * is the {@code optspec-ui} module's ({@code org.optspec.ui.JettyLivePage}), found by {@link java.util.ServiceLoader}
 * through {@link Provider}, so a build without it pulls no web server.
 */
public interface LivePage extends AutoCloseable {

  /** The page's address, e.g. {@code http://127.0.0.1:43121/}. */
  URI address();

  /** Sends one event, a JSON object with a {@code "type"}, to every watching page and keeps it for later ones. */
  void publish(String json);

  /** Blocks until {@link #close} (e.g. from the JVM's shutdown on Ctrl-C). */
  void awaitClose() throws InterruptedException;

  /** Stops the server; open pages keep what they have drawn. */
  @Override
  void close();

  /** Starts live pages; the {@code optspec-ui} module registers one in {@code META-INF/services}. */
  interface Provider {

    /** A page serving on 127.0.0.1 at {@code port}, or an ephemeral port when {@code port} is 0. */
    LivePage start(int port) throws IOException;
  }
}
