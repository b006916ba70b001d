package org.optspec.cli;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where one run's time goes, phase by phase, printed on stderr when the JVM runs with
 * {@code -Doptspec.timings=true} (e.g. {@code OPTSPEC_JAVA_OPTS=-Doptspec.timings=true ./optspec train ...}).
 * Each {@link #mark} closes the phase that began at the previous mark. Off (the default), a mark costs a
 * field read. Only the command line uses this; it is one process, one run, so the state is static.
 */
final class PhaseTimes {
  static final String PROPERTY = "optspec.timings";

  private static final boolean ENABLED = Boolean.getBoolean(PROPERTY);
  private static final List<String> NAMES = new ArrayList<>();
  private static final List<Long> NANOS = new ArrayList<>();
  private static long mainNanos;
  private static Instant mainInstant;
  private static long last;

  private PhaseTimes() {}

  static boolean enabled() {
    return ENABLED;
  }

  /** Called first thing in main: the end of the JVM's start-up. */
  static void start() {
    if (ENABLED) {
      mainNanos = System.nanoTime();
      mainInstant = Instant.now();
      last = mainNanos;
    }
  }

  /** Ends the phase {@code name} now (it began at the previous mark, or when main started). */
  static void mark(String name) {
    if (ENABLED && mainInstant != null) {
      long now = System.nanoTime();
      synchronized (NAMES) {
        NAMES.add(name);
        NANOS.add(now - last);
        last = now;
      }
    }
  }

  /**
   * Prints the phases: the JVM's start (from the moment the VM was created, as the VM itself records it, to
   * main: what precedes it, exec and the launcher script, is not seen), then each mark.
   */
  static void print(PrintStream err) {
    if (!ENABLED || mainInstant == null) {
      return;
    }
    mark("rest (summary, report, plots)");
    Instant vmStart = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
    StringBuilder b = new StringBuilder("timings (-D" + PROPERTY + "):\n");
    double jvm = Duration.between(vmStart, mainInstant).toNanos() / 1e6;
    b.append(line("JVM start (VM created to main, ±1 ms)", jvm));
    double total = jvm;
    for (int i = 0; i < NAMES.size(); i++) {
      double ms = NANOS.get(i) / 1e6;
      b.append(line(NAMES.get(i), ms));
      total += ms;
    }
    b.append(line("total, VM start to exit", total));
    err.print(b);
    err.flush();
  }

  private static String line(String name, double ms) {
    return String.format(Locale.ROOT, "  %-58s %9.1f ms%n", name, ms);
  }
}
