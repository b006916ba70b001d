package org.optspec.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code optspec plot}: charts of a spec that need no training. */
@Command(
    name = "plot",
    mixinStandardHelpOptions = true,
    description = "Draws charts of a spec without training it.",
    subcommands = {PlotScheduleCommand.class, PlotPathCommand.class, PlotLossCommand.class},
    footer = {"", "Example:", "  optspec plot schedule digits.optspec -o schedule.png"})
final class PlotCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
