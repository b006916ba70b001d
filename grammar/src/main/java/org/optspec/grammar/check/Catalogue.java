package org.optspec.grammar.check;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.optspec.spec.Value;

/**
 * Everything the language can name, by kind, with PyTorch's names and defaults (optax's or the paper's where
 * torch has none): the one place every default is stated (docs/CATALOGUE.md, docs/ARCHITECTURE.md). The checker accepts all of it; lowering decides what
 * it implements.
 */
public final class Catalogue {

  private static final Map<Kind, Map<String, Entry>> BY_NAME = new EnumMap<>(Kind.class);
  private static final Map<Kind, List<Entry>> ENTRIES = new EnumMap<>(Kind.class);

  static {
    List<Entry> all = new ArrayList<>();
    all.addAll(ModelEntries.all());
    all.addAll(OptimizerEntries.all());
    all.addAll(TrainingEntries.all());
    for (Entry entry : all) {
      Map<String, Entry> names = BY_NAME.computeIfAbsent(entry.kind(), k -> new LinkedHashMap<>());
      register(names, entry.name(), entry);
      entry.aliases().forEach(alias -> register(names, alias, entry));
      ENTRIES.computeIfAbsent(entry.kind(), k -> new ArrayList<>()).add(entry);
    }
  }

  private Catalogue() {}

  private static void register(Map<String, Entry> names, String name, Entry entry) {
    if (names.putIfAbsent(name, entry) != null) {
      throw new IllegalStateException("catalogue name '" + name + "' is defined twice for " + entry.kind());
    }
  }

  /** The entry called {@code name} (or one of its aliases) in that namespace. */
  public static Optional<Entry> lookup(Kind kind, String name) {
    return Optional.ofNullable(BY_NAME.getOrDefault(kind, Map.of()).get(name));
  }

  /** Canonical entries of one kind, in catalogue order. */
  public static List<Entry> entries(Kind kind) {
    return Collections.unmodifiableList(ENTRIES.getOrDefault(kind, List.of()));
  }

  /** Every name (canonical and alias) of one kind, for suggestions. */
  public static List<String> names(Kind kind) {
    return List.copyOf(BY_NAME.getOrDefault(kind, Map.of()).keySet());
  }

  // Small vocabulary for the entry tables, so each table reads like the catalogue document.

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

  static Type.Dur dur() {
    return new Type.Dur();
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
