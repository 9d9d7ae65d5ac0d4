package io.streambert.trainer.train;

import java.util.List;

/**
 * A token-classification (tagging) task ready for training.
 *
 * @param tags BIO tag names, index = class id ("O" included)
 * @param train training windows
 * @param dev evaluation windows
 */
public record TokenTask(List<String> tags, List<TokenSample> train, List<TokenSample> dev) {
  public TokenTask {
    tags = List.copyOf(tags);
    train = List.copyOf(train);
    dev = List.copyOf(dev);
    if (tags.size() < 2) {
      throw new IllegalArgumentException("expected at least 2 tags, found " + tags);
    }
    if (train.isEmpty()) {
      throw new IllegalArgumentException("expected training examples, found none");
    }
  }
}
