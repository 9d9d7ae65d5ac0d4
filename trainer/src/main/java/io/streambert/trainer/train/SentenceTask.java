package io.streambert.trainer.train;

import java.util.List;

/**
 * A sentence-classification task ready for training.
 *
 * @param labels label names, index = class id
 * @param train training windows
 * @param dev evaluation windows
 */
public record SentenceTask(
    List<String> labels, List<SentenceSample> train, List<SentenceSample> dev) {
  public SentenceTask {
    labels = List.copyOf(labels);
    train = List.copyOf(train);
    dev = List.copyOf(dev);
    if (labels.size() < 2) {
      throw new IllegalArgumentException("expected at least 2 labels, found " + labels);
    }
    if (train.isEmpty()) {
      throw new IllegalArgumentException("expected training examples, found none");
    }
  }
}
