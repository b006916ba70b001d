package org.optspec.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code optspec} command: one subcommand per job, each with its own {@code --help}. */
@Command(
    name = "optspec",
    mixinStandardHelpOptions = true,
    versionProvider = OptSpecCommand.Version.class,
    description = "Checks, trains and inspects .optspec training specs.",
    subcommands = {CheckCommand.class, TrainCommand.class, PredictCommand.class, EvalCommand.class, CompareCommand.class, PlotCommand.class, GenerateCommand.class,
        TraceCommand.class, CommandLine.HelpCommand.class},
    footer = {"", "Examples:", "  optspec check samples/**/*.optspec", "  optspec train digits.optspec --out runs/digits",
        "  optspec compare adam.optspec sgd.optspec --plot compare.png", "  optspec plot schedule digits.optspec -o schedule.png",
        "  optspec generate digits.optspec -d generated",
        "  optspec trace rosenbrock.optspec --steps 100 --out trace.csv"})
public final class OptSpecCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    System.exit(run(args));
  }

  /** {@code --version}: the version the jar's manifest records (Implementation-Version, written by the build). */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = OptSpecCommand.class.getPackage().getImplementationVersion();
      return new String[] {"optspec " + (version != null ? version : "(development build: classes outside a jar)")};
    }
  }

  /** Runs the command line and returns its exit status instead of exiting, for tests. */
  public static int run(String... args) {
    return new CommandLine(new OptSpecCommand()).setUsageHelpWidth(110).execute(args);
  }
}
