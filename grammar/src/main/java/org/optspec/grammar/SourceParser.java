package org.optspec.grammar;

import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.optspec.grammar.ast.SpecFile;
import org.optspec.spec.Diagnostic;
import org.optspec.spec.SourcePos;
import org.optspec.spec.SourceText;

/** Phase one: text to AST, or every syntax error in the text. */
public final class SourceParser {

  /** The AST when the text parsed cleanly; otherwise {@code file} is null and there are diagnostics. */
  public record Result(SpecFile file, List<Diagnostic> diagnostics) {}

  private SourceParser() {}

  public static Result parse(SourceText source) {
    if (source.text().length() > InputLimits.MAX_CHARACTERS) {
      return new Result(null, List.of(Diagnostic.error(InputLimits.KEY, "a spec file may have at most "
          + InputLimits.MAX_CHARACTERS + " characters, this one has " + source.text().length(),
          new SourcePos(source.fileName(), 1, 1), source)));
    }
    SyntaxErrorCollector errors = new SyntaxErrorCollector(source);
    OptSpecLexer lexer = new OptSpecLexer(CharStreams.fromString(source.text(), source.fileName()));
    lexer.removeErrorListeners();
    lexer.addErrorListener(errors);
    CommonTokenStream tokens = new CommonTokenStream(new NewlineFilter(lexer));
    tokens.fill();
    List<Diagnostic> limits = InputLimits.check(source, tokens.getTokens());
    if (!limits.isEmpty()) {
      List<Diagnostic> all = new ArrayList<>(errors.diagnostics());
      all.addAll(limits);
      return new Result(null, all);
    }
    OptSpecParser parser = new OptSpecParser(tokens);
    parser.removeErrorListeners();
    parser.addErrorListener(errors);
    OptSpecParser.FileContext tree = parser.file();
    if (!errors.diagnostics().isEmpty()) {
      return new Result(null, errors.diagnostics());
    }
    return new Result(new AstBuilder(source).build(tree), List.of());
  }
}
