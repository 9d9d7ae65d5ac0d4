package io.streambert.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.streambert.trainer.bert.MultiTaskBert;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Scores the model on the dev windows: accuracy and macro F1 for the sentence task, entity-level
 * precision, recall and F1 (exact span match) for the token task.
 *
 * <p>Token metrics are computed over the words the dev windows label (first sub-words); words cut
 * off by a window's maximum length are not counted.
 */
public final class Evaluator {

  /** Metric name of sentence accuracy. */
  public static final String SENTENCE_ACCURACY = "sentiment_accuracy";

  /** Metric name of sentence macro F1. */
  public static final String SENTENCE_MACRO_F1 = "sentiment_macro_f1";

  /** Metric name of entity-level F1. */
  public static final String ENTITY_F1 = "entities_f1";

  /** Metric name of entity-level precision. */
  public static final String ENTITY_PRECISION = "entities_precision";

  /** Metric name of entity-level recall. */
  public static final String ENTITY_RECALL = "entities_recall";

  private final MultiTaskBert model;
  private final int batchSize;

  /** An evaluator running {@code batchSize} windows per forward pass. */
  public Evaluator(MultiTaskBert model, int batchSize) {
    this.model = model;
    this.batchSize = batchSize;
  }

  /** Dev metrics of every task by name. */
  public Map<String, Double> evaluate(TrainingData data) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    data.sentence().ifPresent(t -> metrics.putAll(sentence(t)));
    data.token().ifPresent(t -> metrics.putAll(token(t)));
    return metrics;
  }

  /** The selection score: the mean of sentence accuracy and entity F1 over the tasks present. */
  public static double score(Map<String, Double> metrics) {
    return metrics.entrySet().stream()
        .filter(e -> e.getKey().equals(SENTENCE_ACCURACY) || e.getKey().equals(ENTITY_F1))
        .mapToDouble(Map.Entry::getValue)
        .average()
        .orElse(0);
  }

  /** Predicted sentence class per dev window. */
  public int[] predictSentences(List<SentenceSample> samples) {
    int[] predictions = new int[samples.size()];
    forEachBatch(
        samples,
        (rows, batch, manager) -> {
          NDArray hidden = model.encode(batch.inputs(), false);
          long[] argMax = model.sentenceLogits(hidden, false).argMax(-1).toLongArray();
          for (int i = 0; i < rows.length; i++) {
            predictions[rows[i]] = (int) argMax[i];
          }
        });
    return predictions;
  }

  /** Predicted tag id per labelled position (same positions as the gold labels, in order). */
  public int[][] predictTags(List<TokenSample> samples) {
    int[][] predictions = new int[samples.size()][];
    forEachBatch(
        samples,
        (rows, batch, manager) -> {
          NDArray hidden = model.encode(batch.inputs(), false);
          NDArray argMax = model.tokenLogits(hidden, false).argMax(-1);
          long length = argMax.getShape().get(1);
          long[] flat = argMax.toLongArray();
          for (int i = 0; i < rows.length; i++) {
            long[] labels = samples.get(rows[i]).labels();
            List<Integer> kept = new ArrayList<>();
            for (int j = 0; j < labels.length; j++) {
              if (labels[j] != TokenSample.IGNORE) {
                kept.add((int) flat[(int) (i * length + j)]);
              }
            }
            predictions[rows[i]] = kept.stream().mapToInt(Integer::intValue).toArray();
          }
        });
    return predictions;
  }

  private Map<String, Double> sentence(SentenceTask task) {
    if (task.dev().isEmpty()) {
      return Map.of();
    }
    int[] predicted = predictSentences(task.dev());
    int classes = task.labels().size();
    long[] truePositive = new long[classes];
    long[] predictedCount = new long[classes];
    long[] goldCount = new long[classes];
    long correct = 0;
    for (int i = 0; i < predicted.length; i++) {
      int gold = task.dev().get(i).label();
      predictedCount[predicted[i]]++;
      goldCount[gold]++;
      if (predicted[i] == gold) {
        correct++;
        truePositive[gold]++;
      }
    }
    double f1Sum = 0;
    for (int c = 0; c < classes; c++) {
      f1Sum += f1(truePositive[c], predictedCount[c], goldCount[c]);
    }
    Map<String, Double> m = new LinkedHashMap<>();
    m.put(SENTENCE_ACCURACY, (double) correct / predicted.length);
    m.put(SENTENCE_MACRO_F1, f1Sum / classes);
    return m;
  }

  private Map<String, Double> token(TokenTask task) {
    if (task.dev().isEmpty()) {
      return Map.of();
    }
    int[][] predicted = predictTags(task.dev());
    Set<String> gold = new HashSet<>();
    Set<String> guessed = new HashSet<>();
    for (int i = 0; i < predicted.length; i++) {
      long[] labels = task.dev().get(i).labels();
      List<String> goldTags = new ArrayList<>();
      for (long l : labels) {
        if (l != TokenSample.IGNORE) {
          goldTags.add(task.tags().get((int) l));
        }
      }
      List<String> predictedTags = IntStream.of(predicted[i]).mapToObj(task.tags()::get).toList();
      gold.addAll(SpanSet.of(i, goldTags));
      guessed.addAll(SpanSet.of(i, predictedTags));
    }
    long truePositive = guessed.stream().filter(gold::contains).count();
    Map<String, Double> m = new LinkedHashMap<>();
    m.put(ENTITY_PRECISION, guessed.isEmpty() ? 0 : (double) truePositive / guessed.size());
    m.put(ENTITY_RECALL, gold.isEmpty() ? 0 : (double) truePositive / gold.size());
    m.put(ENTITY_F1, f1(truePositive, guessed.size(), gold.size()));
    return m;
  }

  private static double f1(long truePositive, long predicted, long gold) {
    if (truePositive == 0) {
      return 0;
    }
    double p = (double) truePositive / predicted;
    double r = (double) truePositive / gold;
    return 2 * p * r / (p + r);
  }

  private interface BatchAction {
    void run(int[] rows, PaddedBatch batch, NDManager manager);
  }

  private void forEachBatch(List<? extends Sample> samples, BatchAction action) {
    Integer[] order = IntStream.range(0, samples.size()).boxed().toArray(Integer[]::new);
    java.util.Arrays.sort(order, Comparator.comparingInt(i -> samples.get(i).length()));
    for (int start = 0; start < order.length; start += batchSize) {
      int[] rows =
          java.util.Arrays.stream(order, start, Math.min(order.length, start + batchSize))
              .mapToInt(Integer::intValue)
              .toArray();
      try (NDManager manager = model.newBatchManager()) {
        action.run(rows, PaddedBatch.of(manager, samples, rows), manager);
      }
    }
  }
}
