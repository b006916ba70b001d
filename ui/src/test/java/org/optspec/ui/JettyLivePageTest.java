package org.optspec.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.optspec.cli.LivePage;

/** The server of the live page: on 127.0.0.1, the page from the jar, every event replayed to a page opened later. */
class JettyLivePageTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void aPageOpenedLaterGetsEveryEventInOrderThenTheNewOnes() throws Exception {
    LivePage page = ServiceLoader.load(LivePage.Provider.class).findFirst().orElseThrow().start(0);
    try {
      assertEquals("127.0.0.1", page.address().getHost());
      assertTrue(page.address().getPort() > 0);
      page.publish("{\"type\": \"settings\", \"run\": \"A\"}");
      page.publish("{\n  \"type\": \"step\",\n  \"run\": \"A\",\n  \"step\": 1\n}\n");
      HttpResponse<java.io.InputStream> events = http.send(HttpRequest.newBuilder(page.address().resolve("events")).build(),
          HttpResponse.BodyHandlers.ofInputStream());
      assertEquals(200, events.statusCode());
      assertTrue(events.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
      BufferedReader in = new BufferedReader(new InputStreamReader(events.body(), StandardCharsets.UTF_8));
      List<String> frames = new ArrayList<>(List.of(frame(in), frame(in)));
      page.publish("{\"type\": \"end\", \"run\": \"A\", \"how\": \"finished\"}");
      frames.add(frame(in));
      assertEquals(List.of("{\"type\": \"settings\", \"run\": \"A\"}", "{\n  \"type\": \"step\",\n  \"run\": \"A\",\n  \"step\": 1\n}",
          "{\"type\": \"end\", \"run\": \"A\", \"how\": \"finished\"}"), frames);
      HttpResponse<String> index = http.send(HttpRequest.newBuilder(page.address()).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, index.statusCode());
      assertTrue(index.body().contains("<script src=\"live.js\"></script>"), index.body());
      HttpResponse<String> script = http.send(HttpRequest.newBuilder(page.address().resolve("live.js")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertTrue(script.body().contains("new EventSource(\"events\")"));
      assertTrue(!script.body().contains("http://") && !script.body().contains("https://"), "nothing fetched from elsewhere");
      assertEquals(404, http.send(HttpRequest.newBuilder(page.address().resolve("nothing")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode());
    } finally {
      page.close();
    }
    page.awaitClose();
    assertThrows(ConnectException.class, () -> http.send(HttpRequest.newBuilder(page.address()).build(),
        HttpResponse.BodyHandlers.ofString()));
  }

  /** One server-sent event's data (its data: lines joined by newlines, as a browser's EventSource does). */
  private static String frame(BufferedReader in) throws IOException {
    List<String> data = new ArrayList<>();
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (line.isEmpty() && !data.isEmpty()) {
        return String.join("\n", data);
      }
      if (line.startsWith("data: ")) {
        data.add(line.substring("data: ".length()));
      }
    }
    throw new IOException("the stream ended");
  }
}
