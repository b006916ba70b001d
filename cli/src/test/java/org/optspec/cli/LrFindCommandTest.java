package org.optspec.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code optspec lr-find}: the range test's ramp, smoothing, stop rule and suggestion, on digits and on known curves. */
class LrFindCommandTest {

  @Test
  void onDigitsTheDefaultValleyRuleSuggestsARateWithinAFactorTenOfTheSamplesAndDrawsItsCurve(@TempDir Path dir)
      throws IOException {
    Path png = dir.resolve("lr.png");
    // fastai's defaults: 100 steps from 1e-7 to 10, the valley rule
    Cli.Run r = Cli.run("lr-find", Cli.DIGITS.toString(), "--plot", png.toString());
    assertEquals(0, r.status(), r.err());
    double lr = suggested(r);
    assertTrue(lr >= 3e-4 && lr <= 3e-2, "suggested " + lr + ", the sample trains at 3e-3:\n" + r.out());
    assertTrue(r.out().contains("(the lower part of the longest valley, fastai's valley)"), r.out());
    assertTrue(r.out().contains("stopped at lr"), "the ramp to 10 diverges on digits:\n" + r.out());
    PngAssertions.assertChart(png);
  }

  @Test
  void theSteepestRuleNeedsAFinerRampOnDigitsBecauseTheSmoothingLags() {
    // the smoothing (beta 0.98, about a 50-step window) lags the loss by about two decades on a 100-step ramp over
    // eight, so Lightning's steepest point of the smoothed curve lies where the raw loss is already turning up
    Cli.Run coarse = Cli.run("lr-find", Cli.DIGITS.toString(), "--suggest", "steepest");
    Cli.Run fine = Cli.run("lr-find", Cli.DIGITS.toString(), "--suggest", "steepest", "--steps", "200");
    assertEquals(0, coarse.status(), coarse.err());
    assertEquals(0, fine.status(), fine.err());
    double lrCoarse = suggested(coarse);
    double lrFine = suggested(fine);
    assertTrue(lrCoarse > 3e-2, "100 steps, steepest: " + lrCoarse);
    assertTrue(lrFine >= 3e-4 && lrFine <= 3e-2, "200 steps, steepest: " + lrFine);
    assertTrue(fine.out().contains("(steepest descent of the smoothed loss, Lightning's rule)"), fine.out());
  }

  @Test
  void anUnknownRuleIsRefusedNamingTheThree() {
    Cli.Run r = Cli.run("lr-find", Cli.DIGITS.toString(), "--suggest", "median");
    assertEquals(1, r.status(), r.err());
    assertTrue(r.err().contains("--suggest must be valley, steepest or minimum, got median"), r.err());
  }

  private static double suggested(Cli.Run r) {
    Matcher m = Pattern.compile("suggested: --set optimizer\\.lr=([0-9.e+-]+) ").matcher(r.out());
    assertTrue(m.find(), r.out());
    return Double.parseDouble(m.group(1));
  }

  @Test
  void theRampIsExponentialFromFirstToLast() {
    assertEquals(1e-7, LrRangeTest.rate(1e-7, 10, 100, 0), 0);
    assertEquals(10, LrRangeTest.rate(1e-7, 10, 100, 99), 1e-12);
    assertEquals(1e-7 * Math.pow(1e8, 50.0 / 99), LrRangeTest.rate(1e-7, 10, 100, 50), 0);
  }

  @Test
  void theGradientIsNumpysAndTheSuggestionTheSteepestDescentAfterTheSkippedStart() {
    assertArrayEquals(new double[] {1, 1.5, 2.5, 3}, LrRangeTest.gradient(new double[] {1, 2, 4, 7}), 0);
    double[] lr = new double[30];
    double[] loss = new double[30];
    for (int i = 0; i < 30; i++) {
      lr[i] = i;
      // flat, then the steepest fall between points 19 and 21, then flat; a steeper drop in the skipped start
      loss[i] = i < 2 ? 100 - 50 * i : i < 20 ? 5 : i == 20 ? 3 : 2;
    }
    assertEquals(20, LrRangeTest.steepest(lr, loss));
    assertEquals(20, LrRangeTest.suggestion(LrRangeTest.Rule.STEEPEST, lr, loss, 30));
  }

  @Test
  void theValleyIsTheLongestDecreasingRunAndTheSuggestionItsLowerPart() {
    // 100 points; fastai drops the first 10 and the last 5; inside, a short dip (20..24) and a long descent (40..79)
    int n = 100;
    double[] lr = new double[n];
    double[] loss = new double[n];
    for (int i = 0; i < n; i++) {
      lr[i] = i;
      loss[i] = i < 20 ? 10 : i < 25 ? 10 - (i - 19) : i < 40 ? 10 : i < 80 ? 10 - 0.2 * (i - 39) : 50;
    }
    // the longest decreasing run is a 10 then the 40 points of the descent, 41 long, ending at window index 69 (point
    // 79); fastai's max_start = 69 - 41 = 28, sections (69 - 28) / 3 = 13.67, the suggestion 28 + 13 + 6 = 47, point
    // 57 (a Python replica of fastai's valley on this curve gives the same)
    assertEquals(57, LrRangeTest.valley(lr, loss, n));
    assertEquals(57, LrRangeTest.suggestion(LrRangeTest.Rule.VALLEY, lr, loss, n));
  }

  @Test
  void theMinimumIsATenthOfTheRateAtTheLowestLossOfTheTrimmedCurve() {
    int n = 100;
    double[] lr = new double[n];
    double[] loss = new double[n];
    for (int i = 0; i < n; i++) {
      lr[i] = i + 1;
      // lowest at point 5 (trimmed away: the first tenth) and at point 97 (trimmed: the last 5); inside at point 60
      loss[i] = i == 5 || i == 97 ? -1 : Math.abs(i - 60);
    }
    assertEquals(6.1, LrRangeTest.minimum(lr, loss, n), 1e-12);
    // a non-finite loss ends the curve fastai's rules see: the lowest before point 50 is at 49
    loss[50] = Double.NaN;
    assertEquals(5.0, LrRangeTest.minimum(lr, loss, n), 1e-12);
  }
}
