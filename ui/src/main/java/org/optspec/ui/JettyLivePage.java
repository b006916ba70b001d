package org.optspec.ui;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;
import org.optspec.cli.LivePage;

/**
 * The live page on Jetty's core server (no servlets), bound to 127.0.0.1 only. {@code /} is the page, {@code /live.js}
 * its script (a small canvas plotter, nothing fetched from elsewhere), {@code /events} the server-sent event stream:
 * every event published so far, then each new one as it is published. Events are written by one thread of their own,
 * so a slow browser never holds up training; a browser that goes away is dropped.
 */
public final class JettyLivePage implements LivePage {
  /** The files the page is made of, served from this jar: path, resource, content type. */
  private static final Map<String, String[]> FILES = Map.of(
      "/", new String[] {"index.html", "text/html; charset=utf-8"},
      "/index.html", new String[] {"index.html", "text/html; charset=utf-8"},
      "/live.js", new String[] {"live.js", "text/javascript; charset=utf-8"});

  private final Server server;
  private final URI address;
  private final List<String> history = new ArrayList<>();
  private final List<Watcher> watchers = new CopyOnWriteArrayList<>();
  private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "live-page-events");
    t.setDaemon(true);
    return t;
  });
  private final CountDownLatch closed = new CountDownLatch(1);

  /** One open {@code /events} response. */
  private record Watcher(Response response, Callback callback) {}

  private JettyLivePage(int port) throws IOException {
    server = new Server();
    ServerConnector connector = new ServerConnector(server, 1, 1);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) throws Exception {
        return serve(request, response, callback);
      }
    });
    try {
      server.start();
    } catch (Exception e) {
      try {
        server.stop();
      } catch (Exception ignored) {
        // the start's failure is the one to report
      }
      throw new IOException("cannot serve the live page on 127.0.0.1:" + port + ": " + e.getMessage(), e);
    }
    address = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/");
  }

  /** Registered in META-INF/services for {@code optspec train --ui}. */
  public static final class Provider implements LivePage.Provider {
    @Override
    public LivePage start(int port) throws IOException {
      return new JettyLivePage(port);
    }
  }

  @Override
  public URI address() {
    return address;
  }

  @Override
  public void publish(String json) {
    String event = frame(json);
    writer.execute(() -> {
      synchronized (history) {
        history.add(event);
      }
      for (Watcher w : watchers) {
        send(w, event);
      }
    });
  }

  /** One SSE frame: every line of the JSON after {@code data: }, then a blank line. */
  static String frame(String json) {
    StringBuilder out = new StringBuilder();
    for (String line : json.strip().split("\n")) {
      out.append("data: ").append(line).append('\n');
    }
    return out.append('\n').toString();
  }

  private boolean serve(Request request, Response response, Callback callback) throws IOException {
    String path = Request.getPathInContext(request);
    if (path.equals("/events")) {
      response.setStatus(HttpStatus.OK_200);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
      response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
      Watcher watcher = new Watcher(response, callback);
      // joins on the writer thread: the replay and later events go out in order, none twice, none lost
      writer.execute(() -> {
        String replay;
        synchronized (history) {
          replay = String.join("", history);
        }
        watchers.add(watcher);
        send(watcher, replay.isEmpty() ? ": hello\n\n" : replay);
      });
      return true;
    }
    String[] file = FILES.get(path);
    if (file == null) {
      Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
      return true;
    }
    byte[] body;
    try (InputStream in = JettyLivePage.class.getResourceAsStream(file[0])) {
      if (in == null) {
        throw new IOException("the jar lacks org/optspec/ui/" + file[0]);
      }
      body = in.readAllBytes();
    }
    response.setStatus(HttpStatus.OK_200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, file[1]);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
    response.write(true, ByteBuffer.wrap(body), callback);
    return true;
  }

  /** Writes to one watcher on the writer thread; a watcher whose browser went away is dropped. */
  private void send(Watcher w, String text) {
    try (Blocker.Callback done = Blocker.callback()) {
      w.response().write(false, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), done);
      done.block();
    } catch (IOException | RuntimeException e) {
      watchers.remove(w);
      w.callback().failed(e);
    }
  }

  @Override
  public void awaitClose() throws InterruptedException {
    closed.await();
  }

  @Override
  public void close() {
    if (closed.getCount() == 0) {
      return;
    }
    // let the events published so far go out first
    writer.execute(() -> {
      for (Watcher w : watchers) {
        w.callback().succeeded();
      }
      watchers.clear();
    });
    writer.shutdown();
    try {
      writer.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
      server.stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // stopping a server that serves nothing else cannot leave anything behind worth reporting
    } finally {
      closed.countDown();
    }
  }
}
