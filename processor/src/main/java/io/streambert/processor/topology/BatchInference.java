package io.streambert.processor.topology;

import io.streambert.model.TextModel;
import io.streambert.model.TextPrediction;
import io.streambert.model.encoding.EncodedText;
import io.streambert.processor.serving.ModelOutage;
import io.streambert.processor.serving.ModelProbe;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one forward pass over a batch; when it fails, retries record by record so that only the
 * records the model cannot handle fail.
 *
 * <p>A pass that runs out of memory is retried record by record too (smaller passes may fit), but a
 * record whose own pass runs out of memory does not fail: the failure is thrown, and the pass
 * limiter runs the whole pass again once memory may be free ({@link ModelOutage}). A record that
 * fails alone for another reason fails only if the model still predicts its probe text ({@link
 * ModelProbe}); otherwise the model is at fault (a closed or failed session) and the probe's
 * failure is thrown and waited out the same way, so a broken model dead-letters nothing.
 */
final class BatchInference {

  private static final Logger log = LoggerFactory.getLogger(BatchInference.class);

  /**
   * The result for one record: a prediction, or the error it alone caused.
   *
   * @param prediction the prediction, null on failure
   * @param error the failure, null on success
   */
  record Outcome(TextPrediction prediction, RuntimeException error) {
    boolean isOk() {
      return error == null;
    }
  }

  private BatchInference() {}

  /** Outcomes for {@code batch}, in its order. */
  static List<Outcome> run(TextModel model, List<EncodedText> batch) {
    if (batch.isEmpty()) {
      return List.of();
    }
    try {
      return wrap(predict(model, batch));
    } catch (RuntimeException batchError) {
      if (batch.size() == 1) {
        return List.of(new Outcome(null, recordsOwn(model, batchError)));
      }
      log.warn(
          "Inference failed for a batch of {}; retrying record by record to isolate the cause",
          batch.size(),
          batchError);
      List<Outcome> outcomes = new ArrayList<>(batch.size());
      for (EncodedText one : batch) {
        try {
          outcomes.add(new Outcome(predict(model, List.of(one)).get(0), null));
        } catch (RuntimeException e) {
          outcomes.add(new Outcome(null, recordsOwn(model, e)));
        }
      }
      return outcomes;
    }
  }

  /**
   * {@code error} of a record that failed alone, when it is the record's own: running out of memory
   * is thrown as it is, a model failing its probe too throws the probe's failure.
   */
  private static RuntimeException recordsOwn(TextModel model, RuntimeException error) {
    if (ModelOutage.isOutOfMemory(error)) {
      throw error;
    }
    ModelProbe.requireWorking(model, error);
    return error;
  }

  private static List<TextPrediction> predict(TextModel model, List<EncodedText> batch) {
    List<TextPrediction> predictions = model.predict(batch);
    if (predictions == null || predictions.size() != batch.size()) {
      throw new IllegalStateException(
          "Model "
              + model.version()
              + " returned "
              + (predictions == null ? "null" : predictions.size() + " predictions")
              + " for a batch of "
              + batch.size());
    }
    return predictions;
  }

  private static List<Outcome> wrap(List<TextPrediction> predictions) {
    List<Outcome> outcomes = new ArrayList<>(predictions.size());
    for (TextPrediction p : predictions) {
      outcomes.add(new Outcome(p, null));
    }
    return outcomes;
  }
}
