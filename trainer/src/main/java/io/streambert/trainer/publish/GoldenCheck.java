package io.streambert.trainer.publish;

import io.streambert.model.OnnxTextModel;
import io.streambert.model.TextPrediction;
import io.streambert.model.bundle.BundleManifest.GoldenExample;
import io.streambert.model.bundle.ModelBundle;
import io.streambert.model.decoding.EntitySpan;
import io.streambert.model.decoding.SentimentPrediction;
import io.streambert.model.encoding.EncodedText;
import io.streambert.model.encoding.InvalidTextException;
import io.streambert.model.inference.EngineConfig;
import io.streambert.model.inference.ExecutionProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Loads a bundle the way a processor does ({@link OnnxTextModel} on ONNX Runtime) and checks that
 * it reproduces every golden example its manifest records.
 *
 * <p>Entities are compared as {@code TYPE:start-end} strings, the manifest's form.
 */
public final class GoldenCheck {
  private GoldenCheck() {}

  /**
   * The outcome.
   *
   * @param examples golden examples checked
   * @param mismatches one line per example whose prediction differs
   */
  public record Result(int examples, List<String> mismatches) {
    public Result {
      mismatches = List.copyOf(mismatches);
    }

    /** Whether every example was reproduced. */
    public boolean passed() {
      return mismatches.isEmpty();
    }
  }

  /** Predicts every golden example of {@code bundle} on the CPU and compares. */
  public static Result run(ModelBundle bundle) {
    List<GoldenExample> golden = bundle.manifest().goldenExamples();
    if (golden.isEmpty()) {
      return new Result(0, List.of());
    }
    List<String> mismatches = new ArrayList<>();
    try (OnnxTextModel model =
        OnnxTextModel.load(
            bundle, EngineConfig.builder().provider(ExecutionProvider.CPU).build())) {
      List<EncodedText> encoded = new ArrayList<>(golden.size());
      for (GoldenExample g : golden) {
        encoded.add(model.encode(g.text()));
      }
      List<TextPrediction> predictions = model.predict(encoded);
      for (int i = 0; i < golden.size(); i++) {
        GoldenExample g = golden.get(i);
        TextPrediction p = predictions.get(i);
        String sentiment = p.sentiment().map(SentimentPrediction::label).orElse(null);
        List<String> entities = p.entities().stream().map(GoldenCheck::format).toList();
        boolean sentimentOk = g.sentiment() == null || Objects.equals(g.sentiment(), sentiment);
        boolean entitiesOk = g.entities() == null || g.entities().equals(entities);
        if (!sentimentOk || !entitiesOk) {
          mismatches.add(
              "\""
                  + g.text()
                  + "\": expected "
                  + g.sentiment()
                  + " "
                  + g.entities()
                  + ", found "
                  + sentiment
                  + " "
                  + entities);
        }
      }
    } catch (InvalidTextException e) {
      mismatches.add("a golden text cannot be encoded: " + e.getMessage());
    }
    return new Result(golden.size(), mismatches);
  }

  /**
   * Runs the check and refuses a bundle that does not reproduce its golden examples.
   *
   * @throws PublishRefusedException listing the mismatches
   */
  public static Result require(ModelBundle bundle) {
    Result result = run(bundle);
    if (!result.passed()) {
      throw new PublishRefusedException(
          "expected bundle "
              + bundle.manifest().modelVersion()
              + " to reproduce its "
              + result.examples()
              + " golden examples on ONNX Runtime, found "
              + result.mismatches().size()
              + " different: "
              + result.mismatches());
    }
    return result;
  }

  private static String format(EntitySpan span) {
    return span.type() + ":" + span.start() + "-" + span.end();
  }
}
