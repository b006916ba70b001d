package org.optspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --set KEY=VALUE} and {@code optspec settings}: keys named after the spec, the compiler's range messages. */
class SetAndSettingsTest {

  private static final Path GOLDEN = Path.of("src/test/resources/settings/digits-settings.txt");

  @Test
  void settingsListsEveryKeyWithItsValueAndRange() throws IOException {
    Cli.Run r = Cli.run("settings", Cli.DIGITS.toString());
    assertEquals(0, r.status(), r.err());
    if (System.getenv("GOLDEN_UPDATE") != null) {
      Files.createDirectories(GOLDEN.getParent());
      Files.writeString(GOLDEN, r.out(), StandardCharsets.UTF_8);
    }
    assertEquals(Files.readString(GOLDEN, StandardCharsets.UTF_8), r.out());
  }

  @Test
  void setChangesTheListedValues() {
    Cli.Run r = Cli.run("settings", Cli.DIGITS.toString(), "--set", "optimizer.lr=0.01", "--set", "optimizer.betas=(0.8, 0.99)");
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().matches("(?s).*optimizer\\.lr +0\\.01 .*"), r.out());
    assertTrue(r.out().contains("(0.8, 0.99)"), r.out());
  }

  @Test
  void anUnknownKeySuggestsTheNearest() {
    Cli.Run r = Cli.run("train", Cli.DIGITS.toString(), "--set", "optimizer.l=0.01");
    assertEquals(1, r.status());
    assertEquals("error: --set optimizer.l: no such setting; did you mean 'optimizer.lr'? (optspec settings SPEC lists them)\n",
        r.err());
  }

  @Test
  void aValueOutOfRangeIsRefusedWithTheCompilersMessage() {
    Cli.Run r = Cli.run("train", Cli.DIGITS.toString(), "--set", "optimizer.betas=(0.9,1.2)");
    assertEquals(1, r.status());
    assertEquals("error: --set optimizer.betas: adamw beta2 must be in [0, 1), got 1.2\n", r.err());
    Cli.Run epochs = Cli.run("train", Cli.DIGITS.toString(), "--set", "epochs=2.5");
    assertEquals("error: --set epochs: epochs expects a whole number, got 2.5\n", epochs.err());
  }

  @Test
  void trainWithALoweredBatchCutsTheEpochIntoThatManyRowsAndAHigherOneIsRefused(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("run");
    Cli.Run r = Cli.run("train", Cli.DIGITS.toString(), "--set", "epochs=1", "--set", "batch=16", "--out", out.toString(),
        "--progress", "lines");
    assertEquals(0, r.status(), r.err());
    String report = Files.readString(out.resolve("report.json"), StandardCharsets.UTF_8);
    long rows = number(report, "train_rows");
    assertEquals((rows + 15) / 16, number(report, "steps"), report);
    Cli.Run higher = Cli.run("train", Cli.DIGITS.toString(), "--set", "batch=64");
    assertEquals(1, higher.status());
    assertEquals("error: --set batch: batch must be in [1, 32], got 64\n", higher.err());
  }

  @Test
  void aStopRulesPatienceIsListedAndSetWithItsRange() {
    String sine = Cli.SAMPLES.resolve("sine/sine_rnn.optspec").toString();
    Cli.Run r = Cli.run("settings", sine, "--set", "stop.patience=2", "--set", "batch=8");
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().matches("(?s).*\\nstop\\.patience +2 +whole, >= 1\\n.*"), r.out());
    assertTrue(r.out().matches("(?s).*\\nbatch +8 +whole, in \\[1, 32]\\n.*"), r.out());
    Cli.Run zero = Cli.run("settings", sine, "--set", "stop.patience=0");
    assertEquals(1, zero.status());
    assertEquals("error: --set stop.patience: stop patience must be >= 1, got 0\n", zero.err());
  }

  /** The first whole number {@code "key": N} of a report.json. */
  static long number(String json, String key) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + key + "\"\\s*:\\s*(\\d+)").matcher(json);
    assertTrue(m.find(), key + " in " + json);
    return Long.parseLong(m.group(1));
  }

  @Test
  void trainWithSetTrainsTheSettingsAndResumeUnderOthersIsRefused(@TempDir Path dir) {
    Path out = dir.resolve("run");
    Cli.Run r = Cli.run("train", Cli.DIGITS.toString(), "--set", "epochs=1", "--set", "optimizer.lr=0.01", "--out",
        out.toString(), "--progress", "lines");
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("1 epochs of"), r.out());
    Cli.Run resumed = Cli.run("train", Cli.DIGITS.toString(), "--set", "epochs=2", "--resume",
        out.resolve(TrainCommand.CHECKPOINT).toString(), "--progress", "lines");
    assertEquals(1, resumed.status());
    assertTrue(resumed.err().contains("optimizer.lr was 0.01, is 0.003"), resumed.err());
    Cli.Run same = Cli.run("train", Cli.DIGITS.toString(), "--set", "epochs=2", "--set", "optimizer.lr=0.01", "--resume",
        out.resolve(TrainCommand.CHECKPOINT).toString(), "--progress", "lines");
    assertEquals(0, same.status(), same.err());
  }
}
