package org.optspec.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class DatasetTest {

  @Test
  void theFloatCopyRoundsEveryValueOnceAndIsMadeOnce() {
    double[] x = {0.1, -1e-40, 3.0000001, 1e39, Double.NaN, -0.0};
    double[] y = {2, 1e-3, 0.7};
    Dataset data = new Dataset(x, y, 3, 2, 1);
    float[] xf = data.xFloat();
    float[] expected = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      expected[i] = (float) x[i];
    }
    assertArrayEquals(expected, xf);
    assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(xf[5]), "the sign of zero survives");
    assertArrayEquals(new float[] {2f, 1e-3f, 0.7f}, data.yFloat());
    assertSame(xf, data.xFloat(), "made on the first call, then kept");
    assertSame(data.yFloat(), data.yFloat());
  }
}
