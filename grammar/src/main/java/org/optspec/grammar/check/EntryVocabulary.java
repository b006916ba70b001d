package org.optspec.grammar.check;

import java.util.List;
import org.optspec.spec.Value;

/**
 * The small vocabulary the entry tables are written in, so each table reads like the catalogue document:
 * {@code entry(Kind.OPTIMIZER, "sgd", optional("momentum", num(Range.atLeast(0)), n(0)))}.
 */
final class EntryVocabulary {

  private EntryVocabulary() {}

  static Entry entry(Kind kind, String name, Param... params) {
    return new Entry(name, kind, List.of(params), List.of());
  }

  static Entry entry(Kind kind, String name, List<String> aliases, Param... params) {
    return new Entry(name, kind, List.of(params), aliases);
  }

  static Type.Num num() {
    return new Type.Num(Range.ANY, false);
  }

  static Type.Num num(Range range) {
    return new Type.Num(range, false);
  }

  static Type.Num integer(Range range) {
    return new Type.Num(range, true);
  }

  static Type.Bool bool() {
    return new Type.Bool();
  }

  static Type.Sym sym(String... choices) {
    return new Type.Sym(List.of(choices));
  }

  /** A point in training, {@code from: 0 steps}: any duration {@code >= 0}. */
  static Type.Dur dur() {
    return new Type.Dur(Range.atLeast(0));
  }

  /**
   * A length or a period ({@code every}, a phase's {@code steps:} / {@code over:} / {@code first:}, pruning's {@code to}):
   * a duration {@code > 0}, the one place that bound is stated. A period of 0 would divide by zero or never end.
   */
  static Type.Dur span() {
    return new Type.Dur(Range.above(0));
  }

  static Type.CallOf call(Kind kind) {
    return new Type.CallOf(kind);
  }

  static Type.Tuple pair(String first, Type firstType, String second, Type secondType) {
    return new Type.Tuple(List.of(first, second), List.of(firstType, secondType));
  }

  static Value n(double value) {
    return new Value.Num(value);
  }

  static Value yes(boolean value) {
    return new Value.Bool(value);
  }

  static Value symbol(String name) {
    return new Value.Sym(name);
  }

  static Value steps(double amount) {
    return new Value.Dur(amount, Value.Dur.Unit.STEPS);
  }

  static Value epochs(double amount) {
    return new Value.Dur(amount, Value.Dur.Unit.EPOCHS);
  }

  static Value pairOf(Value first, Value second) {
    return new Value.Tuple(List.of(first, second));
  }
}
