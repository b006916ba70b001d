package org.optspec.grammar;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.Interval;
import org.optspec.grammar.ast.Arg;
import org.optspec.grammar.ast.Block;
import org.optspec.grammar.ast.Node;
import org.optspec.grammar.ast.SpecFile;
import org.optspec.grammar.ast.Statement;
import org.optspec.spec.SourcePos;
import org.optspec.spec.SourceText;

/** Turns a parse tree (without syntax errors) into the immutable AST, positions taken from tokens. */
final class AstBuilder extends OptSpecBaseVisitor<Object> {

  private final SourceText source;

  AstBuilder(SourceText source) {
    this.source = source;
  }

  SpecFile build(OptSpecParser.FileContext file) {
    return new SpecFile(statements(file.statement()), source);
  }

  private List<Statement> statements(List<OptSpecParser.StatementContext> contexts) {
    List<Statement> statements = new ArrayList<>();
    for (OptSpecParser.StatementContext context : contexts) {
      statements.add((Statement) visit(context));
    }
    return statements;
  }

  @Override
  public Statement visitDeclaration(OptSpecParser.DeclarationContext ctx) {
    List<Node.NumberLit> shape = new ArrayList<>();
    if (ctx.shape() != null) {
      for (Token dim : ctx.shape().dims) {
        shape.add(number(dim));
      }
    }
    return new Statement.Declaration(
        Optional.ofNullable(ctx.modifier).map(m -> m.getText()),
        ctx.target.getText(),
        pos(ctx.target.start),
        shape,
        expr(ctx.value),
        pos(ctx.start),
        ctx.binder.getType() == OptSpecLexer.TILDE);
  }

  @Override
  public Statement visitSetting(OptSpecParser.SettingContext ctx) {
    List<Node> operands = new ArrayList<>();
    for (OptSpecParser.ExprContext operand : ctx.operands) {
      operands.add(expr(operand));
    }
    return new Statement.Setting(
        ctx.keyword.getText(),
        Optional.ofNullable(ctx.arguments()).map(this::arguments),
        operands,
        Optional.ofNullable(ctx.block()).map(this::block),
        pos(ctx.keyword.start));
  }

  private Block block(OptSpecParser.BlockContext ctx) {
    return new Block(statements(ctx.statement()), pos(ctx.start));
  }

  private List<Arg> arguments(OptSpecParser.ArgumentsContext ctx) {
    List<Arg> args = new ArrayList<>();
    for (OptSpecParser.ArgumentContext arg : ctx.argument()) {
      Node value = expr(arg.value);
      if (arg.label != null) {
        args.add(new Arg(Optional.of(arg.label.getText()), pos(arg.label.start), value));
      } else {
        args.add(new Arg(Optional.empty(), value.pos(), value));
      }
    }
    return args;
  }

  private Node expr(OptSpecParser.ExprContext ctx) {
    return (Node) visit(ctx);
  }

  @Override
  public Node visitCallExpr(OptSpecParser.CallExprContext ctx) {
    return new Node.Call(ctx.callee.getText(), arguments(ctx.arguments()), text(ctx), pos(ctx.start));
  }

  @Override
  public Node visitParenExpr(OptSpecParser.ParenExprContext ctx) {
    return expr(ctx.inner);
  }

  @Override
  public Node visitTupleExpr(OptSpecParser.TupleExprContext ctx) {
    return new Node.Tuple(exprs(ctx.items), text(ctx), pos(ctx.start));
  }

  @Override
  public Node visitListExpr(OptSpecParser.ListExprContext ctx) {
    return new Node.ListLit(exprs(ctx.items), text(ctx), pos(ctx.start));
  }

  @Override
  public Node visitBinaryExpr(OptSpecParser.BinaryExprContext ctx) {
    return new Node.Binary(ctx.op.getText(), expr(ctx.left), expr(ctx.right), text(ctx), pos(ctx.op));
  }

  @Override
  public Node visitNegateExpr(OptSpecParser.NegateExprContext ctx) {
    return new Node.Negate(expr(ctx.operand), text(ctx), pos(ctx.op));
  }

  @Override
  public Node visitCompareExpr(OptSpecParser.CompareExprContext ctx) {
    return new Node.Compare(ctx.op.getText(), expr(ctx.left), expr(ctx.right), text(ctx), pos(ctx.op));
  }

  @Override
  public Node visitThenExpr(OptSpecParser.ThenExprContext ctx) {
    return new Node.Then(expr(ctx.left), expr(ctx.right), text(ctx), pos(ctx.THEN().getSymbol()));
  }

  @Override
  public Node visitExpectationExpr(OptSpecParser.ExpectationExprContext ctx) {
    return new Node.Expectation(ctx.reducer.getText(), number(ctx.count), expr(ctx.body), text(ctx), pos(ctx.start));
  }

  @Override
  public Node visitDurationExpr(OptSpecParser.DurationExprContext ctx) {
    String unit = ctx.unit.getText().endsWith("s") ? ctx.unit.getText() : ctx.unit.getText() + "s";
    return new Node.Duration(Double.parseDouble(ctx.amount.getText()), unit, text(ctx), pos(ctx.start));
  }

  @Override
  public Node visitNumberExpr(OptSpecParser.NumberExprContext ctx) {
    return number(ctx.NUMBER().getSymbol());
  }

  @Override
  public Node visitStringExpr(OptSpecParser.StringExprContext ctx) {
    String quoted = ctx.STRING().getText();
    return new Node.StringLit(unescape(quoted.substring(1, quoted.length() - 1)), quoted, pos(ctx.start));
  }

  @Override
  public Node visitNameExpr(OptSpecParser.NameExprContext ctx) {
    return new Node.Name(ctx.getText(), pos(ctx.start));
  }

  private List<Node> exprs(List<OptSpecParser.ExprContext> contexts) {
    List<Node> nodes = new ArrayList<>();
    for (OptSpecParser.ExprContext context : contexts) {
      nodes.add(expr(context));
    }
    return nodes;
  }

  private Node.NumberLit number(Token token) {
    return new Node.NumberLit(Double.parseDouble(token.getText()), token.getText(), pos(token));
  }

  private static String unescape(String body) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '\\' && i + 1 < body.length()) {
        char next = body.charAt(++i);
        b.append(switch (next) {
          case 'n' -> '\n';
          case 't' -> '\t';
          default -> next;
        });
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private SourcePos pos(Token token) {
    return new SourcePos(source.fileName(), token.getLine(), token.getCharPositionInLine() + 1);
  }

  private static String text(ParserRuleContext ctx) {
    return ctx.start.getInputStream().getText(Interval.of(ctx.start.getStartIndex(), ctx.stop.getStopIndex()));
  }
}
