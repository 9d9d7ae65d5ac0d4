package io.streambert.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import io.streambert.model.OnnxTextModel;
import io.streambert.model.TextPrediction;
import io.streambert.model.bundle.BundleManifest;
import io.streambert.model.bundle.ModelBundle;
import io.streambert.model.bundle.PretrainedEncoder;
import io.streambert.model.encoding.EncodedText;
import io.streambert.model.inference.EngineConfig;
import io.streambert.model.inference.ExecutionProvider;
import io.streambert.model.onnx.EncoderWeights;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The larger base-encoder preset trains, exports past the parity gate and serves. */
class BgeSmallPresetIT {

  @Test
  void shouldTrainExportAndServeACaseAwareTaggerOnBgeSmall(@TempDir Path dir) throws Exception {
    System.setProperty("streambert.smoke.data", "generated");
    SmokeData data;
    try {
      data = SmokeData.load(16, 8, 8);
    } finally {
      System.clearProperty("streambert.smoke.data");
    }
    BaseEncoder base = BaseEncoder.of(PretrainedEncoder.bgeSmall(), dir.resolve("base"));
    assertThat(EncoderWeights.read(base.onnx()).config().layers()).isEqualTo(12);
    TrainingConfig config =
        TrainingConfig.builder()
            .epochs(1)
            .batchSize(8)
            .maxSequenceLength(32)
            .freezeWordEmbeddings(true)
            .caseEmbeddings(true)
            .build();

    FineTuneJob.Outcome outcome =
        FineTuneJob.run(
            base,
            config,
            Optional.empty(),
            Optional.of(
                new FineTuneJob.TaggedInput(
                    SmokeData.TAGS,
                    data.entitiesTrain.words(),
                    data.entitiesTrain.tags(),
                    data.entitiesDev.words(),
                    data.entitiesDev.tags())),
            new RunOptions(Optional.empty(), false, 0, false),
            Optional.of(new FineTuneJob.ExportSpec(dir.resolve("bundle"), "1", 32, 8, 8, 2)),
            Device.cpu());

    assertThat(outcome.export()).isPresent();
    assertThat(outcome.export().get().parity().passed()).isTrue();
    ModelBundle bundle = outcome.export().get().bundle();
    BundleManifest manifest = bundle.manifest();
    assertThat(manifest.baseEncoder()).startsWith("BAAI/bge-small-en-v1.5");
    assertThat(manifest.inputs().caseAware()).isTrue();
    try (OnnxTextModel model =
        OnnxTextModel.load(
            bundle, EngineConfig.builder().provider(ExecutionProvider.CPU).build())) {
      List<EncodedText> batch = new ArrayList<>();
      for (String text : List.of("Angela Merkel visited Paris .", "shares rose in TOKYO")) {
        batch.add(model.encode(text));
      }
      List<TextPrediction> predictions = model.predict(batch);
      assertThat(predictions).hasSize(2).allSatisfy(p -> assertThat(p.sentiment()).isEmpty());
    }
  }
}
