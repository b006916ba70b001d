package org.optspec.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code optspec train --ui} in a real browser: headless Chromium (Debian's {@code chromium}, which {@code .ci/run}
 * installs) loads the live page of a real training run twice, a few seconds apart, and the number of steps the page
 * has received must grow; then a screenshot of the page goes to target/ui.png, or to docs/images/ui.png with
 * {@code -Doptspec.ui.updateScreenshot=true} (so that a test run leaves the checkout as it was). Without Chromium the
 * test fails and says so: it never skips.
 */
class LivePageBrowserTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path DIGITS = Path.of("../samples/src/main/resources/org/optspec/samples/digits/digits.optspec");


  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void theCurvesOfARealRunGrowInHeadlessChromium(@TempDir Path dir) throws Exception {
    assertTrue(Files.isExecutable(CHROMIUM), CHROMIUM + " is missing: install Debian's chromium package "
        + "(apt-get install chromium chromium-driver; .ci/run does) to run the live page's browser test");
    // the command as a user runs it, in a JVM of its own: it trains, then serves on until it is stopped (SIGTERM,
    // as Ctrl-C's shutdown does), which is what this test does once it has looked
    List<String> java = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "-Doptspec.cache.dir=" + System.getProperty("optspec.cache.dir", "target/trainer-cache"),
        "org.optspec.cli.OptSpecCommand", "train", DIGITS.toString(), "--epochs", "300", "--progress", "lines", "--ui");
    Process command = new ProcessBuilder(java).redirectErrorStream(true).start();
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    Thread reader = new Thread(() -> {
      try {
        command.getInputStream().transferTo(captured);
      } catch (IOException e) {
        // the process went away; what it printed is kept
      }
    }, "command-output");
    reader.setDaemon(true);
    reader.start();
    try {
      String url = awaitAddress(captured);
      try (DevTools browser = new DevTools(CHROMIUM, dir.resolve("profile"), url)) {
        int early = awaitPoints(browser, 1);
        Thread.sleep(2000);
        int later = points(browser);
        assertTrue(later > early, "the curves grow: " + early + " steps on the first read, " + later + " two seconds later");
        String drawn = browser.evaluate("document.getElementById('loss').dataset.points");
        assertTrue(Integer.parseInt(drawn) > 0, "the loss chart draws its points: " + drawn);
        String settings = browser.evaluate("document.getElementById('settings').textContent");
        assertTrue(settings.contains("DigitsClassifier") && settings.contains("adamw(lr: 3e-3, betas: (0.9, 0.999)"),
            "the settings are shown: " + settings);
        // a little more training, so that the picture has epochs, metrics and ratios to show
        Thread.sleep(3000);
        byte[] png = browser.screenshot();
        assertTrue(png.length > 20_000, "a screenshot of the page: " + png.length + " bytes");
        Path shot = Boolean.getBoolean("optspec.ui.updateScreenshot") ? Path.of("../docs/images/ui.png")
            : Path.of("target/ui.png");
        Files.createDirectories(shot.getParent());
        Files.write(shot, png);
      }
    } finally {
      command.destroy();
      if (!command.waitFor(10, TimeUnit.SECONDS)) {
        command.destroyForcibly();
      }
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains("live page: http://127.0.0.1:"), out);
    assertTrue(out.contains("DigitsClassifier: 1,797") || out.contains("DigitsClassifier: "), out);
  }

  /** The address the command prints, once it has. */
  static String awaitAddress(ByteArrayOutputStream captured) throws InterruptedException {
    Pattern address = Pattern.compile("live page: (http://127\\.0\\.0\\.1:\\d+/)");
    for (int i = 0; i < 800; i++) {
      Matcher m = address.matcher(captured.toString(StandardCharsets.UTF_8));
      if (m.find()) {
        return m.group(1);
      }
      Thread.sleep(50);
    }
    fail("the command printed no live page address in 40 s: " + captured.toString(StandardCharsets.UTF_8));
    return null;
  }

  /** The steps the page has received, once it has at least {@code least} (15 s at most). */
  static int awaitPoints(DevTools browser, int least) throws Exception {
    for (int i = 0; i < 150; i++) {
      int n = points(browser);
      if (n >= least) {
        return n;
      }
      Thread.sleep(100);
    }
    fail("the page received no steps in 15 s: " + browser.evaluate("document.body.innerText"));
    return 0;
  }

  static int points(DevTools browser) throws Exception {
    return Integer.parseInt(browser.evaluate("(document.getElementById('points') || {textContent: '-1'}).textContent"));
  }

}
