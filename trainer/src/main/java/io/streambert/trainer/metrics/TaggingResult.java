package io.streambert.trainer.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Entity-level tagging metrics with exact span match.
 *
 * @param task the task name, prefix of the manifest keys (e.g. "entities")
 * @param sentences how many sentences were scored
 * @param overall micro-averaged counts over all types
 * @param perType counts per entity type, sorted by type
 * @param confusion gold vs predicted type for same-boundary spans
 */
public record TaggingResult(
    String task,
    long sentences,
    Counts overall,
    Map<String, Counts> perType,
    ConfusionTable confusion) {
  public TaggingResult {
    perType = Collections.unmodifiableMap(new LinkedHashMap<>(perType));
  }

  /** Micro F1 over all entities. */
  public double f1() {
    return overall.f1();
  }

  /**
   * Manifest metrics: {@code <task>.f1}, {@code .precision}, {@code .recall}, then per type {@code
   * <task>.f1.<TYPE>}, {@code <task>.precision.<TYPE>}, {@code <task>.recall.<TYPE>}.
   */
  public Map<String, Double> toMap() {
    Map<String, Double> out = new LinkedHashMap<>();
    out.put(task + ".f1", overall.f1());
    out.put(task + ".precision", overall.precision());
    out.put(task + ".recall", overall.recall());
    perType.forEach(
        (type, c) -> {
          out.put(task + ".f1." + type, c.f1());
          out.put(task + ".precision." + type, c.precision());
          out.put(task + ".recall." + type, c.recall());
        });
    return out;
  }

  /** A readable report: overall and per-type figures, then the confusion table. */
  public String toText() {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            "%s: F1 %.4f, precision %.4f, recall %.4f (%d sentences, %d gold entities)%n",
            task, overall.f1(), overall.precision(), overall.recall(), sentences, overall.gold()));
    s.append(
        String.format("%-10s %9s %9s %9s %9s%n", "type", "precision", "recall", "f1", "support"));
    perType.forEach(
        (type, c) ->
            s.append(
                String.format(
                    "%-10s %9.4f %9.4f %9.4f %9d%n",
                    type, c.precision(), c.recall(), c.f1(), c.gold())));
    s.append(System.lineSeparator()).append(confusion.toText());
    return s.toString();
  }
}
