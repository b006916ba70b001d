package org.optspec.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Each optimizer default is stated once, in the catalogue (grammar's {@code OptimizerEntries}), which the checker fills
 * into every spec: the optimizer's lowering ({@code OptimizerLowering}, {@code NamedChains}) and the transforms'
 * emitters hold no default of their own. Their code (comments and string literals removed, as those are documentation
 * and generated code) may hold no number with a fraction or an exponent and no integer above 2 outside a documented
 * {@code static final} constant, and no {@code getOrDefault} fallback.
 */
class DefaultsLiveInTheCatalogueTest {

  private static final Path MAIN = Path.of("src/main/java/org/optspec/processor");
  private static final Pattern NUMBER = Pattern.compile("(?<![\\w.])(\\d+\\.\\d*|\\.\\d+|\\d+)([eE][-+]?\\d+)?[fFdDlL]?(?![\\w.])");

  static List<Path> optimizerSources() throws IOException {
    List<Path> files = new ArrayList<>(List.of(MAIN.resolve("ir/OptimizerLowering.java"), MAIN.resolve("ir/NamedChains.java"),
        MAIN.resolve("emit/ChainEmitter.java"), MAIN.resolve("emit/TransformSite.java"),
        MAIN.resolve("emit/HyperParameters.java")));
    try (Stream<Path> emit = Files.list(MAIN.resolve("emit"))) {
      for (Path p : emit.sorted().toList()) {
        if (Files.readString(p, StandardCharsets.UTF_8).contains("implements TransformEmitter")) {
          files.add(p);
        }
      }
    }
    return files;
  }

  @Test
  void theOptimizerCodeHasNoDefaultOfItsOwn() throws IOException {
    List<Path> files = optimizerSources();
    assertTrue(files.size() > 30, "the transform emitters were not found: " + files);
    List<String> found = new ArrayList<>();
    for (Path file : files) {
      found.addAll(defaults(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8)));
    }
    assertEquals(List.of(), found, "defaults belong in the catalogue");
  }

  @Test
  void theScanFindsADefault() {
    String code = "double eps = num(args, \"eps\", 1e-8); // 0.9 in a comment\n"
        + "double wd = kind == ADAMW ? 0.01 : 0; int i = 0; double lr = 1;\n"
        + "boolean n = flags.getOrDefault(\"nesterov\", false);\n"
        + "static final int LIMIT = 4096;\n"
        + "String s = \"Math.pow(0.96, t)\"; double d = 50;\n";
    assertEquals(List.of("f:1: 1e-8", "f:2: 0.01", "f:3: getOrDefault", "f:5: 50"), defaults("f", code));
    assertFalse(defaults("f", "int k = 2; double x = 1 - b1;").iterator().hasNext());
  }

  /** The suspicious numbers and fallbacks of one source, as {@code file:line: text}. */
  static List<String> defaults(String file, String source) {
    List<String> found = new ArrayList<>();
    String[] lines = stripCommentsAndStrings(source).split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.contains("static final")) {
        continue;
      }
      if (line.contains("getOrDefault(")) {
        found.add(file + ":" + (i + 1) + ": getOrDefault");
      }
      Matcher m = NUMBER.matcher(line);
      while (m.find()) {
        String n = m.group();
        boolean fraction = n.contains(".") || m.group(2) != null;
        if (fraction || Long.parseLong(m.group(1)) > 2) {
          found.add(file + ":" + (i + 1) + ": " + n);
        }
      }
    }
    return found;
  }

  /** The source with comments and string and character literals blanked, line breaks kept. */
  static String stripCommentsAndStrings(String s) {
    StringBuilder b = new StringBuilder();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (s.startsWith("//", i)) {
        while (i < s.length() && s.charAt(i) != '\n') {
          i++;
        }
      } else if (s.startsWith("/*", i)) {
        int end = s.indexOf("*/", i + 2);
        end = end < 0 ? s.length() : end + 2;
        s.substring(i, end).chars().filter(ch -> ch == '\n').forEach(ch -> b.append('\n'));
        i = end;
      } else if (c == '"' || c == '\'') {
        b.append(c).append(c);
        i++;
        while (i < s.length() && s.charAt(i) != c) {
          i += s.charAt(i) == '\\' ? 2 : 1;
        }
        i++;
      } else {
        b.append(c);
        i++;
      }
    }
    return b.toString();
  }
}
