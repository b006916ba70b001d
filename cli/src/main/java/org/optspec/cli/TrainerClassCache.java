package org.optspec.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.LinkOption;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The compiled classes of generated trainers, on disk, so that a second run of the same spec skips javac.
 * Content-addressed: an entry's name is the SHA-256 of the generated source, the OptSpec build (version
 * and build stamp, so a rebuilt runtime is never linked against stale classes), the JDK (its vendor and
 * full version) and javac's options. An entry carries its own key and a SHA-256 of its content; one that
 * does not match, cannot be read or does not parse is a miss, and the fresh compile replaces it.
 *
 * <p>Entries are written to a temporary file in the cache directory and renamed into place, so a reader
 * sees a whole entry or none, and concurrent runs of one spec both succeed (the last rename wins; both
 * wrote the same bytes). The cache never fails a run: an unwritable directory only means javac runs.
 *
 * <p>Where: {@code -Doptspec.cache.dir}, else {@code $OPTSPEC_CACHE_DIR}, else
 * {@code $XDG_CACHE_HOME/optspec/trainers}, else {@code ~/.cache/optspec/trainers}. {@code --no-cache}
 * (any command) or {@code -Doptspec.cache=false} turns it off. Deleting the directory is always safe.
 *
 * <p>Bounded: after each store, entries least recently used (a hit refreshes an entry's modification
 * time) are deleted until the directory holds at most three quarters of its bound, 256 MiB unless
 * {@code -Doptspec.cache.maxMegabytes} or {@code $OPTSPEC_CACHE_MAX_MB} says otherwise; temporary files
 * older than an hour, left by a killed run, go too. Entries of other OptSpec builds and JDKs are never hit
 * again, so they age out first. Deleting an entry another process is about to read only makes that
 * process compile.
 */
final class TrainerClassCache {
  static final String DIR_PROPERTY = "optspec.cache.dir";
  static final String DIR_ENV = "OPTSPEC_CACHE_DIR";
  private static final String MAGIC = "optspec trainer classes v1";
  private static final int DIGEST_BYTES = 32;
  private static final String SUFFIX = ".classes";
  private static final String INDEX_MAGIC = "optspec spec index v1";
  private static final String INDEX_SUFFIX = ".spec";
  private static final String TMP_SUFFIX = ".tmp";
  static final String MAX_PROPERTY = "optspec.cache.maxMegabytes";
  static final String MAX_ENV = "OPTSPEC_CACHE_MAX_MB";
  static final long DEFAULT_MAX_BYTES = 256L << 20;
  /** A temporary file this old is a killed run's: no live writer takes more than a second. */
  static final Duration STALE_TEMPORARY = Duration.ofHours(1);

  private final Path dir;
  private final String optspecBuild;
  private final String jdk;
  private final long maxBytes;

  TrainerClassCache(Path dir, String optspecBuild, String jdk) {
    this(dir, optspecBuild, jdk, DEFAULT_MAX_BYTES);
  }

  TrainerClassCache(Path dir, String optspecBuild, String jdk, long maxBytes) {
    this.dir = dir;
    this.optspecBuild = optspecBuild;
    this.jdk = jdk;
    this.maxBytes = maxBytes;
  }

  /** The cache this process uses: the configured directory and bound, this OptSpec build and this JDK. */
  static TrainerClassCache standard() {
    return new TrainerClassCache(standardDirectory(), optspecBuild(), runningJdk(), standardMaxBytes());
  }

  /** The configured bound in bytes; a value that is not a positive whole number of megabytes is ignored. */
  static long standardMaxBytes() {
    String configured = System.getProperty(MAX_PROPERTY);
    if (configured == null || configured.isBlank()) {
      configured = System.getenv(MAX_ENV);
    }
    if (configured != null && configured.strip().matches("[1-9][0-9]{0,6}")) {
      return Long.parseLong(configured.strip()) << 20;
    }
    return DEFAULT_MAX_BYTES;
  }

  static Path standardDirectory() {
    String property = System.getProperty(DIR_PROPERTY);
    if (property != null && !property.isBlank()) {
      return Path.of(property);
    }
    String env = System.getenv(DIR_ENV);
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("optspec").resolve("trainers");
  }

  /** This OptSpec's version and build stamp, from the build.properties the Maven build filters. */
  static String optspecBuild() {
    Properties p = new Properties();
    try (InputStream in = TrainerClassCache.class.getResourceAsStream("build.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // no properties: the key still holds the source and the JDK
    }
    return p.getProperty("version", "unknown") + "+" + p.getProperty("build", "unknown");
  }

  static String runningJdk() {
    return System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " " + Runtime.version();
  }

  Path directory() {
    return dir;
  }

  /** The entry name for one generated source compiled with {@code javacOptions}. */
  String key(String source, String javacOptions) {
    return digest(MAGIC, optspecBuild, jdk, javacOptions, source);
  }

  /**
   * The index name for one spec file as the command line compiles it: its path (the generated source
   * names it), its text, the command line's overrides and the package, with this OptSpec build (whose
   * compiler turns them into the source). An index entry names the classes entry of the source, so a
   * warm run skips generating the source as well as javac.
   */
  String specKey(String file, String text, String overrides, String packageName) {
    return digest(INDEX_MAGIC, optspecBuild, jdk, packageName, overrides, file, text);
  }

  /** The classes entry and the class name that {@code specKey}'s spec compiled to, or null. */
  Indexed getIndex(String specKey) {
    try {
      List<String> lines = Files.readAllLines(index(specKey), StandardCharsets.UTF_8);
      if (lines.size() == 3 && lines.get(0).equals(INDEX_MAGIC + " " + specKey) && lines.get(1).matches("[0-9a-f]{64}")
          && lines.get(2).matches("[A-Za-z_$][A-Za-z0-9_$.]*")) {
        markUsed(index(specKey));
        return new Indexed(lines.get(1), lines.get(2));
      }
      return null;
    } catch (IOException | UncheckedIOException | SecurityException e) {
      return null;
    }
  }

  /** Records that {@code specKey}'s spec compiled to {@code className} in the classes entry {@code classesKey}. */
  boolean putIndex(String specKey, String classesKey, String className) {
    String text = INDEX_MAGIC + " " + specKey + "\n" + classesKey + "\n" + className + "\n";
    return write(index(specKey), specKey, text.getBytes(StandardCharsets.UTF_8), null);
  }

  /** An index entry: the classes entry's key and the trainer's class name. */
  record Indexed(String classesKey, String className) {}

  private Path index(String specKey) {
    return dir.resolve(specKey + INDEX_SUFFIX);
  }

  private static String digest(String... parts) {
    MessageDigest sha = sha256();
    for (String part : parts) {
      byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
      sha.update(HexFormat.of().toHexDigits(bytes.length).getBytes(StandardCharsets.US_ASCII));
      sha.update(bytes);
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  Path entry(String key) {
    return dir.resolve(key + SUFFIX);
  }

  /** The classes stored under {@code key} (binary name to class file), or null: missing, unreadable or corrupt. */
  Map<String, byte[]> get(String key) {
    byte[] all;
    try {
      all = Files.readAllBytes(entry(key));
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException | SecurityException e) {
      return null;
    }
    if (all.length < DIGEST_BYTES) {
      return null;
    }
    byte[] body = Arrays.copyOf(all, all.length - DIGEST_BYTES);
    if (!MessageDigest.isEqual(sha256().digest(body), Arrays.copyOfRange(all, body.length, all.length))) {
      return null;
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(body))) {
      if (!MAGIC.equals(in.readUTF()) || !key.equals(in.readUTF())) {
        return null;
      }
      int count = in.readInt();
      if (count < 1 || count > 10_000) {
        return null;
      }
      Map<String, byte[]> classes = new LinkedHashMap<>();
      for (int i = 0; i < count; i++) {
        String name = in.readUTF();
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
          return null;
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        classes.put(name, bytes);
      }
      if (in.available() != 0) {
        return null;
      }
      markUsed(entry(key));
      return classes;
    } catch (IOException e) {
      return null;
    }
  }

  /** A hit makes an entry the most recently used, so pruning keeps it. */
  private static void markUsed(Path file) {
    try {
      Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
    } catch (IOException | UncheckedIOException | SecurityException e) {
      // a read-only cache is still a cache; the entry only ages as if unused
    }
  }

  /**
   * Deletes temporary files older than {@link #STALE_TEMPORARY} and, while entries hold more than the
   * bound, the least recently used until three quarters of it remain. Never fails: a file that vanished
   * or cannot be deleted is skipped.
   */
  void prune() {
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.toList();
    } catch (IOException | UncheckedIOException | SecurityException e) {
      return;
    }
    Instant staleBefore = Instant.now().minus(STALE_TEMPORARY);
    List<Sized> entries = new ArrayList<>();
    long total = 0;
    for (Path file : files) {
      String name = file.getFileName().toString();
      try {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isRegularFile()) {
          continue;
        }
        if (name.endsWith(TMP_SUFFIX)) {
          if (attributes.lastModifiedTime().toInstant().isBefore(staleBefore)) {
            Files.deleteIfExists(file);
          }
        } else if (name.endsWith(SUFFIX) || name.endsWith(INDEX_SUFFIX)) {
          entries.add(new Sized(file, attributes.size(), attributes.lastModifiedTime()));
          total += attributes.size();
        }
      } catch (IOException | UncheckedIOException | SecurityException e) {
        // gone or unreadable: not ours to count
      }
    }
    if (total <= maxBytes) {
      return;
    }
    entries.sort(Comparator.comparing(Sized::used));
    long keep = maxBytes / 4 * 3;
    for (Sized entry : entries) {
      if (total <= keep) {
        break;
      }
      try {
        Files.deleteIfExists(entry.file());
        total -= entry.bytes();
      } catch (IOException | UncheckedIOException | SecurityException e) {
        // another process holds or removed it; the next prune tries again
      }
    }
  }

  private record Sized(Path file, long bytes, FileTime used) {}

  /** Stores {@code classes} under {@code key}, atomically; false (and nothing changed) when it cannot. */
  boolean put(String key, Map<String, byte[]> classes) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        out.writeUTF(MAGIC);
        out.writeUTF(key);
        out.writeInt(classes.size());
        for (Map.Entry<String, byte[]> c : classes.entrySet()) {
          out.writeUTF(c.getKey());
          out.writeInt(c.getValue().length);
          out.write(c.getValue());
        }
      }
      byte[] body = bytes.toByteArray();
      boolean stored = write(entry(key), key, body, sha256().digest(body));
      if (stored) {
        prune();
      }
      return stored;
    } catch (IOException e) {
      return false;
    }
  }

  /** Writes {@code body} (then {@code trailer}, when not null) to a temporary file and renames it to {@code target}. */
  private boolean write(Path target, String key, byte[] body, byte[] trailer) {
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, key, TMP_SUFFIX);
      try (var out = Files.newOutputStream(tmp)) {
        out.write(body);
        if (trailer != null) {
          out.write(trailer);
        }
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
      return true;
    } catch (IOException | UncheckedIOException | SecurityException e) {
      return false;
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException | SecurityException e) {
          // a stray temporary file; the next put does not read it
        }
      }
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
