package io.streambert.trainer.metrics;

import io.streambert.model.TextModel;
import io.streambert.model.TextPrediction;
import io.streambert.model.bundle.TaskKind;
import io.streambert.model.bundle.TaskSpec;
import io.streambert.model.decoding.EntitySpan;
import io.streambert.model.encoding.EncodedText;
import io.streambert.model.encoding.InvalidTextException;
import io.streambert.trainer.data.SentenceDataset;
import io.streambert.trainer.data.SentenceExample;
import io.streambert.trainer.data.TaggedSentence;
import io.streambert.trainer.data.TaggingDataset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Scores a served {@link TextModel} (e.g. an exported bundle on ONNX Runtime) on labelled data,
 * through the same encode/predict/decode path the processor uses.
 *
 * <p>Tagged sentences are joined with single spaces; each predicted entity span tags the words it
 * overlaps ({@code B-} on the first, {@code I-} on the rest), so the entity metrics compare whole
 * words exactly as the CoNLL convention does.
 */
public final class ModelEvaluator {
  private final TextModel model;
  private final int batchSize;

  /**
   * An evaluator.
   *
   * @param model the model (owned by the caller)
   * @param batchSize texts per {@link TextModel#predict} call
   */
  public ModelEvaluator(TextModel model, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("expected a batch size >= 1, found " + batchSize);
    }
    this.model = Objects.requireNonNull(model, "model");
    this.batchSize = batchSize;
  }

  /**
   * Accuracy and macro F1 of the model's sentence task on {@code data}.
   *
   * @param data examples whose labels are the model's label names
   */
  public ClassificationResult sentences(SentenceDataset data) {
    Map.Entry<String, TaskSpec> task = task(TaskKind.SENTENCE_CLASSIFICATION);
    List<String> unknown =
        data.labels().stream().filter(l -> !task.getValue().labels().contains(l)).toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "expected the data's labels among the model's "
              + task.getValue().labels()
              + ", found "
              + unknown
              + " (rename them, e.g. --label-names 0=negative,1=positive)");
    }
    List<String> texts = data.examples().stream().map(SentenceExample::text).toList();
    List<TextPrediction> predictions = predict(texts);
    List<String> predicted = new ArrayList<>(predictions.size());
    for (int i = 0; i < predictions.size(); i++) {
      int index = i;
      predicted.add(
          predictions
              .get(i)
              .sentiment()
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "expected a sentence prediction for example " + index + ", found none"))
              .label());
    }
    List<String> gold = data.examples().stream().map(SentenceExample::label).toList();
    return ClassificationMetrics.evaluate(task.getKey(), task.getValue().labels(), gold, predicted);
  }

  /** Entity precision, recall and F1 of the model's token task on {@code data}. */
  public TaggingResult entities(TaggingDataset data) {
    Map.Entry<String, TaskSpec> task = task(TaskKind.TOKEN_CLASSIFICATION);
    List<String> texts = data.sentences().stream().map(s -> String.join(" ", s.tokens())).toList();
    List<TextPrediction> predictions = predict(texts);
    List<List<String>> predicted = new ArrayList<>(predictions.size());
    for (int i = 0; i < predictions.size(); i++) {
      predicted.add(wordTags(data.sentences().get(i).tokens(), predictions.get(i).entities()));
    }
    List<List<String>> gold = data.sentences().stream().map(TaggedSentence::tags).toList();
    return EntityMetrics.evaluate(task.getKey(), gold, predicted);
  }

  /**
   * BIO tags of the words of {@code String.join(" ", tokens)} from entity spans over that text.
   *
   * <p>A word belongs to the first span that overlaps it.
   */
  public static List<String> wordTags(List<String> tokens, List<EntitySpan> spans) {
    String[] tags = new String[tokens.size()];
    Arrays.fill(tags, "O");
    int[] starts = new int[tokens.size()];
    int offset = 0;
    for (int w = 0; w < tokens.size(); w++) {
      starts[w] = offset;
      offset += tokens.get(w).length() + 1;
    }
    for (EntitySpan span : spans) {
      boolean first = true;
      for (int w = 0; w < tokens.size(); w++) {
        int start = starts[w];
        int end = start + tokens.get(w).length();
        boolean overlaps = start < span.end() && span.start() < end;
        if (overlaps && tags[w].equals("O")) {
          tags[w] = (first ? "B-" : "I-") + span.type();
          first = false;
        }
      }
    }
    return List.of(tags);
  }

  private List<TextPrediction> predict(List<String> texts) {
    List<TextPrediction> out = new ArrayList<>(texts.size());
    for (int from = 0; from < texts.size(); from += batchSize) {
      List<EncodedText> batch = new ArrayList<>();
      for (int i = from; i < Math.min(texts.size(), from + batchSize); i++) {
        try {
          batch.add(model.encode(texts.get(i)));
        } catch (InvalidTextException e) {
          throw new IllegalArgumentException(
              "example " + i + " cannot be encoded: " + e.getMessage(), e);
        }
      }
      out.addAll(model.predict(batch));
    }
    return out;
  }

  private Map.Entry<String, TaskSpec> task(TaskKind kind) {
    return model
        .manifest()
        .task(kind)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "expected model "
                        + model.version()
                        + " to have a "
                        + kind
                        + " task, found tasks "
                        + model.manifest().tasks().keySet()));
  }
}
