package org.optspec.runtime;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Named evaluation results in a stable order: {@code loss, accuracy, macro_f1} (and {@code roc_auc} with two classes)
 * for a classifier, with each class's precision, recall and F1 in {@link #classes} and the confusion matrix; {@code
 * loss, mse, rmse, mae, r2} for regression.
 *
 * @param classes per class, in class order (empty for regression)
 * @param confusion {@code confusion[actual][predicted]} row counts (null for regression)
 */
public record Metrics(Map<String, Double> values, List<ClassScores> classes, int[][] confusion) {

  public Metrics {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    classes = List.copyOf(classes);
    if (confusion != null) {
      int[][] copy = new int[confusion.length][];
      for (int i = 0; i < confusion.length; i++) {
        copy[i] = confusion[i].clone();
      }
      confusion = copy;
    }
  }

  /** Scalar metrics only. */
  public Metrics(Map<String, Double> values) {
    this(values, List.of(), null);
  }

  /**
   * One class's scores, as sklearn's {@code precision_recall_fscore_support} gives them: precision = TP / predicted
   * (0 when the class is never predicted), recall = TP / support (0 without support), F1 their harmonic mean (0 when
   * both are 0).
   */
  public record ClassScores(int label, double precision, double recall, double f1, int support) {}

  /** A copy of {@code confusion[actual][predicted]}, or null. */
  @Override
  public int[][] confusion() {
    if (confusion == null) {
      return null;
    }
    int[][] copy = new int[confusion.length][];
    for (int i = 0; i < confusion.length; i++) {
      copy[i] = confusion[i].clone();
    }
    return copy;
  }

  /**
   * {@code loss} and {@code accuracy} of a classifier. {@code probabilities} holds {@code rows × classes}
   * scores in row-major order (probabilities or logits: only the arg-max matters; ties go to the
   * lower class); {@code data.y()} holds each row's class index.
   */
  public static Metrics classification(double meanLoss, double[] probabilities, Dataset data, int classes) {
    int rows = data.rows();
    if (data.outputs() != 1 || probabilities.length < (long) rows * classes) {
      throw new IllegalArgumentException("need " + rows + "×" + classes + " scores and one label column, have "
          + probabilities.length + " scores and " + data.outputs() + " target columns");
    }
    double[] y = data.y();
    int[][] confusion = new int[classes][classes];
    int correct = 0;
    for (int r = 0; r < rows; r++) {
      int base = r * classes;
      int best = 0;
      for (int c = 1; c < classes; c++) {
        if (probabilities[base + c] > probabilities[base + best]) {
          best = c;
        }
      }
      int label = (int) y[r];
      if (label >= 0 && label < classes) {
        confusion[label][best]++;
      }
      if (best == label) {
        correct++;
      }
    }
    List<ClassScores> scores = new java.util.ArrayList<>();
    double f1Sum = 0;
    int present = 0;
    for (int c = 0; c < classes; c++) {
      int tp = confusion[c][c];
      int support = 0;
      int predicted = 0;
      for (int k = 0; k < classes; k++) {
        support += confusion[c][k];
        predicted += confusion[k][c];
      }
      double precision = predicted == 0 ? 0 : (double) tp / predicted;
      double recall = support == 0 ? 0 : (double) tp / support;
      double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
      scores.add(new ClassScores(c, precision, recall, f1, support));
      // sklearn's macro average runs over the labels that occur in the targets or the predictions
      if (support > 0 || predicted > 0) {
        f1Sum += f1;
        present++;
      }
    }
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("loss", meanLoss);
    m.put("accuracy", rows == 0 ? Double.NaN : (double) correct / rows);
    m.put("macro_f1", present == 0 ? Double.NaN : f1Sum / present);
    if (classes == 2) {
      m.put("roc_auc", rocAuc(probabilities, y, rows));
    }
    return new Metrics(m, scores, confusion);
  }

  /**
   * The area under the ROC curve of class 1's probability (column 1 of two): the probability that a random positive
   * row scores above a random negative one, ties counting half (Mann–Whitney U with mid-ranks, as sklearn's
   * {@code roc_auc_score}). NaN when one class is absent or a score is NaN.
   */
  static double rocAuc(double[] probabilities, double[] y, int rows) {
    Integer[] order = new Integer[rows];
    for (int r = 0; r < rows; r++) {
      if (Double.isNaN(probabilities[2 * r + 1])) {
        return Double.NaN;
      }
      order[r] = r;
    }
    Arrays.sort(order, (a, b) -> Double.compare(probabilities[2 * a + 1], probabilities[2 * b + 1]));
    double positiveRanks = 0;
    long positives = 0;
    for (int i = 0; i < rows; ) {
      int j = i;
      while (j + 1 < rows && probabilities[2 * order[j + 1] + 1] == probabilities[2 * order[i] + 1]) {
        j++;
      }
      double midRank = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        if (y[order[k]] == 1) {
          positiveRanks += midRank;
          positives++;
        }
      }
      i = j + 1;
    }
    long negatives = rows - positives;
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    return (positiveRanks - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }

  /**
   * {@code loss, mse, rmse, mae, r2} of a regression. {@code predictions} is {@code rows × outputs},
   * row-major. mse and mae average over every target value; r2 = 1 − SSE/SST over all target columns, with
   * SST taken around each column's own mean in {@code data}. When SST is 0 (constant targets) r2 is
   * 1 for a perfect fit and 0 otherwise, as sklearn's {@code r2_score} reports it.
   */
  public static Metrics regression(double meanLoss, double[] predictions, Dataset data) {
    return regression(meanLoss, predictions, data.y(), data.rows(), data.outputs());
  }

  /** As {@link #regression(double, double[], Dataset)} against {@code y}, {@code rows × outs} row-major. */
  public static Metrics regression(double meanLoss, double[] predictions, double[] y, int rows, int outs) {
    if (predictions.length < (long) rows * outs || y.length < (long) rows * outs) {
      throw new IllegalArgumentException("need " + rows + "×" + outs + " predictions and targets, have "
          + predictions.length + " and " + y.length);
    }
    double sse = 0;
    double sae = 0;
    double sst = 0;
    for (int c = 0; c < outs; c++) {
      double mean = 0;
      for (int r = 0; r < rows; r++) {
        mean += y[r * outs + c];
      }
      mean /= rows;
      for (int r = 0; r < rows; r++) {
        double e = predictions[r * outs + c] - y[r * outs + c];
        double d = y[r * outs + c] - mean;
        sse += e * e;
        sae += Math.abs(e);
        sst += d * d;
      }
    }
    double mse = sse / ((double) rows * outs);
    double r2 = sst > 0 ? 1 - sse / sst : sse == 0 ? 1 : 0;
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("loss", meanLoss);
    m.put("mse", mse);
    m.put("rmse", Math.sqrt(mse));
    m.put("mae", sae / ((double) rows * outs));
    m.put("r2", rows == 0 ? Double.NaN : r2);
    return new Metrics(m);
  }

  public double get(String name) {
    Double v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no metric '" + name + "' (have " + values.keySet() + ")");
    }
    return v;
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    values.forEach((k, v) -> b.append(b.length() == 0 ? "" : "  ").append(k).append(' ').append(String.format(java.util.Locale.ROOT, "%.4f", v)));
    return b.toString();
  }
}
