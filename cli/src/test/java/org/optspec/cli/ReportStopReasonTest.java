package org.optspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.optspec.runtime.StopReason;
import org.optspec.runtime.TrainingListener;

/**
 * {@code report.json}'s {@code stop_reason}: why fit returned, as a program tests it ({@code kind}, {@code source},
 * {@code detail}) — every epoch ran, the spec's early stopping, a listener's request, a listener that saw it diverge.
 */
class ReportStopReasonTest {

  private static final Pattern STOP_REASON = Pattern.compile(
      "\"stop_reason\": \\{\\s*\"kind\": \"([a-z_]+)\",\\s*\"source\": \"([^\"]*)\",\\s*\"detail\": \"((?:[^\"\\\\]|\\\\.)*)\"\\s*}");

  /** The kind, source and detail of a report.json's stop_reason. */
  static String[] stopReason(String json) {
    Matcher m = STOP_REASON.matcher(json);
    assertTrue(m.find(), "a stop_reason in " + json);
    return new String[] {m.group(1), m.group(2), m.group(3)};
  }

  @Test
  void aRunOfEveryEpochSaysCompleted(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("run");
    Cli.Run r = Cli.run("train", Cli.DIGITS.toString(), "--epochs", "1", "--out", out.toString(), "--progress", "lines");
    assertEquals(0, r.status(), r.err());
    String[] reason = stopReason(Files.readString(out.resolve("report.json")));
    assertEquals("completed", reason[0]);
    assertEquals("", reason[1]);
    assertEquals("", reason[2]);
  }

  @Test
  void theSpecsEarlyStoppingSaysEarlyStoppedByItsMetricWithTheSettingsPatience(@TempDir Path dir) throws IOException {
    Path spec = Files.writeString(dir.resolve("digits.optspec"), KillResumeLoopTest.spec());
    Files.copy(Cli.DIGITS_CSV, dir.resolve("digits.csv"));
    Path out = dir.resolve("run");
    // patience 1 at run time: it stops at the first epoch that is not better than the one before
    Cli.Run r = Cli.run("train", spec.toString(), "--set", "stop.patience=1", "--out", out.toString(), "--progress", "lines");
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("validation_loss stalled for 1 epochs: stopped after epoch"), r.out());
    String[] reason = stopReason(Files.readString(out.resolve("report.json")));
    assertEquals("early_stopped", reason[0]);
    assertEquals("validation_loss", reason[1]);
    assertEquals("stalled for 1 epochs", reason[2]);
  }

  @Test
  void aListenersRequestAndADivergenceItSawAreNamed() {
    assertListenerStop(StopReason.requested("time budget of 1 epoch used"), "stopped_by_listener", "",
        "time budget of 1 epoch used");
    assertListenerStop(StopReason.diverged("validation_loss is NaN at epoch 1"), "diverged", "",
        "validation_loss is NaN at epoch 1");
  }

  /** A digits run for 3 epochs whose listener stops it after the first with {@code reason}; its report.json says so. */
  private static void assertListenerStop(StopReason reason, String kind, String source, String detail) {
    CompiledSpec spec = SpecCompilation.compileTrainer(Cli.DIGITS, SpecOverrides.NONE);
    spec.use(spec.settings().with(java.util.List.of("epochs=3")));
    TrainingRun run = new TrainingRun(spec, (Path) null);
    TrainingRun.Result result = run.fit(new TrainingListener() {
      @Override
      public StopReason stopRequest() {
        return reason;
      }
    });
    assertEquals(1, result.report().epochs(), "stopped after the first epoch");
    String[] written = stopReason(ReportJson.of(run, result));
    assertEquals(kind, written[0]);
    assertEquals(source, written[1]);
    assertEquals(detail, written[2]);
  }
}
