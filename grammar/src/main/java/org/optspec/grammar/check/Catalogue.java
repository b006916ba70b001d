package org.optspec.grammar.check;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the language can name, by kind, with PyTorch's names and defaults (optax's or the paper's where
 * torch has none): the one place every default is stated (docs/CATALOGUE.md, docs/ARCHITECTURE.md). The entry tables
 * ({@link ModelEntries}, {@link OptimizerEntries}, {@link TrainingEntries}) are written in {@link EntryVocabulary}'s
 * words and know nothing of this registry, which only collects them. The checker accepts all of it; lowering decides what
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

  /**
   * The type of a trainer's top-level number setting ({@code batch}, {@code epochs}, {@code seed}, and {@code patience},
   * the {@code N} of {@code stop when validation_loss stalls for N epochs}): the range the checker
   * holds it to, which a generated trainer's run-time settings repeat.
   */
  public static Type.Num trainerSetting(String keyword) {
    return switch (keyword) {
      case "batch" -> Common.BATCH;
      case "epochs" -> Common.EPOCHS;
      case "seed" -> Common.SEED;
      case "patience" -> Common.PATIENCE;
      default -> throw new IllegalArgumentException("no trainer setting " + keyword);
    };
  }
}
