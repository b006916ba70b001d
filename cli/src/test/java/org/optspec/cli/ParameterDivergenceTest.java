package org.optspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Divergence the step's own check cannot see: finite loss and gradients times a huge learning rate overflow the
 * parameters in the update. The epoch's check stops the run (exit 1) before a checkpoint with infinite weights is
 * written; an objective whose loss turns NaN or infinite stops train, trace and plot with exit 1 and a sentence saying
 * where, instead of finishing with exit 0 or a stack trace.
 */
class ParameterDivergenceTest {

  @Test
  void parametersThatOverflowInTheUpdateStopTheRunBeforeTheCheckpoint(@TempDir Path dir) throws IOException {
    // one step per epoch (the batch holds every row): the step's loss and gradients are finite, the update is not
    String spec = Files.readString(Cli.DIABETES).replace("sgd(lr: 0.01, momentum: 0.9, nesterov: true)", "sgd(lr: 1e307)")
        .replace("batch 64", "batch 4096").replace("epochs 100", "epochs 1")
        // a validation split, so that the epoch has a held-out loss to overflow (the test split is looked at once, at the end)
        .replace("split(test: 0.2, seed: 3)", "split(test: 0.2, validation: 0.1, seed: 3)");
    Files.writeString(dir.resolve("d.optspec"), spec);
    Files.copy(Cli.DIABETES_CSV, dir.resolve("diabetes.csv"));
    Path out = dir.resolve("run");

    Cli.Run r = Cli.run("train", dir.resolve("d.optspec").toString(), "--out", out.toString());

    assertEquals(1, r.status(), r.out() + r.err());
    // the generated trainer's own check, after the epoch and before the checkpointer sees it, names the tensor
    assertTrue(r.err().contains("error: training diverged at step 1, epoch 1: parameter dense0.weight after the update is infinite"),
        r.err());
    assertFalse(Files.exists(out.resolve("checkpoint.safetensors")), "no checkpoint with infinite weights");
    DivergenceTest.Diverged d = DivergenceTest.Diverged.of(Files.readString(out.resolve("report.json")));
    assertEquals("parameter dense0.weight after the update", d.source());
    assertEquals(1, d.step());
    assertEquals(1, d.epoch());
    // without --out the same check runs after every epoch
    Cli.Run plain = Cli.run("train", dir.resolve("d.optspec").toString());
    assertEquals(1, plain.status(), plain.out());
  }

  @Test
  void finiteParametersWhosePredictionsOverflowStopTheRunToo(@TempDir Path dir) throws IOException {
    // weights of about 3e302: finite, but the validation loss overflows (it used to reach the loss chart and crash it)
    String spec = Files.readString(Cli.DIABETES).replace("sgd(lr: 0.01, momentum: 0.9, nesterov: true)", "sgd(lr: 1e300)")
        .replace("batch 64", "batch 4096").replace("epochs 100", "epochs 1")
        // a validation split, so that the epoch has a held-out loss to overflow (the test split is looked at once, at the end)
        .replace("split(test: 0.2, seed: 3)", "split(test: 0.2, validation: 0.1, seed: 3)");
    Files.writeString(dir.resolve("d.optspec"), spec);
    Files.copy(Cli.DIABETES_CSV, dir.resolve("diabetes.csv"));
    Path out = dir.resolve("run");
    Cli.Run r = Cli.run("train", dir.resolve("d.optspec").toString(), "--out", out.toString());
    assertEquals(1, r.status(), r.out() + r.err());
    assertTrue(r.err().contains("error: training diverged at step 1, epoch 1: the epoch's"), r.err());
    assertTrue(DivergenceTest.Diverged.of(Files.readString(out.resolve("report.json"))).source().startsWith("the epoch's"));
    assertFalse(Files.exists(out.resolve("checkpoint.safetensors")));
    assertFalse(Files.exists(out.resolve("loss.png")));
  }

  @Test
  void anObjectiveWhoseLossOverflowsStopsWithExitOne(@TempDir Path dir) throws IOException {
    // x <- x - 10 * 2x = -19x: the loss overflows to infinity after about 240 steps
    Path spec = Files.writeString(dir.resolve("o.optspec"), """
        objective Blowup {
          precision float64
          params {
            x = 1
          }
          minimize x^2
          optimizer sgd(lr: 10)
          steps 1000
        }
        """);
    Cli.Run r = Cli.run("train", spec.toString());
    assertEquals(1, r.status(), r.out());
    assertTrue(r.err().contains("error: the objective diverged at step"), r.err());
    assertTrue(r.err().contains("the loss is infinite") || r.err().contains("the loss is NaN"), r.err());
  }

  /** sqrt(x) from x = 1 with lr 10: the first step takes x to -4, whose loss is NaN. */
  private static Path nanObjective(Path dir) throws IOException {
    return Files.writeString(dir.resolve("nan.optspec"), """
        objective TurnsNaN {
          precision float64
          params {
            x = 1
          }
          minimize sqrt(x)
          optimizer sgd(lr: 10)
          steps 100
        }
        """);
  }

  @Test
  void anObjectiveWhoseLossTurnsNaNStopsTrainWithExitOne(@TempDir Path dir) throws IOException {
    Cli.Run r = Cli.run("train", nanObjective(dir).toString());
    assertEquals(1, r.status(), r.out());
    assertTrue(r.err().contains("error: the objective diverged at step 2: the loss is NaN"), r.err());
  }

  @Test
  void traceOfAnObjectiveWhoseLossTurnsNaNSaysWhereAndExitsOne(@TempDir Path dir) throws IOException {
    Path spec = nanObjective(dir);
    Cli.Run r = Cli.run("trace", spec.toString());
    assertEquals(1, r.status(), r.out());
    // a sentence, not a stack trace; the rows before the step that met NaN are printed
    assertEquals(spec + ": error: the run diverged at step 2: the loss is NaN; the rows above are the steps before it\n",
        r.err());
    assertEquals(List.of("step,lr,loss,x", "0,10.0,1.0,1.0", "1,10.0,NaN,-4.0"), r.out().lines().toList());
    // with --out nothing is written: a trace file is a whole run's
    Path csv = dir.resolve("trace.csv");
    Cli.Run toFile = Cli.run("trace", spec.toString(), "--out", csv.toString());
    assertEquals(1, toFile.status());
    assertTrue(toFile.err().endsWith("no trace written to " + csv + "\n"), toFile.err());
    assertFalse(Files.exists(csv));
  }

  @Test
  void aDivergenceNoCommandReportsEndsAsASentenceNotAStackTrace(@TempDir Path dir) throws IOException {
    // plot loss steps the objective itself: the divergence reaches the command line's handler
    Path png = dir.resolve("loss.png");
    Cli.Run r = Cli.run("plot", "loss", nanObjective(dir).toString(), "-o", png.toString());
    assertEquals(1, r.status(), r.out());
    assertEquals("error: the run diverged at step 2: the loss is NaN\n", r.err());
    assertFalse(Files.exists(png));
  }

  @Test
  void traceOfATrainerThatDivergesSaysWhereAndExitsOne(@TempDir Path dir) throws IOException {
    Files.copy(Cli.DIABETES, dir.resolve("diabetes.optspec"));
    Files.copy(Cli.DIABETES_CSV, dir.resolve("diabetes.csv"));
    Path spec = dir.resolve("diabetes.optspec");
    Cli.Run r = Cli.run("trace", spec.toString(), "--set", "optimizer.lr=1e6", "--steps", "1000");
    assertEquals(1, r.status(), r.err());
    assertTrue(r.err().matches("\\Q" + spec + "\\E: error: the run diverged at step (\\d+): the (loss|gradient of parameter group "
        + "'default' \\(dense0.weight, dense0.bias\\)) is (NaN|infinite); the rows above are the steps before it\n"), r.err());
    long step = Long.parseLong(r.err().replaceAll("(?s).*at step (\\d+):.*", "$1"));
    // the header and rows 0 .. step - 1: the parameters before each step up to the one that diverged
    assertEquals(step + 1, r.out().lines().count(), r.out());
  }
}
