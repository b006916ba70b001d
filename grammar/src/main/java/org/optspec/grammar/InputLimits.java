package org.optspec.grammar;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.antlr.v4.runtime.Token;
import org.optspec.spec.Diagnostic;
import org.optspec.spec.DiagnosticKey;
import org.optspec.spec.SourcePos;
import org.optspec.spec.SourceText;

/**
 * Limits on the text itself, checked on the tokens before parsing (one pass, linear time), so that a hostile or
 * broken file gets a located error instead of a stack overflow in the parser, the checker or the generator, and no
 * name or string can outgrow what a Java class file holds. The numbers are far above any real spec.
 */
final class InputLimits {

  static final String KEY = DiagnosticKey.LIMIT.key();

  /** Characters in a spec file (a spec is a page of text; this keeps a stray multi-gigabyte file out). */
  static final int MAX_CHARACTERS = 4 << 20;
  /** Characters in a name: it becomes part of Java identifiers and constants. */
  static final int MAX_NAME = 128;
  /** Characters in a string (a file path, a column name): class-file constants hold at most 65,535 bytes. */
  static final int MAX_STRING = 4096;
  /** Characters in a number. */
  static final int MAX_NUMBER = 400;
  /**
   * Nesting of brackets, unary minus and {@code ^} (each recurses in the parser, the checker and the generator): far
   * deeper than any formula, far shallower than a thread's stack.
   */
  static final int MAX_NESTING = 64;
  /** Binary operators in one statement: each is a node of the expression tree the checker and generator walk. */
  static final int MAX_OPERATORS = 1000;

  private InputLimits() {}

  /** The first violation of each kind, located at its token; empty when the text is within every limit. */
  static List<Diagnostic> check(SourceText source, List<? extends Token> tokens) {
    List<Diagnostic> errors = new ArrayList<>();
    boolean name = false;
    boolean string = false;
    boolean number = false;
    boolean nesting = false;
    boolean operators = false;
    // per open bracket: the unary minuses and carets pending at that level (they nest until the level closes)
    int[] pending = new int[16];
    int level = 0;
    int pendingTotal = 0;
    int statementOperators = 0;
    int previous = -1;
    for (Token t : tokens) {
      int type = t.getType();
      String text = t.getText();
      if (!name && type == OptSpecLexer.IDENT && text.length() > MAX_NAME) {
        name = true;
        errors.add(error(source, t, "a name may have at most " + MAX_NAME + " characters, this one has " + text.length()));
      }
      if (!string && type == OptSpecLexer.STRING && text.length() - 2 > MAX_STRING) {
        string = true;
        errors.add(error(source, t, "a string may have at most " + MAX_STRING + " characters, this one has "
            + (text.length() - 2)));
      }
      if (!number && type == OptSpecLexer.NUMBER && text.length() > MAX_NUMBER) {
        number = true;
        errors.add(error(source, t, "a number may have at most " + MAX_NUMBER + " characters, this one has " + text.length()));
      }
      switch (type) {
        case OptSpecLexer.LPAREN, OptSpecLexer.LBRACK, OptSpecLexer.LBRACE -> {
          level++;
          if (level == pending.length) {
            pending = Arrays.copyOf(pending, 2 * level);
          }
          pending[level] = 0;
        }
        case OptSpecLexer.RPAREN, OptSpecLexer.RBRACK, OptSpecLexer.RBRACE -> {
          if (level > 0) {
            pendingTotal -= pending[level];
            level--;
          }
        }
        // an expectation's body nests like the operand of a unary minus
        case OptSpecLexer.OF -> {
          pending[level]++;
          pendingTotal++;
        }
        case OptSpecLexer.CARET -> {
          pending[level]++;
          pendingTotal++;
          statementOperators++;
        }
        case OptSpecLexer.MINUS -> {
          if (unary(previous)) {
            pending[level]++;
            pendingTotal++;
          } else {
            statementOperators++;
            pendingTotal -= pending[level];
            pending[level] = 0;
          }
        }
        // a looser binary operator ends the operands of the minuses and carets before it
        case OptSpecLexer.PLUS, OptSpecLexer.STAR, OptSpecLexer.SLASH, OptSpecLexer.LT, OptSpecLexer.LE, OptSpecLexer.GT,
            OptSpecLexer.GE, OptSpecLexer.THEN -> {
          statementOperators++;
          pendingTotal -= pending[level];
          pending[level] = 0;
        }
        case OptSpecLexer.NL, OptSpecLexer.COMMA -> {
          // a statement or an item ends: the minuses and carets of its level are closed
          pendingTotal -= pending[level];
          pending[level] = 0;
          if (type == OptSpecLexer.NL) {
            statementOperators = 0;
          }
        }
        default -> {}
      }
      int depth = level + pendingTotal;
      if (!nesting && depth > MAX_NESTING) {
        nesting = true;
        errors.add(error(source, t, "expressions may nest at most " + MAX_NESTING
            + " levels deep (brackets, unary minus and ^ count a level each)"));
      }
      if (!operators && statementOperators > MAX_OPERATORS) {
        operators = true;
        errors.add(error(source, t, "a statement may have at most " + MAX_OPERATORS + " operators"));
      }
      previous = type;
    }
    return errors;
  }

  /**
   * A minus is unary at the start of a statement or after an operator, a bracket, a comma, a colon, '=', '~' or the
   * {@code of} of an expectation.
   */
  private static boolean unary(int previous) {
    return switch (previous) {
      case -1, OptSpecLexer.NL, OptSpecLexer.LPAREN, OptSpecLexer.LBRACK, OptSpecLexer.LBRACE, OptSpecLexer.COMMA,
          OptSpecLexer.COLON, OptSpecLexer.ASSIGN, OptSpecLexer.PLUS, OptSpecLexer.MINUS, OptSpecLexer.STAR,
          OptSpecLexer.SLASH, OptSpecLexer.CARET, OptSpecLexer.LT, OptSpecLexer.LE, OptSpecLexer.GT, OptSpecLexer.GE,
          OptSpecLexer.THEN, OptSpecLexer.TILDE, OptSpecLexer.OF -> true;
      default -> false;
    };
  }

  private static Diagnostic error(SourceText source, Token t, String message) {
    return Diagnostic.error(KEY, message, new SourcePos(source.fileName(), t.getLine(), t.getCharPositionInLine() + 1),
        source);
  }
}
