package io.streambert.trainer.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Accuracy and macro F1 of sentence labels. */
public final class ClassificationMetrics {
  private ClassificationMetrics() {}

  /**
   * Scores predictions against gold labels.
   *
   * <p>Macro F1 averages the F1 of every label that occurs in the gold or the predicted labels
   * (scikit-learn's default); a label absent from both does not drag the mean down.
   *
   * @param task task name for the manifest keys
   * @param labels the label set (order of the per-label table)
   * @param gold gold label of each example
   * @param predicted predicted label of each example, same order
   */
  public static ClassificationResult evaluate(
      String task, List<String> labels, List<String> gold, List<String> predicted) {
    if (gold.size() != predicted.size()) {
      throw new IllegalArgumentException(
          "expected one prediction per gold label, found "
              + gold.size()
              + " gold and "
              + predicted.size()
              + " predicted");
    }
    if (gold.isEmpty()) {
      throw new IllegalArgumentException("expected at least one example, found none");
    }
    Map<String, long[]> counts = new LinkedHashMap<>(); // tp, predicted, gold
    for (String label : labels) {
      counts.put(label, new long[3]);
    }
    long correct = 0;
    for (int i = 0; i < gold.size(); i++) {
      String g = gold.get(i);
      String p = predicted.get(i);
      long[] gc = counts.get(g);
      long[] pc = counts.get(p);
      if (gc == null || pc == null) {
        throw new IllegalArgumentException(
            "unknown label "
                + (gc == null ? g : p)
                + " at example "
                + i
                + ", expected one of "
                + labels);
      }
      gc[2]++;
      pc[1]++;
      if (g.equals(p)) {
        gc[0]++;
        correct++;
      }
    }
    Map<String, Counts> perLabel = new LinkedHashMap<>();
    double f1Sum = 0;
    int present = 0;
    for (var e : counts.entrySet()) {
      long[] c = e.getValue();
      Counts counted = new Counts(c[0], c[1], c[2]);
      perLabel.put(e.getKey(), counted);
      if (c[1] + c[2] > 0) {
        f1Sum += counted.f1();
        present++;
      }
    }
    return new ClassificationResult(
        task, gold.size(), (double) correct / gold.size(), f1Sum / present, perLabel);
  }
}
