package org.optspec.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link GeneratedComments#quote}, fuzzed: random text built from the pieces that reinterpret a comment (backslashes,
 * {@code u}s, hex digits, comment openers and closers, line breaks, bidirectional controls, lone surrogates) must come
 * back with no Unicode escape, no comment terminator and no line break, and, put into every kind of comment, must
 * compile to a class with no member the text declares.
 */
class GeneratedCommentsTest {

  private static final String[] PIECES = {"\\", "\\\\", "u", "uu", "000a", "000A", "000d", "002f", "002a", "0022", "*", "/",
      "*/", "/*", "//", "\n", "\r", "\r\n", "\u2028", "\u202e", "\u200b", "\ud800", "\udfff", "\u0000", "\u001a", "\t", " ",
      "int INJECTED;", "static { INJECTED(); }", "\"", "'", "{", "}", "@", "<", ">", "&", "é", "\ud83d\ude00", "$L", "%s", "\f"};

  @Test
  void ordinaryTextComesBackUnchanged() {
    for (String s : new String[] {"digits.optspec:16  dense(128, init: he)", "stop when loss < 1e-10 for 3 epochs",
        "source csv(\"data/diabetes.csv\", target: last)", "x = [1, 2] * 3 / 4", "Model.optspec (inline)", "élan — 5 × 3",
        "tab\there", "a /* b", "a*b/c", "/path/to/runs/x.optspec"}) {
      assertEquals(s, GeneratedComments.quote(s));
    }
  }

  @Test
  void reinterpretableSequencesAreNeutralized() {
    assertEquals("\\\\u000a", GeneratedComments.quote("\\u000a"));
    assertEquals("a * / b", GeneratedComments.quote("a */ b"));
    assertEquals("a ** / b", GeneratedComments.quote("a **/ b"));
    assertEquals("a b c", GeneratedComments.quote("a\rb\nc"));
    assertEquals("[U+202E]evil", GeneratedComments.quote("\u202eevil"));
    assertEquals("[U+D800]", GeneratedComments.quote("\ud800"));
    assertEquals("\ud83d\ude00", GeneratedComments.quote("\ud83d\ude00"));
  }

  @Test
  void randomTextQuotedHasNoEscapeNoTerminatorNoLineBreak() {
    Random random = new Random(0x5EC_7E47L);
    for (int i = 0; i < 200_000; i++) {
      String text = random(random);
      String quoted = GeneratedComments.quote(text);
      String what = "text " + i + ": " + Arrays.toString(text.chars().toArray());
      assertEquals(-1, JavaLexicalScan.firstUnicodeEscape(quoted), what);
      // the comment's own context: a template character before and after the text
      assertEquals(-1, JavaLexicalScan.firstUnicodeEscape(" " + quoted + "\n"), what);
      assertFalse(quoted.contains("*/"), what);
      assertFalse(quoted.indexOf('\n') >= 0 || quoted.indexOf('\r') >= 0, what);
      assertTrue(validSurrogates(quoted), what);
      assertEquals(quoted, GeneratedComments.quote(text), "deterministic");
    }
  }

  /** 300 random texts in line, block and Javadoc comments of one class: it compiles and declares nothing else. */
  @Test
  void randomTextInEveryKindOfCommentCompilesToNothing() throws Exception {
    Random random = new Random(0xC0_33E7L);
    StringBuilder source = new StringBuilder("package fuzz;\n\npublic final class Comments {\n");
    for (int i = 0; i < 300; i++) {
      String quoted = GeneratedComments.quote(random(random) + " int INJECTED" + i + "; " + random(random));
      switch (i % 3) {
        case 0 -> source.append("  // ").append(quoted).append('\n');
        case 1 -> source.append("  /* ").append(quoted).append(" */\n");
        default -> source.append("  /**\n   * ").append(quoted).append("\n   */\n");
      }
      source.append("  public int field").append(i).append(";\n");
    }
    source.append("}\n");
    Compilation compilation = javac().compile(JavaFileObjects.forSourceString("fuzz.Comments", source.toString()));
    assertThat(compilation).succeeded();
    Class<?> type = LoadedTrainer.load(compilation, "fuzz.Comments");
    Field[] fields = type.getDeclaredFields();
    assertEquals(300, fields.length);
    assertTrue(Arrays.stream(fields).allMatch(f -> f.getName().startsWith("field")));
    assertEquals(-1, JavaLexicalScan.firstUnicodeEscape(source.toString()));
    assertFalse(JavaLexicalScan.code(source.toString()).contains("INJECTED"));
  }

  private static String random(Random random) {
    StringBuilder b = new StringBuilder();
    int pieces = random.nextInt(12);
    for (int p = 0; p < pieces; p++) {
      b.append(random.nextInt(8) == 0 ? String.valueOf((char) random.nextInt(0x3000)) : PIECES[random.nextInt(PIECES.length)]);
    }
    return b.toString();
  }

  private static boolean validSurrogates(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
