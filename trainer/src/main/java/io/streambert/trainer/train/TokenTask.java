package io.streambert.trainer.train;

import io.streambert.model.bundle.TagDecoding;
import java.util.List;

/**
 * A token-classification (tagging) task ready for training.
 *
 * @param tags BIO tag names, index = class id ("O" included)
 * @param train training windows
 * @param dev evaluation windows
 * @param decoding how evaluation chooses each word's tag, as the exported bundle will serve it
 */
public record TokenTask(
    List<String> tags, List<TokenSample> train, List<TokenSample> dev, TagDecoding decoding) {
  public TokenTask {
    java.util.Objects.requireNonNull(decoding, "decoding");
    tags = List.copyOf(tags);
    train = List.copyOf(train);
    dev = List.copyOf(dev);
    if (tags.size() < 2) {
      throw new IllegalArgumentException("expected at least 2 tags, found " + tags);
    }
    if (train.isEmpty()) {
      throw new IllegalArgumentException("expected training examples, found none");
    }
    if (!decoding.accepts(tags)) {
      throw new IllegalArgumentException(
          "expected BIO tags for " + decoding + " decoding, found " + tags);
    }
  }

  /** A task decoded the way new bundles are ({@link TagDecoding#defaultFor}). */
  public TokenTask(List<String> tags, List<TokenSample> train, List<TokenSample> dev) {
    this(tags, train, dev, TagDecoding.defaultFor(tags));
  }
}
