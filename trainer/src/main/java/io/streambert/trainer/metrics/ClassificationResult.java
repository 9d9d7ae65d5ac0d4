package io.streambert.trainer.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sentence classification metrics.
 *
 * @param task the task name, prefix of the manifest keys (e.g. "sentiment")
 * @param examples how many examples were scored
 * @param accuracy fraction of correct predictions
 * @param macroF1 unweighted mean of the per-label F1 over labels seen in gold or predictions
 * @param perLabel counts per label, in label-set order
 */
public record ClassificationResult(
    String task, long examples, double accuracy, double macroF1, Map<String, Counts> perLabel) {
  public ClassificationResult {
    perLabel = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(perLabel));
  }

  /** Manifest metrics: {@code <task>.accuracy}, {@code <task>.macro_f1}. */
  public Map<String, Double> toMap() {
    Map<String, Double> out = new LinkedHashMap<>();
    out.put(task + ".accuracy", accuracy);
    out.put(task + ".macro_f1", macroF1);
    return out;
  }

  /** A readable table: accuracy, macro F1 and each label's precision, recall, F1, support. */
  public String toText() {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            "%s: accuracy %.4f, macro F1 %.4f (%d examples)%n", task, accuracy, macroF1, examples));
    s.append(
        String.format("%-16s %9s %9s %9s %9s%n", "label", "precision", "recall", "f1", "support"));
    perLabel.forEach(
        (label, c) ->
            s.append(
                String.format(
                    "%-16s %9.4f %9.4f %9.4f %9d%n",
                    label, c.precision(), c.recall(), c.f1(), c.gold())));
    return s.toString();
  }
}
