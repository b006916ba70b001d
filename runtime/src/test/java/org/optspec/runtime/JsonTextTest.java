package org.optspec.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JsonTextTest {

  @Test
  void escapesWhatJsonRequiresAndNothingElse() {
    StringBuilder out = new StringBuilder();
    JsonText.quote("a\"b\\c\nd\re\tf\u0001 dense0.weight ü", out);
    assertEquals("\"a\\\"b\\\\c\\nd\\re\\tf\\u0001 dense0.weight ü\"", out.toString());
  }
}
