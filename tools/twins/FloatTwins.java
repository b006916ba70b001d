import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the float twins of the runtime's double kernels, as EJML's GenerateCode32 derives its 32-bit code from the
 * 64-bit one: the double code is the one that is edited, the float code is generated from it and committed.
 *
 * <ul>
 *   <li>{@code DoubleGemm.java} → {@code FloatGemm.java}, the whole file;
 *   <li>in {@code NativeGemm.java}, {@code GemmPool.java} and {@code Vectors.java}, the lines between
 *       {@code // float twin: begin} and {@code // float twin: end} are generated from the lines between
 *       {@code // double twin: begin} and {@code // double twin: end} of the same file.
 * </ul>
 *
 * <p>The translation is by whole words: {@code double} → {@code float}, {@code Double} → {@code Float},
 * {@code DoubleGemm} → {@code FloatGemm}, {@code dgemm} → {@code sgemm}, the pool's double workspaces {@code da},
 * {@code db}, {@code dc} → {@code fa}, {@code fb}, {@code fc}, the literals {@code 0.0} and {@code 1.0} →
 * {@code 0f} and {@code 1f}, and byte sizes written {@code <n> KiB} halved, as a float is half a double. A line
 * ending in {@code // twin: keep} keeps its double words (a double accumulator of float data), and so does a line
 * that names this program; a double region whose begin line says {@code (arrays only} translates only
 * {@code double[]} (a float kernel that sums in double).
 *
 * <p>Run from the repository root: {@code java tools/twins/FloatTwins.java} rewrites the float code;
 * {@code java tools/twins/FloatTwins.java --check} changes nothing and exits with status 1, listing the files, when
 * the committed float code is not what this program writes ({@code FloatTwinsTest} in runtime runs that).
 */
public final class FloatTwins {

  static final Path KERNELS = Path.of("runtime/src/main/java/org/optspec/runtime/kernels");
  static final String FLOAT_BEGIN = "// float twin: begin";
  static final String FLOAT_END = "// float twin: end";
  static final String DOUBLE_BEGIN = "// double twin: begin";
  static final String DOUBLE_END = "// double twin: end";
  static final String KEEP = "// twin: keep";
  static final String ARRAYS_ONLY = "(arrays only";

  private static final String[][] WORDS = {
      {"DoubleGemm", "FloatGemm"}, {"doubles", "floats"}, {"double", "float"}, {"Double", "Float"}, {"dgemm", "sgemm"},
      {"da", "fa"}, {"db", "fb"}, {"dc", "fc"}, {"isDouble = true", "isDouble = false"}};
  private static final Pattern KIB = Pattern.compile("(\\d+) KiB");

  private FloatTwins() {}

  public static void main(String[] args) throws IOException {
    boolean check = args.length > 0 && args[0].equals("--check");
    int rest = check ? 1 : 0;
    if (args.length > rest + 1) {
      System.err.println("usage: java tools/twins/FloatTwins.java [--check] [repository root]");
      System.exit(2);
    }
    Path root = Path.of(args.length > rest ? args[rest] : ".");
    List<String> drifted = new ArrayList<>();
    Path kernels = root.resolve(KERNELS);
    write(kernels.resolve("FloatGemm.java"), floatGemm(read(kernels.resolve("DoubleGemm.java"))), check, drifted);
    for (String name : List.of("NativeGemm.java", "GemmPool.java", "Vectors.java")) {
      Path file = kernels.resolve(name);
      write(file, withTwins(read(file), name), check, drifted);
    }
    if (!drifted.isEmpty()) {
      System.err.println((check ? "the float twins differ from what tools/twins/FloatTwins.java writes: "
          : "rewrote ") + String.join(", ", drifted));
      if (check) {
        System.exit(1);
      }
    }
  }

  /** FloatGemm.java: DoubleGemm.java translated. */
  static String floatGemm(String doubleGemm) {
    return translate(doubleGemm);
  }

  /** The file with every float twin region rewritten from the double twin region that follows or precedes it. */
  static String withTwins(String source, String name) {
    List<String> lines = new ArrayList<>(source.lines().toList());
    List<int[]> floats = regions(lines, FLOAT_BEGIN, FLOAT_END, name);
    List<int[]> doubles = regions(lines, DOUBLE_BEGIN, DOUBLE_END, name);
    if (floats.size() != doubles.size() || floats.isEmpty()) {
      throw new IllegalStateException(name + ": " + floats.size() + " float twin regions but " + doubles.size()
          + " double twin regions");
    }
    // rewrite from the last region so earlier indices stay valid
    for (int r = floats.size() - 1; r >= 0; r--) {
      int[] f = floats.get(r);
      int[] d = doubles.get(r);
      boolean arraysOnly = lines.get(d[0]).contains(ARRAYS_ONLY);
      List<String> generated = new ArrayList<>();
      for (String line : lines.subList(d[0] + 1, d[1])) {
        generated.add(line.endsWith(KEEP) ? line : arraysOnly ? line.replace("double[]", "float[]") : translate(line));
      }
      List<String> replaced = new ArrayList<>(lines.subList(0, f[0] + 1));
      replaced.addAll(generated);
      replaced.addAll(lines.subList(f[1], lines.size()));
      if (d[0] > f[0]) {
        // the double region comes after the float one: its indices moved by the change of length
        int shift = generated.size() - (f[1] - f[0] - 1);
        for (int k = r; k < doubles.size(); k++) {
          doubles.set(k, new int[] {doubles.get(k)[0] + shift, doubles.get(k)[1] + shift});
        }
      }
      lines = replaced;
    }
    return String.join("\n", lines) + (source.endsWith("\n") ? "\n" : "");
  }

  private static List<int[]> regions(List<String> lines, String begin, String end, String name) {
    List<int[]> regions = new ArrayList<>();
    int open = -1;
    for (int i = 0; i < lines.size(); i++) {
      String t = lines.get(i).trim();
      if (t.startsWith(begin)) {
        if (open >= 0) {
          throw new IllegalStateException(name + ":" + (i + 1) + ": " + begin + " inside another");
        }
        open = i;
      } else if (t.equals(end)) {
        if (open < 0) {
          throw new IllegalStateException(name + ":" + (i + 1) + ": " + end + " without " + begin);
        }
        regions.add(new int[] {open, i});
        open = -1;
      }
    }
    if (open >= 0) {
      throw new IllegalStateException(name + ": " + begin + " at line " + (open + 1) + " is not closed");
    }
    return regions;
  }

  /** The float spelling of double code, line by line; a line that names this program is copied as it is. */
  static String translate(String code) {
    if (code.contains("\n")) {
      List<String> out = new ArrayList<>();
      for (String line : code.split("\n", -1)) {
        out.add(translate(line));
      }
      return String.join("\n", out);
    }
    if (code.contains("tools/twins/FloatTwins.java")) {
      return code;
    }
    String s = code;
    for (String[] w : WORDS) {
      s = s.replaceAll("\\b" + w[0] + "\\b", w[1]);
    }
    s = s.replaceAll("(?<![\\w.])0\\.0(?![\\w.])", "0f").replaceAll("(?<![\\w.])1\\.0(?![\\w.])", "1f");
    Matcher m = KIB.matcher(s);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      int kib = Integer.parseInt(m.group(1));
      if (kib % 2 != 0) {
        throw new IllegalStateException("cannot halve " + m.group() + " in: " + code.strip());
      }
      m.appendReplacement(b, (kib / 2) + " KiB");
    }
    m.appendTail(b);
    return b.toString();
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  private static void write(Path file, String content, boolean check, List<String> drifted) throws IOException {
    if (read(file).equals(content)) {
      return;
    }
    drifted.add(file.getFileName().toString());
    if (!check) {
      Files.writeString(file, content, StandardCharsets.UTF_8);
    }
  }
}
