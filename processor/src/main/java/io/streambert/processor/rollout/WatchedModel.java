package io.streambert.processor.rollout;

import io.streambert.model.PlannedPasses;
import io.streambert.model.TextModel;
import io.streambert.model.TextPrediction;
import io.streambert.model.bundle.BundleManifest;
import io.streambert.model.encoding.EncodedText;
import io.streambert.model.encoding.InvalidTextException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A served model that says when it has been closed: the serving side closes a replaced model once
 * its last batch ends, and the rollout waits for that before it loads another (at most two models
 * resident) and reports the release retired.
 *
 * <p>Owns the model it wraps: {@link #close()} closes it, once.
 */
final class WatchedModel implements TextModel {

  private final TextModel model;
  private final AtomicBoolean closing = new AtomicBoolean();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();

  WatchedModel(TextModel model) {
    this.model = Objects.requireNonNull(model, "model");
  }

  /** Completes once the wrapped model is closed. */
  CompletableFuture<Void> closed() {
    return closed;
  }

  @Override
  public String version() {
    return model.version();
  }

  @Override
  public BundleManifest manifest() {
    return model.manifest();
  }

  @Override
  public EncodedText encode(String text) throws InvalidTextException {
    return model.encode(text);
  }

  @Override
  public List<TextPrediction> predict(List<EncodedText> batch) {
    return model.predict(batch);
  }

  @Override
  public PlannedPasses plan(List<EncodedText> batch) {
    return model.plan(batch);
  }

  @Override
  public void close() {
    if (closing.compareAndSet(false, true)) {
      try {
        model.close();
      } finally {
        closed.complete(null);
      }
    }
  }

  @Override
  public String toString() {
    return model.toString();
  }
}
