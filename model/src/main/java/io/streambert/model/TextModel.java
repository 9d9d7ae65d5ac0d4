package io.streambert.model;

import io.streambert.model.bundle.BundleManifest;
import io.streambert.model.encoding.EncodedText;
import io.streambert.model.encoding.InvalidTextException;
import java.util.List;

/**
 * A served model: encodes text with the bundle's own tokenizer and predicts every task the bundle
 * carries in one forward pass per batch.
 *
 * <p>Implementations are thread-safe: one instance is shared by all stream threads.
 */
public interface TextModel extends AutoCloseable {

  /** The version string from the bundle manifest. */
  String version();

  /** The manifest this model was loaded from. */
  BundleManifest manifest();

  /**
   * Tokenizes one text ([CLS] ... [SEP], split into overlapping windows when longer than the max
   * sequence length).
   *
   * @throws InvalidTextException when the text is null, empty, or only whitespace/control chars
   */
  EncodedText encode(String text) throws InvalidTextException;

  /**
   * Predicts all tasks for a batch. The batch is sorted by length and dynamically padded inside;
   * the results come back in the order of {@code batch}.
   */
  List<TextPrediction> predict(List<EncodedText> batch);

  /**
   * The forward passes {@link #predict(List)} would run for {@code batch}, without running them. By
   * default one pass padded to the batch's longest window, as for a model that neither sorts nor
   * cuts its batches.
   */
  default PlannedPasses plan(List<EncodedText> batch) {
    return PlannedPasses.onePass(batch);
  }

  @Override
  void close();
}
