package io.streambert.processor.serving;

import io.streambert.model.TextModel;
import io.streambert.model.TextPrediction;
import io.streambert.model.bundle.BundleManifest.GoldenExample;
import io.streambert.model.encoding.InvalidTextException;
import java.util.List;

/**
 * Tells a record's fault from its model's: once a record has failed alone, the model predicts a
 * text it is known to handle, and when that fails too the record is not blamed.
 *
 * <p>The probe text is the bundle's first golden example (a text the exported model was checked
 * on), or {@value #FALLBACK_TEXT} for a bundle without any. It runs only after a record has failed
 * alone, so a healthy model pays nothing for it on the path of good records.
 */
public final class ModelProbe {

  /** The probe text of a bundle without golden examples. */
  public static final String FALLBACK_TEXT = "ok";

  private ModelProbe() {}

  /**
   * Returns when {@code model} predicts its probe text, so {@code recordFailure} is the record's.
   *
   * @throws BrokenModelException when the probe fails too: the model is at fault
   */
  public static void requireWorking(TextModel model, RuntimeException recordFailure) {
    String text = probeText(model);
    try {
      List<TextPrediction> predictions = model.predict(List.of(model.encode(text)));
      if (predictions == null || predictions.size() != 1) {
        throw new IllegalStateException(
            "expected 1 prediction for the probe, found "
                + (predictions == null ? "null" : predictions.size()));
      }
    } catch (InvalidTextException | RuntimeException probeFailure) {
      throw new BrokenModelException(model.version(), text, probeFailure, recordFailure);
    }
  }

  /** The text {@link #requireWorking} predicts with {@code model}. */
  public static String probeText(TextModel model) {
    List<GoldenExample> golden = model.manifest().goldenExamples();
    return golden.isEmpty() ? FALLBACK_TEXT : golden.get(0).text();
  }
}
