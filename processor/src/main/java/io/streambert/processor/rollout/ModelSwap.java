package io.streambert.processor.rollout;

import io.streambert.model.TextModel;

/** Installs a model as the one the next batches run on; the serving side closes the old one. */
@FunctionalInterface
public interface ModelSwap {

  /**
   * Serves {@code model} from the next batch on, for {@code release}; the model it replaces is
   * closed once no batch uses it any more.
   */
  void swap(TextModel model, Release release);
}
