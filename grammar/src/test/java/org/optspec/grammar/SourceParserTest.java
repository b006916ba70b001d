package org.optspec.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.optspec.grammar.ast.Node;
import org.optspec.grammar.ast.SpecFile;
import org.optspec.grammar.ast.Statement;
import org.optspec.spec.SourcePos;
import org.optspec.spec.SourceText;

/** The grammar and the AST builder: precedence, positions, line handling, syntax errors. */
class SourceParserTest {

  private static SpecFile parse(String text) {
    SourceParser.Result result = SourceParser.parse(new SourceText("t.optspec", text));
    assertEquals(List.of(), result.diagnostics());
    return result.file();
  }

  /** The value of a declaration {@code x = EXPR}, which is always one expression. */
  private static Node expr(String text) {
    Statement.Declaration declaration = (Statement.Declaration) parse("x = " + text + "\n").statements().get(0);
    return declaration.value();
  }

  @Test
  void powerBindsTighterThanUnaryMinus() {
    Node.Negate negate = assertInstanceOf(Node.Negate.class, expr("-x^2"));
    Node.Binary power = assertInstanceOf(Node.Binary.class, negate.operand());
    assertEquals("^", power.op());
  }

  @Test
  void powerIsRightAssociative() {
    Node.Binary outer = assertInstanceOf(Node.Binary.class, expr("2^3^2"));
    assertEquals("2", outer.left().text());
    assertEquals("3^2", outer.right().text());
  }

  @Test
  void minusIsLeftAssociativeAndBelowTimes() {
    Node.Binary outer = assertInstanceOf(Node.Binary.class, expr("1 - 2 - 3 * 4"));
    assertEquals("-", outer.op());
    assertEquals("1 - 2", outer.left().text());
    assertEquals("3 * 4", outer.right().text());
  }

  @Test
  void thenChainsSchedulesLeftToRight() {
    Node.Then then = assertInstanceOf(Node.Then.class, expr("warmup(steps: 5) then cosine then constant"));
    assertEquals("constant", then.next().text());
    assertInstanceOf(Node.Then.class, then.first());
  }

  @Test
  void durationsTuplesAndNumbers() {
    Node.Duration d = assertInstanceOf(Node.Duration.class, expr("3 epoch"));
    assertEquals("epochs", d.unit(), "singular units are normalized");
    Node.Tuple t = assertInstanceOf(Node.Tuple.class, expr("(0.9, .999)"));
    assertEquals(0.999, ((Node.NumberLit) t.items().get(1)).value());
    assertEquals(1e-3, assertInstanceOf(Node.NumberLit.class, expr("1e-3")).value());
  }

  @Test
  void argumentListsMaySpanLinesButStatementsEndAtNewlines() {
    SpecFile file = parse("""
        model {
          dense(
            128,   // units
            init: he /* the usual */
          )
          relu
        }
        """);
    Statement.Setting model = (Statement.Setting) file.statements().get(0);
    List<Statement> layers = model.block().orElseThrow().statements();
    assertEquals(2, layers.size());
    Statement.Setting dense = (Statement.Setting) layers.get(0);
    assertEquals(2, dense.arguments().orElseThrow().size());
    assertEquals("init", dense.arguments().get().get(1).label().orElseThrow());
    assertEquals(new SourcePos("t.optspec", 6, 3), layers.get(1).pos());
  }

  @Test
  void declarationsWithModifierAndShape() {
    SpecFile file = parse("const A[3, 2] = [[1, 2], [3, 4], [5, 6]]\n");
    Statement.Declaration a = assertInstanceOf(Statement.Declaration.class, file.statements().get(0));
    assertEquals("const", a.modifier().orElseThrow());
    assertEquals("A", a.name());
    assertEquals(new SourcePos("t.optspec", 1, 7), a.namePos());
    assertEquals(2, a.shape().size());
    assertEquals(3, ((Node.ListLit) a.value()).items().size());
  }

  @Test
  void positionsAreOneBasedAndOperatorsCarryTheirOwn() {
    Node.Binary minus = assertInstanceOf(Node.Binary.class, expr("a  - b"));
    assertEquals(new SourcePos("t.optspec", 1, 8), minus.pos());
    assertEquals(new SourcePos("t.optspec", 1, 5), minus.left().pos());
  }

  @Test
  void everySyntaxErrorIsCollected() {
    SourceParser.Result result = SourceParser.parse(new SourceText("bad.optspec", """
        trainer T {
          batch ]
          epochs 5 )
        }
        """));
    assertNull(result.file());
    assertEquals(2, result.diagnostics().size(), result.diagnostics().toString());
    assertEquals("bad.optspec:2:9: error: unexpected ']' with no matching opening bracket",
        result.diagnostics().get(0).headline());
    assertEquals("bad.optspec:3:12: error: unexpected ')' with no matching opening bracket",
        result.diagnostics().get(1).headline());
    assertTrue(result.diagnostics().stream().allMatch(d -> d.key().equals("optspec.err.syntax")));
  }
}
