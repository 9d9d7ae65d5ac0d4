package io.streambert.trainer.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Validates sentence rows into examples and builds the dataset; shared by the readers. */
final class SentenceCollector {
  private final Path file;
  private final ReadOptions options;
  private final BadRowCollector bad;
  private final List<SentenceExample> examples = new ArrayList<>();
  private final Set<String> seenLabels = new LinkedHashSet<>();
  private int rows;

  SentenceCollector(Path file, ReadOptions options) {
    this.file = file;
    this.options = options;
    this.bad = new BadRowCollector(file, options);
  }

  /** A row that failed before its fields could be read. */
  void bad(long line, String reason) {
    rows++;
    bad.report(line, reason);
  }

  /** A row with its text and label as found. */
  void row(long line, String text, String label) {
    rows++;
    if (text == null || text.isBlank()) {
      bad.report(line, "expected a non-empty text, found " + quote(text));
      return;
    }
    if (label == null || label.isBlank()) {
      bad.report(line, "expected a non-empty label, found " + quote(label));
      return;
    }
    String trimmedLabel = label.strip();
    if (options.labels().isPresent() && !options.labels().get().contains(trimmedLabel)) {
      bad.report(
          line,
          "unknown label \"" + trimmedLabel + "\", expected one of " + options.labels().get());
      return;
    }
    seenLabels.add(trimmedLabel);
    examples.add(new SentenceExample(text.strip(), trimmedLabel));
  }

  SentenceDataset finish() {
    ReadReport report = bad.finish(rows, 0);
    List<String> labels = options.labels().orElseGet(() -> LabelSets.sentenceLabels(seenLabels));
    if (options.labels().isEmpty() && labels.size() < 2) {
      throw new DataFormatException(
          "expected at least 2 distinct labels in " + file + ", found " + labels);
    }
    return new SentenceDataset(examples, labels, report);
  }

  private static String quote(String s) {
    return s == null ? "nothing" : "\"" + s + "\"";
  }
}
