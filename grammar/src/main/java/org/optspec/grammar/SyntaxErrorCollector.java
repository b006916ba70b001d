package org.optspec.grammar;

import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.IntervalSet;
import org.optspec.spec.Diagnostic;
import org.optspec.spec.DiagnosticKey;
import org.optspec.spec.SourcePos;
import org.optspec.spec.SourceText;

/**
 * Collects every lexer and parser error as a {@link Diagnostic}, rewording ANTLR's messages
 * ("mismatched input ... expecting {...}") into what a user of the language understands.
 */
final class SyntaxErrorCollector extends BaseErrorListener {

  static final String KEY = DiagnosticKey.SYNTAX.key();

  private final SourceText source;
  private final List<Diagnostic> diagnostics = new ArrayList<>();

  SyntaxErrorCollector(SourceText source) {
    this.source = source;
  }

  List<Diagnostic> diagnostics() {
    return List.copyOf(diagnostics);
  }

  @Override
  public void syntaxError(
      Recognizer<?, ?> recognizer,
      Object offendingSymbol,
      int line,
      int charPositionInLine,
      String msg,
      RecognitionException e) {
    SourcePos pos = new SourcePos(source.fileName(), line, charPositionInLine + 1);
    String message;
    if (offendingSymbol instanceof Token token && recognizer instanceof Parser parser) {
      IntervalSet expected = expected(parser, e);
      message = parserMessage(token, expected);
      Token previous = previous(parser, token);
      if (token.getType() == Token.EOF) {
        pos = endOfText();
      } else if (previous != null && previous.getLine() < token.getLine() && !expectation(expected).isEmpty()) {
        // Something is missing at the end of a line (an argument list left open): like javac's
        // "';' expected", point just past the last token of that line rather than at the next one.
        int column = previous.getCharPositionInLine() + previous.getText().length() + 1;
        pos = new SourcePos(source.fileName(), previous.getLine(), column);
        message = expectation(expected).substring(2) + " at the end of the line";
      }
    } else {
      message = lexerMessage(msg);
    }
    diagnostics.add(Diagnostic.error(KEY, message, pos, source));
  }

  /** The token the parser saw before the offending one, or null at the start. */
  private static Token previous(Parser parser, Token token) {
    int index = token.getTokenIndex();
    if (index <= 0 || index > parser.getInputStream().size()) {
      return null;
    }
    Token previous = parser.getInputStream().get(index - 1);
    return previous.getType() == OptSpecLexer.NL ? null : previous;
  }

  private static IntervalSet expected(Parser parser, RecognitionException e) {
    try {
      return e != null && e.getExpectedTokens() != null ? e.getExpectedTokens() : parser.getExpectedTokens();
    } catch (RuntimeException ignored) {
      // The expected set is only a hint for the message; never let computing it fail the parse.
      return new IntervalSet();
    }
  }

  private static String parserMessage(Token token, IntervalSet expected) {
    if (token.getType() == Token.EOF) {
      return expected.contains(OptSpecLexer.RBRACE)
          ? "reached end of file while parsing; a '{' is not closed"
          : "unexpected end of file" + expectation(expected);
    }
    if (token.getType() == OptSpecLexer.UNTERMINATED_STRING) {
      return "unterminated string";
    }
    boolean valueExpected = expected.contains(OptSpecLexer.NUMBER) && expected.contains(OptSpecLexer.STRING);
    if (isCloser(token.getType()) && !expected.contains(token.getType()) && !valueExpected) {
      return "unexpected '" + token.getText() + "' with no matching opening bracket";
    }
    String what = token.getType() == OptSpecLexer.NL ? "end of line" : "'" + token.getText() + "'";
    return "unexpected " + what + expectation(expected);
  }

  private static boolean isCloser(int type) {
    return type == OptSpecLexer.RPAREN || type == OptSpecLexer.RBRACK || type == OptSpecLexer.RBRACE;
  }

  /** "; expected ')'" when ANTLR knows a short list of what could come next. */
  private static String expectation(IntervalSet expected) {
    if (expected.contains(OptSpecLexer.NUMBER) && expected.contains(OptSpecLexer.STRING)) {
      return "; expected a value";
    }
    List<String> names = new ArrayList<>();
    for (int type : expected.toList()) {
      String name = describe(type);
      if (name != null && !names.contains(name)) {
        names.add(name);
      }
    }
    if (names.isEmpty() || names.size() > 3) {
      return "";
    }
    if (names.size() == 1) {
      return "; expected " + names.get(0);
    }
    return "; expected " + String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
  }

  private static String describe(int type) {
    return switch (type) {
      case OptSpecLexer.IDENT, OptSpecLexer.STEPS, OptSpecLexer.STEP, OptSpecLexer.EPOCHS, OptSpecLexer.EPOCH -> "a name";
      case OptSpecLexer.NUMBER -> "a number";
      case OptSpecLexer.STRING -> "a string";
      case OptSpecLexer.NL -> "end of line";
      case Token.EOF -> "end of file";
      default -> OptSpecLexer.VOCABULARY.getLiteralName(type);
    };
  }

  private static String lexerMessage(String antlrMessage) {
    String prefix = "token recognition error at: '";
    if (antlrMessage.startsWith(prefix) && antlrMessage.length() > prefix.length()) {
      String text = antlrMessage.substring(prefix.length(), antlrMessage.length() - 1);
      if (text.startsWith("\"")) {
        return "unterminated string";
      }
      if (text.startsWith("/*")) {
        return "unterminated comment";
      }
      return "unexpected character '" + text + "'";
    }
    return antlrMessage;
  }

  /** End of file is reported just past the last character, on a line that has a caret to show. */
  private SourcePos endOfText() {
    List<String> lines = source.lines();
    int line = lines.size();
    while (line > 1 && lines.get(line - 1).isBlank()) {
      line--;
    }
    int column = line == 0 ? 1 : lines.get(line - 1).length() + 1;
    return new SourcePos(source.fileName(), Math.max(1, line), column);
  }
}
