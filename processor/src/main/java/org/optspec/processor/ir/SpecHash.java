package org.optspec.processor.ir;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;
import org.optspec.grammar.OptSpecLexer;

/**
 * The identity a checkpoint records: SHA-256 of the spec's canonical text, i.e. its tokens with
 * comments and spacing dropped, each run of line breaks as one {@code \n} and the other tokens joined
 * by one space. Reformatting or commenting a spec keeps its hash; changing any name or number does not.
 */
public final class SpecHash {

  private SpecHash() {}

  public static String of(String specText) {
    return sha256(canonical(specText));
  }

  static String canonical(String specText) {
    OptSpecLexer lexer = new OptSpecLexer(CharStreams.fromString(specText));
    lexer.removeErrorListeners();
    StringBuilder out = new StringBuilder();
    boolean lineBreak = false;
    for (Token t = lexer.nextToken(); t.getType() != Token.EOF; t = lexer.nextToken()) {
      if (t.getType() == OptSpecLexer.NL) {
        lineBreak = out.length() > 0;
        continue;
      }
      if (lineBreak) {
        out.append('\n');
        lineBreak = false;
      } else if (out.length() > 0) {
        out.append(' ');
      }
      out.append(t.getText());
    }
    return out.toString();
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
