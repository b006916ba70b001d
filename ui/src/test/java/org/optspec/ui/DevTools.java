package org.optspec.ui;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Headless Chromium driven over the Chrome DevTools protocol (a WebSocket from the JDK's own HTTP client): one
 * browser for a whole test, so the page is read while it keeps receiving events, with no WebDriver dependency.
 */
final class DevTools implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

  private final Process chromium;
  private final HttpClient http = HttpClient.newHttpClient();
  private final WebSocket socket;
  private final ConcurrentHashMap<Integer, CompletableFuture<String>> replies = new ConcurrentHashMap<>();
  private int next = 1;

  DevTools(Path chromiumBinary, Path profile, String url) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(chromiumBinary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--user-data-dir=" + profile, "--remote-debugging-port=0", "--window-size=1280,1250", "about:blank"));
    chromium = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    String browser = null;
    BufferedReader err = new BufferedReader(new InputStreamReader(chromium.getErrorStream(), StandardCharsets.UTF_8));
    for (String line = err.readLine(); line != null; line = err.readLine()) {
      Matcher m = LISTENING.matcher(line);
      if (m.find()) {
        browser = m.group(1);
        break;
      }
    }
    if (browser == null) {
      throw new IOException("chromium printed no DevTools address");
    }
    Thread drain = new Thread(() -> {
      try {
        err.transferTo(java.io.Writer.nullWriter());
      } catch (IOException e) {
        // chromium went away
      }
    }, "chromium-stderr");
    drain.setDaemon(true);
    drain.start();
    URI devtools = URI.create(browser.replaceFirst("^ws://", "http://").replaceFirst("/devtools/browser/.*$", "/"));
    HttpResponse<String> target = http.send(HttpRequest.newBuilder(devtools.resolve("json/new?" + url))
        .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    Matcher ws = Pattern.compile("\"webSocketDebuggerUrl\"\\s*:\\s*\"([^\"]+)\"").matcher(target.body());
    if (!ws.find()) {
      throw new IOException("no page target: " + target.body());
    }
    socket = http.newWebSocketBuilder().buildAsync(URI.create(ws.group(1)), new WebSocket.Listener() {
      private final StringBuilder text = new StringBuilder();

      @Override
      public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
          String message = text.toString();
          text.setLength(0);
          Matcher id = Pattern.compile("^\\{\"id\":(\\d+)").matcher(message);
          if (id.find()) {
            CompletableFuture<String> reply = replies.remove(Integer.parseInt(id.group(1)));
            if (reply != null) {
              reply.complete(message);
            }
          }
        }
        webSocket.request(1);
        return null;
      }
    }).join();
  }

  /** Sends one command and waits (10 s at most) for its reply, the raw JSON. */
  synchronized String call(String method, String params) throws Exception {
    int id = next++;
    CompletableFuture<String> reply = new CompletableFuture<>();
    replies.put(id, reply);
    socket.sendText("{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}", true).join();
    return reply.get(10, TimeUnit.SECONDS);
  }

  /** A JavaScript expression's value as a string. */
  String evaluate(String expression) throws Exception {
    String reply = call("Runtime.evaluate", "{\"expression\":\"String(" + expression.replace("\"", "\\\"") + ")\",\"returnByValue\":true}");
    Matcher v = Pattern.compile("\"value\":\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(reply);
    if (!v.find()) {
      throw new IllegalStateException("no value: " + reply);
    }
    return v.group(1).replace("\\\"", "\"").replace("\\n", "\n").replace("\\\\", "\\");
  }

  /** A PNG of the page as it is drawn now. */
  byte[] screenshot() throws Exception {
    String reply = call("Page.captureScreenshot", "{\"format\":\"png\"}");
    Matcher d = Pattern.compile("\"data\":\"([^\"]+)\"").matcher(reply);
    if (!d.find()) {
      throw new IllegalStateException("no screenshot: " + reply.substring(0, Math.min(200, reply.length())));
    }
    return Base64.getDecoder().decode(d.group(1));
  }

  @Override
  public void close() throws InterruptedException {
    if (socket != null) {
      socket.abort();
    }
    chromium.descendants().forEach(ProcessHandle::destroyForcibly);
    chromium.destroyForcibly();
    chromium.waitFor(10, TimeUnit.SECONDS);
  }
}
