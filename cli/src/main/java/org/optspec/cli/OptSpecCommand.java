package org.optspec.cli;

import org.optspec.runtime.progress.DivergenceException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code optspec} command: one subcommand per job, each with its own {@code --help}. */
@Command(
    name = "optspec",
    mixinStandardHelpOptions = true,
    versionProvider = OptSpecCommand.Version.class,
    description = "Checks, trains and inspects .optspec training specs.",
    footer = {"", "Examples:", "  optspec check samples/**/*.optspec", "  optspec train digits.optspec --out runs/digits",
        "  optspec compare adam.optspec sgd.optspec --plot compare.png", "  optspec plot schedule digits.optspec -o schedule.png",
        "  optspec generate digits.optspec -d generated",
        "  optspec trace rosenbrock.optspec --steps 100 --out trace.csv"})
public final class OptSpecCommand implements Runnable {

  /**
   * The subcommands, in the order {@code --help} lists them. Registered by {@link #run}, not by the
   * annotation: building picocli's model of every command costs a cold JVM about a tenth of a second,
   * so a run of one command registers only that one (bench/RESULTS.md, "End to end").
   */
  static final java.util.List<Class<?>> SUBCOMMANDS = java.util.List.of(CheckCommand.class, TrainCommand.class,
      PredictCommand.class, EvalCommand.class, CompareCommand.class, BenchOptimizersCommand.class, PlotCommand.class,
      GenerateCommand.class, TraceCommand.class, ExportCommand.class, SettingsCommand.class, SweepCommand.class,
      LrFindCommand.class, CommandLine.HelpCommand.class);

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

    /** The version number alone, or {@code development} outside a jar (an exported ONNX model's producer_version). */
    static String number() {
      String version = OptSpecCommand.class.getPackage().getImplementationVersion();
      return version != null ? version : "development";
    }
  }

  /** Runs the command line and returns its exit status instead of exiting, for tests. */
  public static int run(String... args) {
    InMemoryJavaCompiler.useCache(true);
    return commandLine(args).setUsageHelpWidth(110).setExecutionExceptionHandler(OptSpecCommand::diverged).execute(args);
  }

  /**
   * A divergence no command reported itself ({@code plot loss} or {@code compare} of an objective whose loss turns
   * NaN): its sentence instead of a stack trace, exit status 1. Any other exception is picocli's to print.
   */
  private static int diverged(Exception e, CommandLine line, CommandLine.ParseResult parsed) throws Exception {
    if (e instanceof DivergenceException d) {
      return Errors.message(System.err, "the run diverged at " + d.getMessage());
    }
    throw e;
  }

  /**
   * The command line for {@code args}: with only the subcommand {@code args[0]} names, or with all of them
   * (for {@code help}, no subcommand, an option first or an unknown name, so usage and suggestions list all).
   */
  static CommandLine commandLine(String... args) {
    CommandLine line = new CommandLine(new OptSpecCommand());
    String first = args.length > 0 ? args[0] : "";
    boolean one = !first.equals("help") && SUBCOMMANDS.stream().anyMatch(c -> name(c).equals(first));
    for (Class<?> command : SUBCOMMANDS) {
      if (!one || name(command).equals(first)) {
        line.addSubcommand(command);
      }
    }
    return line;
  }

  private static String name(Class<?> command) {
    return command.getAnnotation(Command.class).name();
  }
}
