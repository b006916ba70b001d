package org.optspec.grammar;

import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenFactory;
import org.antlr.v4.runtime.TokenSource;

/**
 * Drops newline tokens inside {@code ( )} and {@code [ ]}. Newlines end statements, but an argument
 * list or a matrix literal may span lines; doing this here keeps the grammar free of actions and of
 * {@code NL*} at every comma.
 */
final class NewlineFilter implements TokenSource {

  private final TokenSource lexer;
  private int depth;

  NewlineFilter(TokenSource lexer) {
    this.lexer = lexer;
  }

  @Override
  public Token nextToken() {
    while (true) {
      Token token = lexer.nextToken();
      switch (token.getType()) {
        case OptSpecLexer.LPAREN, OptSpecLexer.LBRACK -> depth++;
        case OptSpecLexer.RPAREN, OptSpecLexer.RBRACK -> depth = Math.max(0, depth - 1);
        // A brace always starts or ends a block, so an unclosed parenthesis must not swallow
        // every newline up to the end of the file.
        case OptSpecLexer.LBRACE, OptSpecLexer.RBRACE -> depth = 0;
        case OptSpecLexer.NL -> {
          if (depth > 0) {
            continue;
          }
        }
        default -> {}
      }
      return token;
    }
  }

  @Override
  public int getLine() {
    return lexer.getLine();
  }

  @Override
  public int getCharPositionInLine() {
    return lexer.getCharPositionInLine();
  }

  @Override
  public CharStream getInputStream() {
    return lexer.getInputStream();
  }

  @Override
  public String getSourceName() {
    return lexer.getSourceName();
  }

  @Override
  public void setTokenFactory(TokenFactory<?> factory) {
    lexer.setTokenFactory(factory);
  }

  @Override
  public TokenFactory<?> getTokenFactory() {
    return lexer.getTokenFactory();
  }
}
