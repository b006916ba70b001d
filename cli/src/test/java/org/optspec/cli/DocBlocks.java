package org.optspec.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The fenced code blocks of a Markdown file, and the {@code <pre>} examples of a javadoc comment. */
final class DocBlocks {

  /** One block: where it starts (the fence's line), its info string split into words, its text. */
  record Block(Path file, int line, List<String> info, String text) {
    String language() {
      return info.isEmpty() ? "" : info.get(0);
    }

    boolean has(String word) {
      return info.contains(word);
    }

    /** The value of a {@code key=value} word of the info string, or null. */
    String option(String key) {
      return info.stream().filter(w -> w.startsWith(key + "=")).map(w -> w.substring(key.length() + 1)).findFirst()
          .orElse(null);
    }

    String where() {
      return file + ":" + line;
    }
  }

  private DocBlocks() {}

  static List<Block> markdown(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (!line.startsWith("```")) {
        continue;
      }
      String info = line.substring(3).strip();
      StringBuilder text = new StringBuilder();
      int start = i + 1;
      for (i++; i < lines.size() && !lines.get(i).startsWith("```"); i++) {
        text.append(lines.get(i)).append('\n');
      }
      blocks.add(new Block(file, start, info.isEmpty() ? List.of() : Arrays.asList(info.split("\\s+")), text.toString()));
    }
    return blocks;
  }

  private static final Pattern PRE = Pattern.compile("<pre>\\n(.*?)\\n\\s*\\*\\s*</pre>", Pattern.DOTALL);

  /** The {@code <pre>} blocks of a Java source's comments, with the leading {@code " * "} and HTML escapes undone. */
  static List<Block> javadocExamples(Path source) throws IOException {
    String text = Files.readString(source, StandardCharsets.UTF_8);
    List<Block> blocks = new ArrayList<>();
    Matcher m = PRE.matcher(text);
    while (m.find()) {
      int line = (int) text.substring(0, m.start()).lines().count() + 1;
      StringBuilder body = new StringBuilder();
      for (String l : m.group(1).split("\n")) {
        body.append(l.replaceFirst("^\\s*\\* ?", "")).append('\n');
      }
      String unescaped = body.toString().replace("&#64;", "@").replace("&lt;", "<").replace("&gt;", ">")
          .replace("&amp;", "&");
      blocks.add(new Block(source, line, List.of("java"), unescaped));
    }
    return blocks;
  }
}
