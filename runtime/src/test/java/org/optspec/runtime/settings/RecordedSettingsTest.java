package org.optspec.runtime.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.optspec.runtime.checkpoint.CheckpointException;

/** A settings record's text read back into the record, and the resume rule. */
class RecordedSettingsTest {

  /** A generated trainer's {@code Settings} in miniature: an int, a long and doubles, checked at construction. */
  record Settings(int batch, long seed, double lr, double beta2) {
    static final SettingKey BATCH_KEY = SettingKey.whole("batch", "batch", "batch", new SettingRange(1, true, 32, true));
    static final SettingKey LR_KEY = SettingKey.of("optimizer.lr", "lr", "adamw lr", SettingRange.above(0));

    Settings {
      BATCH_KEY.check(batch);
      LR_KEY.check(lr);
    }
  }

  @Test
  void theTextReadsBackToTheSameRecordEveryDoubleExactly() {
    Settings s = new Settings(16, 9007199254740993L, 0.1 + 0.2, Math.nextDown(1.0));
    assertEquals(s, RecordedSettings.read(Settings.class, s.toString()));
  }

  @Test
  void aValueTheRecordRefusesOrATextWithoutAComponentIsRefused() {
    IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
        () -> RecordedSettings.read(Settings.class, "Settings[batch=64, seed=1, lr=0.1, beta2=0.999]"));
    assertEquals("batch must be in [1, 32], got 64", range.getMessage());
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> RecordedSettings.read(Settings.class, "Settings[batch=16, seed=1, lr=0.1]"));
    assertTrue(missing.getMessage().contains("without beta2"), missing.getMessage());
    IllegalArgumentException notANumber = assertThrows(IllegalArgumentException.class,
        () -> RecordedSettings.read(Settings.class, "Settings[batch=sixteen, seed=1, lr=0.1, beta2=0.999]"));
    assertTrue(notANumber.getMessage().contains("batch=sixteen"), notANumber.getMessage());
  }

  @Test
  void aResumeUnderAnotherBatchIsRefusedAndMoreEpochsAreNot() {
    List<SettingKey> keys = List.of(SettingKey.whole("batch", "batch", "batch", new SettingRange(1, true, 32, true)),
        SettingKey.whole("epochs", "epochs", "epochs", new SettingRange(1, true, 100, true)));
    RecordedSettings.requireSame("Settings[batch=32, epochs=2]", "Settings[batch=32, epochs=5]", keys);
    CheckpointException e = assertThrows(CheckpointException.class,
        () -> RecordedSettings.requireSame("Settings[batch=32, epochs=2]", "Settings[batch=16, epochs=2]", keys));
    assertTrue(e.getMessage().contains("batch was 32, is 16"), e.getMessage());
  }
}
