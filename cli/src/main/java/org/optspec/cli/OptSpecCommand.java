package org.optspec.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code optspec} command: one subcommand per job, each with its own {@code --help}. */
@Command(
    name = "optspec",
    mixinStandardHelpOptions = true,
    versionProvider = OptSpecCommand.Version.class,
    description = "Checks, trains and inspects .optspec training specs.",
    subcommands = {CheckCommand.class, TrainCommand.class, CompareCommand.class, PlotCommand.class, GenerateCommand.class,
        TraceCommand.class, CommandLine.HelpCommand.class},
    footer = {"", "Examples:", "  optspec check samples/**/*.optspec", "  optspec train digits.optspec --out runs/digits",
        "  optspec compare adam.optspec sgd.optspec --plot compare.png", "  optspec plot schedule digits.optspec -o schedule.png",
        "  optspec generate digits.optspec -d generated",
        "  optspec trace rosenbrock.optspec --steps 100 --out trace.csv"})
public final class OptSpecCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Option(names = "--no-cache", scope = CommandLine.ScopeType.INHERIT,
      description = "Compile the generated trainer with javac even when the trainer-class cache has it, and do not store it "
          + "(the cache lives in $OPTSPEC_CACHE_DIR, else $XDG_CACHE_HOME/optspec/trainers, else ~/.cache/optspec/trainers).")
  void noCache(boolean noCache) {
    InMemoryJavaCompiler.useCache(!noCache);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    PhaseTimes.start();
    System.setProperty("java.awt.headless", "true");
    int status = run(args);
    PhaseTimes.print(System.err);
    System.exit(status);
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
    InMemoryJavaCompiler.useCache(true);
    return new CommandLine(new OptSpecCommand()).setUsageHelpWidth(110).execute(args);
  }
}
