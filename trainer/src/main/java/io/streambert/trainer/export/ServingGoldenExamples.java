package io.streambert.trainer.export;

import io.streambert.model.OnnxTextModel;
import io.streambert.model.TextPrediction;
import io.streambert.model.bundle.BundleManifest;
import io.streambert.model.bundle.ModelBundle;
import io.streambert.model.bundle.TaskKind;
import io.streambert.model.decoding.EntitySpan;
import io.streambert.model.encoding.EncodedText;
import io.streambert.model.encoding.InvalidTextException;
import io.streambert.model.inference.EngineConfig;
import io.streambert.model.inference.ExecutionProvider;
import java.util.ArrayList;
import java.util.List;

/**
 * Golden examples predicted by the serving engine ({@link OnnxTextModel}) itself, so the manifest
 * records exactly what a processor loading the bundle must output.
 */
public final class ServingGoldenExamples implements GoldenExampleSource {

  @Override
  public List<BundleManifest.GoldenExample> predict(ModelBundle bundle, List<String> texts) {
    if (texts.isEmpty()) {
      return List.of();
    }
    boolean sentiment = bundle.manifest().task(TaskKind.SENTENCE_CLASSIFICATION).isPresent();
    boolean entities = bundle.manifest().task(TaskKind.TOKEN_CLASSIFICATION).isPresent();
    try (OnnxTextModel model =
        OnnxTextModel.load(
            bundle, EngineConfig.builder().provider(ExecutionProvider.CPU).build())) {
      List<EncodedText> encoded = new ArrayList<>(texts.size());
      for (String text : texts) {
        encoded.add(model.encode(text));
      }
      List<TextPrediction> predictions = model.predict(encoded);
      List<BundleManifest.GoldenExample> examples = new ArrayList<>(texts.size());
      for (int i = 0; i < texts.size(); i++) {
        TextPrediction p = predictions.get(i);
        examples.add(
            new BundleManifest.GoldenExample(
                texts.get(i),
                sentiment ? p.sentiment().map(s -> s.label()).orElse(null) : null,
                entities
                    ? p.entities().stream().map(ServingGoldenExamples::format).toList()
                    : null));
      }
      return examples;
    } catch (InvalidTextException e) {
      throw new IllegalArgumentException("golden text cannot be encoded: " + e.getMessage(), e);
    }
  }

  /** The manifest's entity notation, {@code TYPE:start-end} (UTF-16 offsets, end exclusive). */
  public static String format(EntitySpan span) {
    return span.type() + ":" + span.start() + "-" + span.end();
  }
}
