package org.optspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The live page's settings event shows the run's settings: {@code --set}'s values, not only the spec's. */
class LiveSettingsEventTest {

  /** A page that keeps what is published. */
  private static final class Recorded implements LivePage {
    final List<String> events = new ArrayList<>();

    @Override
    public URI address() {
      return URI.create("http://127.0.0.1:1/");
    }

    @Override
    public void publish(String json) {
      events.add(json);
    }

    @Override
    public void awaitClose() {}

    @Override
    public void close() {}
  }

  @Test
  void theSettingsEventHasTheSetEpochsBatchSeedAndTheSetLine() {
    CompiledSpec spec = SpecCompilation.compileTrainer(Cli.DIGITS, SpecOverrides.NONE);
    spec.use(spec.settings().with(List.of("epochs=2", "batch=16", "seed=7", "optimizer.lr=0.01")));
    TrainingRun run = new TrainingRun(spec, (Path) null);
    Recorded page = new Recorded();
    new LiveListener(page, "digits", run);
    String settings = page.events.get(0);
    assertTrue(settings.contains("\"type\": \"settings\""), settings);
    assertTrue(settings.contains("\"epochs\": 2,"), settings);
    assertTrue(settings.contains("\"batch\": 16,"), settings);
    assertTrue(settings.contains("\"seed\": 7,"), settings);
    assertTrue(settings.contains("\"steps per epoch\": " + (run.trainRows() + 15) / 16 + ","), settings);
    assertTrue(settings.matches("(?s).*\"set\": \\[\\s*\"batch=16\",\\s*\"epochs=2\",\\s*\"seed=7\",\\s*\"optimizer\\.lr=0\\.01\"\\s*].*"),
        settings);
    assertEquals(1, page.events.size());
  }
}
