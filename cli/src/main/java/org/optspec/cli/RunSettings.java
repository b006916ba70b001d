package org.optspec.cli;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.optspec.grammar.check.Suggestions;
import org.optspec.runtime.settings.SettingKey;
import org.optspec.runtime.settings.SettingRange;

/**
 * A generated trainer's run-time settings as the command line sees them: its nested {@code Settings} record, the keys
 * it lists ({@code Settings.KEYS}), and {@code --set KEY=VALUE} applied to the spec's values. A key names a spec value
 * ({@code optimizer.lr}, {@code optimizer.betas=(0.9,0.99)}, {@code group.biases.weight_decay}); an unknown key is
 * refused with the nearest known one; a value out of range with the compiler's message.
 */
final class RunSettings {

  private final Class<?> type;
  private final List<SettingKey> keys;
  private final Record values;

  private RunSettings(Class<?> type, List<SettingKey> keys, Record values) {
    this.type = type;
    this.keys = keys;
    this.values = values;
  }

  /** The spec's settings of a generated trainer class. */
  static RunSettings defaults(Class<?> trainerClass) {
    try {
      Class<?> type = trainerClass.getClassLoader().loadClass(trainerClass.getName() + "$Settings");
      @SuppressWarnings("unchecked")
      List<SettingKey> keys = (List<SettingKey>) type.getField("KEYS").get(null);
      return new RunSettings(type, keys, (Record) type.getMethod("defaults").invoke(null));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(trainerClass.getName() + " has no Settings record", e);
    }
  }

  /** The settings record, for the trainer's constructor. */
  Record values() {
    return values;
  }

  Class<?> type() {
    return type;
  }

  List<SettingKey> keys() {
    return keys;
  }

  /** The value of a component ({@code lr}). */
  double value(SettingKey key) {
    return raw(key).doubleValue();
  }

  /** The value of a component as the record holds it (an {@code int}, {@code long} or {@code double}). */
  Number raw(SettingKey key) {
    try {
      return (Number) type.getMethod(key.component()).invoke(values);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The key named {@code key} (its first item). */
  SettingKey key(String key) {
    return keys.stream().filter(k -> k.key().equals(key)).findFirst().orElseThrow();
  }

  /** Every key, once: a tuple's items under its one key. */
  List<String> names() {
    List<String> names = new ArrayList<>();
    for (SettingKey k : keys) {
      if (!names.contains(k.key())) {
        names.add(k.key());
      }
    }
    return names;
  }

  /** The value of a key as {@code --set} writes it: {@code 0.001}, {@code (0.9, 0.999)}. */
  String text(String key) {
    List<String> items = new ArrayList<>();
    for (SettingKey k : keys) {
      if (k.key().equals(key)) {
        items.add(SettingRange.format(value(k)));
      }
    }
    return items.size() == 1 ? items.get(0) : "(" + String.join(", ", items) + ")";
  }

  /** {@code --set} assignments after the older options that are aliases of some: {@code --epochs N}, {@code --seed N}. */
  static List<String> aliases(List<String> sets, Integer epochs, Long seed) {
    List<String> all = new ArrayList<>();
    if (epochs != null) {
      all.add("epochs=" + epochs);
    }
    if (seed != null) {
      all.add("seed=" + seed);
    }
    all.addAll(sets);
    return all;
  }

  /** These settings with {@code KEY=VALUE} assignments applied in order, or a {@link BadSetting} saying why not. */
  RunSettings with(List<String> assignments) {
    Map<String, Number> changed = new LinkedHashMap<>();
    for (String assignment : assignments) {
      int eq = assignment.indexOf('=');
      if (eq <= 0) {
        throw new BadSetting("--set expects KEY=VALUE, got '" + assignment + "'");
      }
      String key = assignment.substring(0, eq).trim();
      String value = assignment.substring(eq + 1).trim();
      List<SettingKey> items = keys.stream().filter(k -> k.key().equals(key)).toList();
      if (items.isEmpty()) {
        throw new BadSetting("--set " + key + ": no such setting" + Suggestions.didYouMean(key, names())
            + " (optspec settings SPEC lists them)");
      }
      List<String> written = items.size() > 1 ? tuple(key, value, items.size()) : List.of(value);
      for (int i = 0; i < items.size(); i++) {
        SettingKey k = items.get(i);
        double x = number(key, written.get(i));
        try {
          k.range().check(k.label(), x, k.integer(), written.get(i)); // the record checks again; this names the text
        } catch (IllegalArgumentException e) {
          throw new BadSetting("--set " + key + ": " + e.getMessage());
        }
        changed.put(k.component(), k.integer() ? whole(written.get(i), x) : (Number) x);
      }
    }
    return new RunSettings(type, keys, construct(changed));
  }

  private static List<String> tuple(String key, String value, int n) {
    if (!value.startsWith("(") || !value.endsWith(")")) {
      throw new BadSetting("--set " + key + ": expects a tuple of " + n + " numbers like (0.9, 0.999), got " + value);
    }
    List<String> items = List.of(value.substring(1, value.length() - 1).split(","));
    if (items.size() != n) {
      throw new BadSetting("--set " + key + ": expects a tuple of " + n + " numbers, got " + value);
    }
    return items.stream().map(String::trim).toList();
  }

  /** A whole number exactly as written ({@code seed=9007199254740993} is not rounded to a double). */
  private static Number whole(String text, double x) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return (long) x; // written as 1e3
    }
  }

  private static double number(String key, String text) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new BadSetting("--set " + key + ": expects a number, got " + text);
    }
  }

  private Record construct(Map<String, Number> changed) {
    RecordComponent[] components = type.getRecordComponents();
    Class<?>[] types = new Class<?>[components.length];
    Object[] args = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      RecordComponent c = components[i];
      types[i] = c.getType();
      try {
        args[i] = c.getAccessor().invoke(values);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
      Number x = changed.get(c.getName());
      if (x != null) {
        args[i] = convert(x, c.getType());
      }
    }
    try {
      Constructor<?> canonical = type.getDeclaredConstructor(types);
      return (Record) canonical.newInstance(args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof IllegalArgumentException bad) {
        throw new BadSetting("--set " + keyOf(bad) + bad.getMessage());
      }
      throw new IllegalStateException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The component's type: whole numbers were checked whole and in range already. */
  private static Object convert(Number x, Class<?> type) {
    if (type == int.class) {
      return x.intValue();
    }
    if (type == long.class) {
      return x.longValue();
    }
    return x.doubleValue();
  }

  /** The key whose label starts the record's message ({@code adamw beta2 must be ...}), as {@code optimizer.betas: }. */
  private String keyOf(IllegalArgumentException e) {
    for (SettingKey k : keys) {
      if (e.getMessage().startsWith(k.label() + " ")) {
        return k.key() + ": ";
      }
    }
    return "";
  }

  /** The differences from {@code other}, key by key ({@code optimizer.lr=0.01}), as a {@code --set} line would set them. */
  List<String> assignments(RunSettings defaults) {
    List<String> out = new ArrayList<>();
    for (String key : names()) {
      if (!text(key).equals(defaults.text(key))) {
        out.add(key + "=" + text(key).replace(" ", ""));
      }
    }
    return out;
  }

  /** {@code optspec settings}: every key with its value and range. */
  String table() {
    TextTable table = new TextTable("key", "value", "range");
    for (String key : names()) {
      List<String> ranges = new ArrayList<>();
      for (SettingKey k : keys) {
        if (k.key().equals(key)) {
          String r = (k.integer() ? "whole, " : "") + k.range().describe();
          if (!ranges.contains(r)) {
            ranges.add(r);
          }
        }
      }
      table.row(key, text(key), (ranges.size() == 1 && keysOf(key) > 1 ? "each " : "") + String.join("; ", ranges));
    }
    return table.render();
  }

  private long keysOf(String key) {
    return keys.stream().filter(k -> k.key().equals(key)).count();
  }

  @Override
  public String toString() {
    return values.toString();
  }

  /** A {@code --set} the trainer's settings refuse; the message says why. */
  static final class BadSetting extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadSetting(String message) {
      super(message);
    }
  }
}
