package org.optspec.grammar.check;

import java.util.List;

/** "Did you mean" by edit distance, as compilers do for misspelled identifiers. */
public final class Suggestions {

  private Suggestions() {}

  /** {@code "; did you mean 'adam'?"}, or an empty string when nothing is close enough. */
  public static String didYouMean(String written, List<String> known) {
    return nearest(written, known).map(best -> "; did you mean '" + best + "'?").orElse("");
  }

  /** The known name closest to what was written, when it is close enough to be a likely typo. */
  public static java.util.Optional<String> nearest(String written, List<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known.stream().sorted().toList()) {
      int distance = distance(written.toLowerCase(java.util.Locale.ROOT), candidate.toLowerCase(java.util.Locale.ROOT));
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    // Far-fetched suggestions are worse than none: allow about one edit per three letters.
    int allowed = Math.max(1, Math.max(written.length(), best == null ? 0 : best.length()) / 3);
    return best != null && bestDistance <= allowed ? java.util.Optional.of(best) : java.util.Optional.empty();
  }

  /** Levenshtein distance with adjacent transpositions counted as one edit. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
