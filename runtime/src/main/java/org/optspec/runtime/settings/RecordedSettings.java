package org.optspec.runtime.settings;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.optspec.runtime.checkpoint.CheckpointException;

/**
 * The settings a checkpoint records (the {@code Settings} record's text, {@code Settings[lr=0.001, ...]}) and the rule
 * for resuming: a checkpoint continues only under the settings it was trained with, except {@code epochs}, which a
 * resumed run may extend.
 */
public final class RecordedSettings {

  /** The checkpoint metadata key of the settings. */
  public static final String METADATA = "optspec.settings";

  private RecordedSettings() {}

  /**
   * Throws a {@link CheckpointException} naming every setting whose value in {@code saved} (null: a checkpoint written
   * before settings were recorded, accepted) differs from {@code current}.
   */
  public static void requireSame(String saved, String current, List<SettingKey> keys) {
    if (saved == null) {
      return;
    }
    Map<String, String> was = parse(saved);
    Map<String, String> now = parse(current);
    List<String> differences = new ArrayList<>();
    for (SettingKey key : keys) {
      if (key.key().equals("epochs")) {
        continue;
      }
      String a = was.get(key.component());
      String b = now.get(key.component());
      if (a == null || !a.equals(b)) {
        differences.add(name(key) + " was " + (a == null ? "not recorded" : a) + ", is " + b);
      }
    }
    if (!differences.isEmpty()) {
      throw new CheckpointException("the checkpoint was trained with other settings: " + String.join("; ", differences)
          + " (resume with the settings it was trained with)");
    }
  }

  /**
   * The {@code Settings} record of type {@code type} whose text ({@code toString()}) is {@code text}: how a trainer's
   * settings travel to another JVM (a Spark executor's replica) and come back the same, every double exactly.
   * Throws {@link IllegalArgumentException} when the text does not name every component with a number of its type.
   */
  public static Record read(Class<? extends Record> type, String text) {
    Map<String, String> values;
    try {
      values = parse(text);
    } catch (CheckpointException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    RecordComponent[] components = type.getRecordComponents();
    Class<?>[] types = new Class<?>[components.length];
    Object[] args = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      RecordComponent c = components[i];
      String value = values.get(c.getName());
      if (value == null) {
        throw new IllegalArgumentException(type.getName() + " text without " + c.getName() + ": " + text);
      }
      types[i] = c.getType();
      try {
        args[i] = c.getType() == int.class ? (Object) Integer.parseInt(value)
            : c.getType() == long.class ? (Object) Long.parseLong(value) : (Object) Double.parseDouble(value);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(type.getName() + " text with " + c.getName() + "=" + value + ": " + text, e);
      }
    }
    try {
      return type.getDeclaredConstructor(types).newInstance(args);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof IllegalArgumentException bad ? bad : new IllegalArgumentException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("cannot construct " + type.getName() + ": " + e, e);
    }
  }

  /** {@code optimizer.lr}, or {@code optimizer.betas[1]} for an item of a tuple. */
  public static String name(SettingKey key) {
    return key.items() > 1 ? key.key() + "[" + key.index() + "]" : key.key();
  }

  /** {@code Settings[a=1, b=2.5]} → {a: 1, b: 2.5}. */
  static Map<String, String> parse(String text) {
    Map<String, String> values = new LinkedHashMap<>();
    int open = text.indexOf('[');
    int close = text.lastIndexOf(']');
    if (open < 0 || close < open) {
      throw new CheckpointException("the checkpoint's settings are unreadable: " + text);
    }
    String body = text.substring(open + 1, close);
    if (body.isBlank()) {
      return values;
    }
    for (String part : body.split(", ")) {
      int eq = part.indexOf('=');
      if (eq < 0) {
        throw new CheckpointException("the checkpoint's settings are unreadable: " + text);
      }
      values.put(part.substring(0, eq), part.substring(eq + 1));
    }
    return values;
  }
}
