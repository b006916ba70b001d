package org.optspec.runtime.settings;

/**
 * One run-time setting of a generated trainer: the key the command line names it by ({@code optimizer.lr},
 * {@code optimizer.betas} with {@code index} 1 for beta2, {@code group.biases.weight_decay}, {@code epochs}), the
 * component of the trainer's {@code Settings} record that holds it, the checker's label for it ({@code adamw beta2})
 * and the catalogue's range.
 *
 * @param index the item of a tuple-valued key ({@code betas}), 0 for a plain number
 * @param items how many items the key has (2 for {@code betas}, else 1)
 * @param integer whether the value is a whole number ({@code epochs}, {@code seed}, {@code batch}, a patience)
 */
public record SettingKey(String key, int index, int items, String component, String label, SettingRange range,
    boolean integer) {

  /** A plain number. */
  public static SettingKey of(String key, String component, String label, SettingRange range) {
    return new SettingKey(key, 0, 1, component, label, range, false);
  }

  /** A whole number. */
  public static SettingKey whole(String key, String component, String label, SettingRange range) {
    return new SettingKey(key, 0, 1, component, label, range, true);
  }

  /** Item {@code index} of {@code items} of a tuple ({@code optimizer.betas}). */
  public static SettingKey item(String key, int index, int items, String component, String label, SettingRange range) {
    return new SettingKey(key, index, items, component, label, range, false);
  }

  /** {@code x}, or the checker's message for a value out of range. */
  public double check(double x) {
    return range.check(label, x, integer);
  }
}
