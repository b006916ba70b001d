package org.optspec.runtime.callbacks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.optspec.runtime.TrainingListener;

/**
 * One CSV row per epoch, RFC 4180: the header {@code epoch,step,train_loss,validation_loss,lr,seconds} and the names of
 * any extra {@link EpochMetric}s, written once; then each epoch's values as it ends ({@code Double.toString}, so a
 * reader gets the exact doubles; an empty field for NaN, i.e. not available, such as the validation loss without
 * validation data). A name holding a comma or a quote is quoted, quotes doubled; records end with {@code \n}.
 *
 * <p>Each row is appended and the file closed at once, so the log is complete up to the last finished epoch however
 * the run ends. Appending to an existing log (a resumed run) first checks that its header is this log's (an
 * {@code IllegalStateException} otherwise) and drops its rows for the epoch being written and later ones (a run killed
 * after logging an epoch it had not checkpointed) and a last line cut short, so no epoch appears twice.
 */
public final class CsvLog implements TrainingListener {
  private static final List<EpochMetric> BASE = List.of(EpochMetric.TRAIN_LOSS, EpochMetric.VALIDATION_LOSS,
      EpochMetric.LR, EpochMetric.SECONDS);

  private final Path file;
  private final List<EpochMetric> metrics;
  private final String header;
  private int nextEpoch = -1;

  /** A log at {@code file} of the summary's figures and the {@code extra} metrics, in that order. */
  public CsvLog(Path file, EpochMetric... extra) {
    this.file = Objects.requireNonNull(file, "file");
    List<EpochMetric> all = new ArrayList<>(BASE);
    all.addAll(List.of(extra));
    this.metrics = List.copyOf(all);
    List<String> names = new ArrayList<>(List.of("epoch", "step"));
    for (EpochMetric m : metrics) {
      names.add(m.name());
    }
    StringBuilder h = new StringBuilder();
    for (String n : names) {
      if (h.length() > 0) {
        h.append(',');
      }
      h.append(field(n));
    }
    this.header = h.toString();
  }

  /** The file this log writes. */
  public Path file() {
    return file;
  }

  @Override
  public void onEpochEnd(EpochSummary summary) {
    if (summary.epoch() != nextEpoch) {
      reconcile(summary.epoch());
    }
    StringBuilder row = new StringBuilder().append(summary.epoch()).append(',').append(summary.step());
    for (EpochMetric m : metrics) {
      double v = m.valueAt(summary);
      row.append(',');
      if (!Double.isNaN(v)) {
        row.append(v);
      }
    }
    row.append('\n');
    try {
      Files.writeString(file, row, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot append to the log: " + e.getMessage(), e);
    }
    nextEpoch = summary.epoch() + 1;
  }

  /** Makes the file hold the header and the rows of epochs before {@code epoch}, nothing else. */
  private void reconcile(int epoch) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      if (!Files.exists(file) || Files.size(file) == 0) {
        Files.writeString(file, header + "\n", StandardCharsets.UTF_8);
        return;
      }
      byte[] bytes = Files.readAllBytes(file);
      String text;
      try {
        text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
      } catch (CharacterCodingException e) {
        throw new IllegalStateException(file + ": not a log this program wrote (not UTF-8)", e);
      }
      int end = text.indexOf('\n');
      if (end < 0 || !text.substring(0, end).equals(header)) {
        String found = end < 0 ? text : text.substring(0, end);
        throw new IllegalStateException(file + ": its header is \"" + found + "\", this log writes \"" + header
            + "\": log to another file");
      }
      // the rows are ASCII, so character offsets after the header are byte offsets too
      int keep = end + 1;
      int lineNo = 1;
      for (int from = keep; from < text.length(); ) {
        lineNo++;
        int nl = text.indexOf('\n', from);
        if (nl < 0) {
          break; // a row cut short: dropped
        }
        String line = text.substring(from, nl);
        int comma = line.indexOf(',');
        int rowEpoch;
        try {
          rowEpoch = Integer.parseInt(comma < 0 ? line : line.substring(0, comma));
        } catch (NumberFormatException e) {
          throw new IllegalStateException(file + ":" + lineNo + ": not an epoch number: \"" + line + "\"", e);
        }
        if (rowEpoch >= epoch) {
          break;
        }
        keep = nl + 1;
        from = nl + 1;
      }
      long keepBytes = text.substring(0, keep).getBytes(StandardCharsets.UTF_8).length;
      if (keepBytes < bytes.length) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
          channel.truncate(keepBytes);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot open the log: " + e.getMessage(), e);
    }
  }

  /** A field as RFC 4180 writes it: quoted when it holds a comma, a quote or a line break. */
  static String field(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }
}
