package io.streambert.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.streambert.model.bundle.BundleManifest;
import io.streambert.model.decoding.TagSequenceDecoder;
import io.streambert.trainer.bert.MultiTaskBert;
import io.streambert.trainer.metrics.ClassificationMetrics;
import io.streambert.trainer.metrics.ClassificationResult;
import io.streambert.trainer.metrics.EntityMetrics;
import io.streambert.trainer.metrics.Evaluation;
import io.streambert.trainer.metrics.TaggingResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Scores the training model on the dev windows: accuracy and macro F1 for the sentence task,
 * entity-level precision, recall and F1 (exact span match, overall and per type) for the token
 * task, computed by the {@code metrics} package (the same code that scores served bundles).
 *
 * <p>Token metrics are computed per dev sentence over the words its windows label (first
 * sub-words): the windows of a sentence longer than one window are joined back, so an entity
 * crossing a window boundary is one span, as in the served bundle's evaluation.
 */
public final class Evaluator {

  /** Task name of the sentence task: the manifest's task key and its metrics' prefix. */
  public static final String SENTENCE_TASK = BundleManifest.SENTIMENT;

  /** Task name of the token task: the manifest's task key and its metrics' prefix. */
  public static final String TOKEN_TASK = BundleManifest.ENTITIES;

  /** Metric name of sentence accuracy. */
  public static final String SENTENCE_ACCURACY = SENTENCE_TASK + ".accuracy";

  /** Metric name of sentence macro F1. */
  public static final String SENTENCE_MACRO_F1 = SENTENCE_TASK + ".macro_f1";

  /** Metric name of entity-level F1 over all types. */
  public static final String ENTITY_F1 = TOKEN_TASK + ".f1";

  /** Metric name of entity-level precision over all types. */
  public static final String ENTITY_PRECISION = TOKEN_TASK + ".precision";

  /** Metric name of entity-level recall over all types. */
  public static final String ENTITY_RECALL = TOKEN_TASK + ".recall";

  private final MultiTaskBert model;
  private final int batchSize;

  /** An evaluator running {@code batchSize} windows per forward pass. */
  public Evaluator(MultiTaskBert model, int batchSize) {
    this.model = model;
    this.batchSize = batchSize;
  }

  /** Dev scores of every task that has dev data. */
  public Evaluation evaluate(TrainingData data) {
    return new Evaluation(
        data.sentence().filter(t -> !t.dev().isEmpty()).map(this::sentence),
        data.token().filter(t -> !t.dev().isEmpty()).map(this::token));
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

  /**
   * Tag logits per labelled position of each window (same positions as the gold labels, in order):
   * {@code [window][position][tag]}.
   */
  public float[][][] predictTagLogits(List<TokenSample> samples) {
    float[][][] predictions = new float[samples.size()][][];
    forEachBatch(
        samples,
        (rows, batch, manager) -> {
          NDArray hidden = model.encode(batch.inputs(), false);
          NDArray logits = model.tokenLogits(hidden, false);
          int length = (int) logits.getShape().get(1);
          int tags = (int) logits.getShape().get(2);
          float[] flat = logits.toFloatArray();
          for (int i = 0; i < rows.length; i++) {
            long[] labels = samples.get(rows[i]).labels();
            List<float[]> kept = new ArrayList<>();
            for (int j = 0; j < labels.length; j++) {
              if (labels[j] != TokenSample.IGNORE) {
                int from = (i * length + j) * tags;
                kept.add(Arrays.copyOfRange(flat, from, from + tags));
              }
            }
            predictions[rows[i]] = kept.toArray(float[][]::new);
          }
        });
    return predictions;
  }

  private ClassificationResult sentence(SentenceTask task) {
    int[] predicted = predictSentences(task.dev());
    List<String> gold = task.dev().stream().map(s -> task.labels().get(s.label())).toList();
    List<String> guessed = IntStream.of(predicted).mapToObj(task.labels()::get).toList();
    return ClassificationMetrics.evaluate(SENTENCE_TASK, task.labels(), gold, guessed);
  }

  private TaggingResult token(TokenTask task) {
    return scoreTags(task, predictTagLogits(task.dev()));
  }

  /**
   * Entity metrics of predicted tag logits (as {@link #predictTagLogits} returns them) against the
   * dev windows' gold tags, per sentence: each sentence's words are decoded together with the
   * task's {@link TokenTask#decoding()}, as the served bundle decodes them.
   */
  static TaggingResult scoreTags(TokenTask task, float[][][] predicted) {
    // Windows of one sentence are consecutive and own its words in order: join them back.
    Map<Integer, List<String>> gold = new LinkedHashMap<>();
    Map<Integer, List<float[]>> logits = new LinkedHashMap<>();
    for (int i = 0; i < predicted.length; i++) {
      TokenSample window = task.dev().get(i);
      List<String> goldTags = gold.computeIfAbsent(window.sentence(), k -> new ArrayList<>());
      for (long l : window.labels()) {
        if (l != TokenSample.IGNORE) {
          goldTags.add(task.tags().get((int) l));
        }
      }
      logits
          .computeIfAbsent(window.sentence(), k -> new ArrayList<>())
          .addAll(List.of(predicted[i]));
    }
    TagSequenceDecoder decoder = new TagSequenceDecoder(task.tags(), task.decoding());
    List<List<String>> guessed = new ArrayList<>(logits.size());
    for (List<float[]> sentence : logits.values()) {
      int[] chosen = decoder.decode(sentence.toArray(float[][]::new));
      guessed.add(IntStream.of(chosen).mapToObj(task.tags()::get).toList());
    }
    return EntityMetrics.evaluate(TOKEN_TASK, List.copyOf(gold.values()), guessed);
  }

  private interface BatchAction {
    void run(int[] rows, PaddedBatch batch, NDManager manager);
  }

  private void forEachBatch(List<? extends Sample> samples, BatchAction action) {
    Integer[] order = IntStream.range(0, samples.size()).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingInt(i -> samples.get(i).length()));
    for (int start = 0; start < order.length; start += batchSize) {
      int[] rows =
          Arrays.stream(order, start, Math.min(order.length, start + batchSize))
              .mapToInt(Integer::intValue)
              .toArray();
      try (NDManager manager = model.newBatchManager()) {
        action.run(rows, PaddedBatch.of(manager, samples, rows), manager);
      }
    }
  }
}
