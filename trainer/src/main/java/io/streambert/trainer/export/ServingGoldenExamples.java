package io.streambert.trainer.export;

import io.streambert.model.GoldenExamples;
import io.streambert.model.OnnxTextModel;
import io.streambert.model.bundle.BundleManifest;
import io.streambert.model.bundle.ModelBundle;
import io.streambert.model.bundle.TaskKind;
import io.streambert.model.encoding.InvalidTextException;
import io.streambert.model.inference.EngineConfig;
import io.streambert.model.inference.ExecutionProvider;
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
      return GoldenExamples.predict(model, texts, sentiment, entities);
    } catch (InvalidTextException e) {
      throw new IllegalArgumentException("golden text cannot be encoded: " + e.getMessage(), e);
    }
  }
}
