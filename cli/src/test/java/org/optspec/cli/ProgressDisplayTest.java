package org.optspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.optspec.runtime.TrainingListener.EpochSummary;

/** The progress display at narrow widths, and long runs leaving a bounded number of lines. */
class ProgressDisplayTest {

  private static final ProgressLine LINE =
      new ProgressLine("epoch  3/20", 20, 45, 1.4, 1.75, 0.41234, "test 0.3811", 1e-3, 13_202);

  @Test
  void everyWidthGetsALineThatFitsWithAWholeBarAndWholeNumbers() {
    for (int width = 200; width >= 20; width--) {
      String line = LINE.render(width);
      assertTrue(line.length() <= width, width + ": " + line.length() + " > width: " + line);
      if (width >= 40) {
        assertTrue(line.contains("loss 0.4123"), width + ": " + line);
        // no number is cut: every optional part is there whole or not at all
        for (String part : new String[] {"lr 1.00e-03", "test 0.3811", "eta 0:02", "20/45", "13,202 samples/s"}) {
          String head = part.substring(0, part.length() - 1);
          assertTrue(line.contains(part) || !line.contains(head), width + ": '" + part + "' cut: " + line);
        }
      }
    }
    String at80 = LINE.render(80);
    assertTrue(at80.contains("lr 1.00e-03") && at80.contains("test 0.3811"), at80);
    Matcher bar = Pattern.compile("│([█▏▎▍▌▋▊▉ ]+)│").matcher(at80);
    assertTrue(bar.find(), at80);
    assertTrue(bar.group(1).length() >= ProgressLine.MIN_BAR, "the bar keeps its cells at 80 columns: " + at80);
    String at120 = LINE.render(120);
    assertTrue(at120.contains("13,202 samples/s") && at120.contains("20/45") && at120.contains("eta 0:02"), at120);
    String at30 = LINE.render(30);
    assertTrue(at30.startsWith("epoch  3/20  44% loss 0.4123"), at30);
  }

  @Test
  void theBarPrinterFitsAnEightyColumnTerminal() {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(sink, true, StandardCharsets.UTF_8);
    ProgressBarPrinter bar = new ProgressBarPrinter(out, 3, 442, "test", EpochCadence.auto(3), 80);
    for (int epoch = 1; epoch <= 3; epoch++) {
      bar.onEpochStart(epoch, 14);
      for (int s = 0; s < 14; s++) {
        bar.onStep(epoch, s, 0.5, 1e-3);
      }
      bar.onEpochEnd(new EpochSummary(epoch, 3, 14L * epoch, 0.5, 0.25, 1e-3, 0.1));
    }
    String text = sink.toString(StandardCharsets.UTF_8);
    List<String> frames = List.of(text.split("[\r\n]"));
    for (String frame : frames) {
      assertTrue(frame.length() <= 80, frame.length() + " columns: " + frame);
    }
    assertTrue(frames.stream().anyMatch(f -> f.contains("epoch 3/3 100% │") && f.contains("loss 0.5000 lr 1.00e-03 test 0.2500")),
        text);
  }

  @Test
  void aLongRunPrintsAboutTwentyLinesAndReportsEveryEpoch(@TempDir Path dir) throws IOException {
    Path report = dir.resolve("report.json");
    Cli.Run r = Cli.run("train", Cli.DIABETES.toString(), "--epochs", "200", "--progress", "lines", "--report", report.toString());
    assertEquals(0, r.status(), r.err());
    List<String> epochLines = r.out().lines().filter(l -> l.startsWith("epoch ")).toList();
    assertEquals(21, epochLines.size(), "epoch 1, then every 10th: " + r.out());
    assertTrue(epochLines.get(0).startsWith("epoch   1/200"), epochLines.get(0));
    // diabetes has no validation split: no per-epoch held-out loss, and never the test split's (it is looked at once, at the end)
    assertTrue(epochLines.get(20).startsWith("epoch 200/200") && !epochLines.get(20).contains("test loss"), epochLines.get(20));
    assertEquals(200, countOf(Files.readString(report), "\"train_loss\""), "report.json keeps every epoch");

    Cli.Run every = Cli.run("train", Cli.DIABETES.toString(), "--epochs", "30", "--progress", "lines", "--print-every", "7");
    assertEquals(0, every.status(), every.err());
    assertEquals(List.of(1, 7, 14, 21, 28, 30), every.out().lines().filter(l -> l.startsWith("epoch "))
        .map(l -> Integer.parseInt(l.substring(6, l.indexOf('/')).strip())).toList());

    Cli.Run bar = Cli.run("train", Cli.DIABETES.toString(), "--epochs", "100", "--progress", "bar");
    assertEquals(0, bar.status(), bar.err());
    // each epoch's bar redraws in place (\r); only the epochs the cadence picks end their line with a newline
    List<String> barLines = List.of(bar.out().split("\n")).stream().filter(l -> l.contains("epoch ")).toList();
    assertEquals(21, barLines.size(), "epoch 1, then every 5th:\n" + bar.out());
    for (String line : barLines) {
      String visible = line.substring(line.lastIndexOf('\r') + 1).strip();
      assertTrue(visible.startsWith("epoch ") && visible.contains(" 100% │"), "what stays on screen: " + visible);
    }
    assertFalse(Cli.run("train", Cli.DIABETES.toString(), "--print-every", "0").status() == 0);
  }

  private static int countOf(String text, String word) {
    int n = 0;
    for (int i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) {
      n++;
    }
    return n;
  }
}
