package org.optspec.grammar;

import java.util.List;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.optspec.grammar.ast.SpecFile;
import org.optspec.spec.Diagnostic;
import org.optspec.spec.SourceText;

/** Phase one: text to AST, or every syntax error in the text. */
public final class SourceParser {

  /** The AST when the text parsed cleanly; otherwise {@code file} is null and there are diagnostics. */
  public record Result(SpecFile file, List<Diagnostic> diagnostics) {}

  private SourceParser() {}

  public static Result parse(SourceText source) {
    SyntaxErrorCollector errors = new SyntaxErrorCollector(source);
    OptSpecLexer lexer = new OptSpecLexer(CharStreams.fromString(source.text(), source.fileName()));
    lexer.removeErrorListeners();
    lexer.addErrorListener(errors);
    OptSpecParser parser = new OptSpecParser(new CommonTokenStream(new NewlineFilter(lexer)));
    parser.removeErrorListeners();
    parser.addErrorListener(errors);
    OptSpecParser.FileContext tree = parser.file();
    if (!errors.diagnostics().isEmpty()) {
      return new Result(null, errors.diagnostics());
    }
    return new Result(new AstBuilder(source).build(tree), List.of());
  }
}
