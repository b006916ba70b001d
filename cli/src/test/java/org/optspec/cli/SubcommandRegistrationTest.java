package org.optspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A run of one subcommand registers only that one; help, usage and suggestions still see them all. */
class SubcommandRegistrationTest {
  private static final List<String> ALL = List.of("check", "train", "predict", "eval", "compare", "bench-optimizers", "plot",
      "generate", "trace", "export", "settings", "sweep", "lr-find", "help");

  private static List<String> registered(String... args) {
    return List.copyOf(OptSpecCommand.commandLine(args).getSubcommands().keySet());
  }

  @Test
  void aSubcommandRunRegistersOnlyItself() {
    assertEquals(List.of("train"), registered("train", "x.optspec", "--epochs", "3"));
    assertEquals(List.of("check"), registered("check", "a.optspec"));
    assertEquals(List.of("plot"), registered("plot", "schedule", "x.optspec", "-o", "s.png"));
    assertEquals(List.of("schedule", "path", "loss"), List.copyOf(OptSpecCommand.commandLine("plot").getSubcommands().get("plot")
        .getSubcommands().keySet()), "plot keeps its own subcommands");
  }

  @Test
  void helpNoArgumentsOptionsAndTyposRegisterEverything() {
    assertEquals(ALL, registered());
    assertEquals(ALL, registered("help", "train"));
    assertEquals(ALL, registered("--help"));
    assertEquals(ALL, registered("--no-cache", "train", "x.optspec"));
    assertEquals(ALL, registered("trian", "x.optspec"));
  }

  @Test
  void helpAndUsageStillListAndDescribeEveryCommand() {
    Cli.Run usage = Cli.run("--help");
    assertEquals(0, usage.status(), usage.err());
    for (String name : ALL) {
      assertTrue(usage.out().contains("  " + name + " "), name + " in\n" + usage.out());
    }
    Cli.Run help = Cli.run("help", "train");
    assertEquals(0, help.status(), help.err());
    assertTrue(help.out().contains("Usage: optspec train"), help.out());
    assertTrue(help.out().contains("--no-cache"), "the inherited option is on train: " + help.out());
    Cli.Run typo = Cli.run("trian", "x.optspec");
    assertEquals(2, typo.status());
    assertTrue(typo.err().contains("Did you mean: optspec tra"), "suggests a registered command: " + typo.err());
  }

  @Test
  void theInheritedNoCacheOptionReachesTheOneRegisteredSubcommand() {
    Cli.Run r = Cli.run("train", "--help");
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("--no-cache"), r.out());
  }
}
