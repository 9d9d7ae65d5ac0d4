package io.streambert.model.decoding;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns the logits of a sentence-classification head into a {@link SentimentPrediction}. */
public final class SentimentDecoder {
  private final List<String> labels;

  /**
   * Creates a decoder for the given labels.
   *
   * @param labels the task's labels in logit order (from the bundle manifest)
   */
  public SentimentDecoder(List<String> labels) {
    this.labels = List.copyOf(labels);
    if (this.labels.size() < 2) {
      throw new IllegalArgumentException(
          "a sentence task needs at least 2 labels, found " + this.labels);
    }
  }

  /** The labels in logit order. */
  public List<String> labels() {
    return labels;
  }

  /**
   * Decodes one row of logits: arg-max label, its probability, and every label's probability in
   * label order.
   *
   * @throws IllegalArgumentException when the number of logits differs from the number of labels
   */
  public SentimentPrediction decode(float[] logits) {
    if (logits.length != labels.size()) {
      throw new IllegalArgumentException(
          "expected "
              + labels.size()
              + " logits for labels "
              + labels
              + ", found "
              + logits.length);
    }
    float[] probabilities = Softmax.of(logits);
    Map<String, Float> byLabel = new LinkedHashMap<>();
    for (int i = 0; i < probabilities.length; i++) {
      byLabel.put(labels.get(i), probabilities[i]);
    }
    int best = Softmax.argMax(probabilities);
    return new SentimentPrediction(
        labels.get(best), probabilities[best], Collections.unmodifiableMap(byLabel));
  }
}
