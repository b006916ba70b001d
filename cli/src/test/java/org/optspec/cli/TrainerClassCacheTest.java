package org.optspec.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trainer-class cache: what it keys by, what it refuses, and concurrent writers. */
class TrainerClassCacheTest {
  private static final String NAME = "optspec.generated.CacheProbe";
  private static final String BUILD = "0.1.0-test+1";
  private static final String JDK = TrainerClassCache.runningJdk();

  @TempDir Path dir;

  private static String source(int answer) {
    return "package optspec.generated;\n"
        + "public final class CacheProbe implements java.util.function.IntSupplier {\n"
        + "  static final class Nested { static int value() { return " + answer + "; } }\n"
        + "  public int getAsInt() { return Nested.value(); }\n"
        + "}\n";
  }

  private static int answer(Class<?> probe) throws ReflectiveOperationException {
    return ((java.util.function.IntSupplier) probe.getConstructor().newInstance()).getAsInt();
  }

  private List<Path> entries() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".classes")).toList();
    }
  }

  @Test
  void secondCompileOfTheSameSourceComesFromTheCache() throws Exception {
    TrainerClassCache cache = new TrainerClassCache(dir, BUILD, JDK);
    var first = InMemoryJavaCompiler.obtain(NAME, source(1), cache);
    var second = InMemoryJavaCompiler.obtain(NAME, source(1), cache);
    assertFalse(first.fromCache());
    assertTrue(second.fromCache());
    assertEquals(1, answer(second.type()));
    assertEquals(1, entries().size());
  }

  @Test
  void aChangedSourceIsNeverServedTheOldClasses() throws Exception {
    TrainerClassCache cache = new TrainerClassCache(dir, BUILD, JDK);
    InMemoryJavaCompiler.obtain(NAME, source(1), cache);
    var changed = InMemoryJavaCompiler.obtain(NAME, source(2), cache);
    assertFalse(changed.fromCache());
    assertEquals(2, answer(changed.type()));
    assertEquals(2, entries().size());
  }

  @Test
  void aChangedOptSpecBuildOrJdkIsNeverServedTheOldClasses() throws Exception {
    TrainerClassCache old = new TrainerClassCache(dir, BUILD, JDK);
    TrainerClassCache rebuilt = new TrainerClassCache(dir, "0.1.0-test+2", JDK);
    TrainerClassCache otherJdk = new TrainerClassCache(dir, BUILD, "Other VM 99");
    String key = old.key(source(1), "");
    assertNotEquals(key, rebuilt.key(source(1), ""));
    assertNotEquals(key, otherJdk.key(source(1), ""));
    assertNotEquals(key, old.key(source(1), "-g"));
    InMemoryJavaCompiler.obtain(NAME, source(1), old);
    assertFalse(InMemoryJavaCompiler.obtain(NAME, source(1), rebuilt).fromCache());
    assertFalse(InMemoryJavaCompiler.obtain(NAME, source(1), otherJdk).fromCache());
    assertEquals(3, entries().size());

    // an entry renamed to another build's key still names its own key inside: refused
    String oldKey = InMemoryJavaCompiler.obtain(NAME, source(1), old).key();
    String newKey = InMemoryJavaCompiler.obtain(NAME, source(1), rebuilt).key();
    assertNotEquals(oldKey, newKey);
    assertNotNull(old.get(oldKey));
    Files.copy(old.entry(oldKey), rebuilt.entry(newKey), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertNull(rebuilt.get(newKey));
    assertFalse(InMemoryJavaCompiler.obtain(NAME, source(1), rebuilt).fromCache());
    assertNotNull(rebuilt.get(newKey), "the recompile rewrote the entry");
  }

  @Test
  void aCorruptedEntryIsDetectedAndRecompiled() throws Exception {
    TrainerClassCache cache = new TrainerClassCache(dir, BUILD, JDK);
    InMemoryJavaCompiler.obtain(NAME, source(3), cache);
    Path entry = entries().get(0);
    byte[] good = Files.readAllBytes(entry);

    List<byte[]> damaged = new ArrayList<>();
    for (int at : new int[] {0, good.length / 2, good.length - 1}) {
      byte[] flipped = good.clone();
      flipped[at] ^= 0x10;
      damaged.add(flipped);
    }
    damaged.add(java.util.Arrays.copyOf(good, good.length - 40));
    damaged.add(java.util.Arrays.copyOf(good, 10));
    damaged.add(new byte[0]);
    for (byte[] bad : damaged) {
      Files.write(entry, bad);
      var loaded = InMemoryJavaCompiler.obtain(NAME, source(3), cache);
      assertFalse(loaded.fromCache(), "a damaged entry of " + bad.length + " bytes was used");
      assertEquals(3, answer(loaded.type()));
      assertArrayEquals(good, Files.readAllBytes(entry), "the recompile rewrote the entry");
      assertTrue(InMemoryJavaCompiler.obtain(NAME, source(3), cache).fromCache());
    }
  }

  /** Stores one small entry directly (no javac) and dates it {@code minutesAgo} minutes back. */
  private Path storeDated(TrainerClassCache cache, int answer, long minutesAgo) throws IOException {
    String key = cache.key(source(answer), "");
    assertTrue(cache.put(key, java.util.Map.of(NAME, new byte[4096])));
    Path entry = cache.entry(key);
    Files.setLastModifiedTime(entry, FileTime.from(Instant.now().minus(Duration.ofMinutes(minutesAgo))));
    return entry;
  }

  private long entryBytes() throws IOException {
    long total = 0;
    for (Path entry : entries()) {
      total += Files.size(entry);
    }
    return total;
  }

  @Test
  void pruningKeepsTheCacheUnderItsBoundAndDropsTheLeastRecentlyUsed() throws Exception {
    long entrySize;
    {
      TrainerClassCache probe = new TrainerClassCache(dir.resolve("probe"), BUILD, JDK);
      String key = probe.key(source(0), "");
      probe.put(key, java.util.Map.of(NAME, new byte[4096]));
      entrySize = Files.size(probe.entry(key));
    }
    // room for four entries: the fifth store must evict down to three (three quarters of the bound)
    TrainerClassCache cache = new TrainerClassCache(dir, BUILD, JDK, entrySize * 4 + entrySize / 2);
    Path oldest = storeDated(cache, 1, 50);
    Path second = storeDated(cache, 2, 40);
    Path third = storeDated(cache, 3, 30);
    Path fourth = storeDated(cache, 4, 20);
    assertEquals(4, entries().size(), "four entries fit the bound, nothing pruned yet");

    // a hit on the oldest makes it the most recently used
    assertNotNull(cache.get(cache.key(source(1), "")));
    Path fifth = storeDated(cache, 5, 0);
    Files.setLastModifiedTime(fifth, FileTime.from(Instant.now()));
    cache.prune();

    assertTrue(entryBytes() <= entrySize * 4 + entrySize / 2, "over the bound after pruning: " + entryBytes());
    assertTrue(Files.exists(oldest), "the entry just used was pruned");
    assertFalse(Files.exists(second), "the least recently used entry survived");
    assertTrue(Files.exists(fifth), "the newest entry was pruned");
    assertEquals(3, entries().size(), "pruned to three quarters of the bound: " + entries());
    assertTrue(Files.exists(fourth));
    assertFalse(Files.exists(third), "the second least recently used entry survived");
  }

  @Test
  void pruningRemovesAKilledRunsTemporaryFilesButNotALiveWritersOnes() throws Exception {
    TrainerClassCache cache = new TrainerClassCache(dir, BUILD, JDK);
    Path stale = Files.writeString(dir.resolve("abc123.tmp"), "half an entry");
    Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
    Path fresh = Files.writeString(dir.resolve("def456.tmp"), "being written");
    Path unrelated = Files.writeString(dir.resolve("notes.txt"), "not the cache's");
    Files.setLastModifiedTime(unrelated, FileTime.from(Instant.now().minus(Duration.ofDays(30))));

    cache.prune();

    assertFalse(Files.exists(stale), "a two-hour-old temporary file was kept");
    assertTrue(Files.exists(fresh), "a live writer's temporary file was deleted");
    assertTrue(Files.exists(unrelated), "a file the cache did not write was deleted");
  }

  @Test
  void theBoundIsReadFromThePropertyAndABadValueIsIgnored() {
    String before = System.getProperty(TrainerClassCache.MAX_PROPERTY);
    try {
      System.setProperty(TrainerClassCache.MAX_PROPERTY, "64");
      assertEquals(64L << 20, TrainerClassCache.standardMaxBytes());
      for (String bad : new String[] {"0", "-5", "lots", "1e3", "99999999999"}) {
        System.setProperty(TrainerClassCache.MAX_PROPERTY, bad);
        assertEquals(TrainerClassCache.DEFAULT_MAX_BYTES, TrainerClassCache.standardMaxBytes(), bad);
      }
    } finally {
      if (before == null) {
        System.clearProperty(TrainerClassCache.MAX_PROPERTY);
      } else {
        System.setProperty(TrainerClassCache.MAX_PROPERTY, before);
      }
    }
  }

  @Test
  void anUnwritableCacheOnlyMeansJavacRuns() throws Exception {
    Path file = dir.resolve("not-a-directory");
    Files.writeString(file, "x");
    TrainerClassCache cache = new TrainerClassCache(file.resolve("trainers"), BUILD, JDK);
    var loaded = InMemoryJavaCompiler.obtain(NAME, source(4), cache);
    assertEquals(4, answer(loaded.type()));
    assertFalse(InMemoryJavaCompiler.obtain(NAME, source(4), cache).fromCache());
  }

  @Test
  void concurrentCompilesOfOneSourceAllSucceed() throws Exception {
    TrainerClassCache cache = new TrainerClassCache(dir, BUILD, JDK);
    int threads = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < 3; round++) {
        int answer = 10 + round;
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          results.add(pool.submit(() -> {
            start.await();
            return answer(InMemoryJavaCompiler.obtain(NAME, source(answer), cache).type());
          }));
        }
        for (Future<Integer> r : results) {
          assertEquals(answer, r.get(2, TimeUnit.MINUTES));
        }
        assertTrue(InMemoryJavaCompiler.obtain(NAME, source(answer), cache).fromCache());
      }
    } finally {
      pool.shutdownNow();
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(), files.filter(f -> f.toString().endsWith(".tmp")).toList(), "no temporary files left");
    }
  }

  /** Runs {@code body} with the command line's cache in {@link #dir}. */
  private void withCacheDir(ThrowingRunnable body) throws Exception {
    String previous = System.getProperty(TrainerClassCache.DIR_PROPERTY);
    System.setProperty(TrainerClassCache.DIR_PROPERTY, dir.toString());
    try {
      body.run();
    } finally {
      if (previous == null) {
        System.clearProperty(TrainerClassCache.DIR_PROPERTY);
      } else {
        System.setProperty(TrainerClassCache.DIR_PROPERTY, previous);
      }
    }
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  private List<Path> files(String suffix) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(suffix)).toList();
    }
  }

  /**
   * The spec index (file, text, overrides to the classes entry): a changed spec text or override never
   * gets the old classes, and a damaged index entry only means the source is generated again.
   */
  @Test
  void aChangedSpecIsNeverServedTheOldTrainer(@TempDir Path specs) throws Exception {
    Path spec = specs.resolve("diabetes.optspec");
    Files.copy(Cli.DIABETES_CSV, specs.resolve("diabetes.csv"));
    String text = Files.readString(Cli.DIABETES);
    Files.writeString(spec, text);
    withCacheDir(() -> {
      CompiledSpec first = SpecCompilation.compileTrainer(spec, SpecOverrides.NONE);
      assertEquals(11, first.newTrainer().parameterCount());
      CompiledSpec again = SpecCompilation.compileTrainer(spec, SpecOverrides.NONE);
      assertEquals(first.newTrainer().parameterCount(), again.newTrainer().parameterCount());
      assertEquals(1, files(".spec").size());
      assertEquals(1, files(".classes").size());

      Files.writeString(spec, text.replace("dense(1, init: zeros)", "dense(2, init: zeros)").replace("targets 1", "targets 2"));
      CompiledSpec changed = SpecCompilation.compileTrainer(spec, SpecOverrides.NONE);
      assertEquals(22, changed.newTrainer().parameterCount(), "the changed spec's trainer");
      assertEquals(2, files(".spec").size());
      assertEquals(2, files(".classes").size());

      Files.writeString(spec, text);
      CompiledSpec overridden = SpecCompilation.compileTrainer(spec, new SpecOverrides(3, null));
      assertEquals(3, overridden.spec().epochs());
      assertEquals(3, files(".spec").size(), "--epochs is part of the index key");
      assertEquals(3, files(".classes").size(), "and of the generated source");

      for (Path index : files(".spec")) {
        Files.writeString(index, "damaged");
      }
      assertEquals(11, SpecCompilation.compileTrainer(spec, SpecOverrides.NONE).newTrainer().parameterCount());
      assertEquals(3, files(".classes").size(), "the regenerated source found its classes entry");
      for (Path classes : files(".classes")) {
        Files.delete(classes);
      }
      assertEquals(11, SpecCompilation.compileTrainer(spec, SpecOverrides.NONE).newTrainer().parameterCount(),
          "an index naming a missing classes entry compiles again");
      assertEquals(1, files(".classes").size());
    });
  }

  @Test
  void trainUsesTheCacheAndNoCacheBypassesIt() throws Exception {
    withCacheDir(() -> {
      Cli.Run bypassed = Cli.run("train", Cli.DIABETES.toString(), "--epochs", "1", "--progress", "lines", "--no-cache");
      assertEquals(0, bypassed.status(), bypassed.err());
      assertEquals(List.of(), files(""), "--no-cache stored nothing");
      Cli.Run first = Cli.run("train", Cli.DIABETES.toString(), "--epochs", "1", "--progress", "lines");
      assertEquals(0, first.status(), first.err());
      assertEquals(1, entries().size());
      Cli.Run second = Cli.run("train", Cli.DIABETES.toString(), "--epochs", "1", "--progress", "lines");
      assertEquals(0, second.status(), second.err());
      assertEquals(losses(first.out(), 1), losses(second.out(), 1), "the cached trainer trains exactly as the compiled one");
      assertEquals(losses(bypassed.out(), 1), losses(second.out(), 1));
      assertEquals(1, entries().size());
    });
  }

  /** The epoch lines of a train log without their rates. */
  private static List<String> losses(String log, int epochs) {
    List<String> lines = log.lines().filter(l -> l.startsWith("epoch ") && l.contains("train loss"))
        .map(l -> l.replaceAll(" +[0-9,]+ samples/s", "")).toList();
    assertEquals(epochs, lines.size(), log);
    return lines;
  }

  /**
   * Two whole processes training one spec at once on an empty cache both succeed, and train alike; and
   * neither loads AWT or XChart, which only a picture written with --out needs.
   */
  @Test
  void twoConcurrentProcessesOnOneSpecBothSucceed() throws Exception {
    List<Process> processes = new ArrayList<>();
    List<Path> logs = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Path log = dir.resolve("run" + i + ".log");
      Path classes = dir.resolve("classes" + i + ".log");
      logs.add(log);
      processes.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), "-D" + TrainerClassCache.DIR_PROPERTY + "=" + dir.resolve("cache"),
          "-Xlog:class+load=info:file=" + classes, "-XX:TieredStopAtLevel=1",
          OptSpecCommand.class.getName(), "train", Cli.DIABETES.toString(), "--epochs", "2", "--progress", "lines")
          .redirectErrorStream(true).redirectOutput(log.toFile()).start());
    }
    for (int i = 0; i < 2; i++) {
      assertTrue(processes.get(i).waitFor(5, TimeUnit.MINUTES), "run " + i + " finished");
      assertEquals(0, processes.get(i).exitValue(), Files.readString(logs.get(i)));
      String loaded = Files.readString(dir.resolve("classes" + i + ".log"));
      assertTrue(loaded.contains("org.optspec.cli.TrainCommand"), "the class log is the train run's");
      assertFalse(loaded.contains("java.awt.") || loaded.contains("org.knowm.xchart"), "train without --out loaded AWT or XChart");
    }
    assertEquals(losses(Files.readString(logs.get(0)), 2), losses(Files.readString(logs.get(1)), 2));
    try (Stream<Path> files = Files.list(dir.resolve("cache"))) {
      List<String> all = files.map(f -> f.getFileName().toString().replaceAll("^[0-9a-f]{64}", "KEY")).sorted().toList();
      assertEquals(List.of("KEY.classes", "KEY.spec"), all, "one classes entry, one index entry, no temporary files");
    }
  }
}
