package io.streambert.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import io.streambert.model.bundle.BundleManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's entry point end to end on a few generated sentences: train, checkpoint, export. */
class FineTuneJobIT {

  @Test
  void shouldTrainCheckpointAndExportAVerifiedBundle(@TempDir Path dir) throws Exception {
    System.setProperty("streambert.smoke.data", "generated");
    SmokeData data;
    try {
      data = SmokeData.load(24, 8, 8);
    } finally {
      System.clearProperty("streambert.smoke.data");
    }
    TrainingConfig config =
        TrainingConfig.builder()
            .epochs(1)
            .batchSize(8)
            .maxSequenceLength(32)
            .freezeWordEmbeddings(true)
            .build();
    Path run = dir.resolve("run");

    FineTuneJob.Outcome outcome =
        FineTuneJob.run(
            BaseEncoder.miniLm(dir.resolve("base")),
            config,
            Optional.of(
                new FineTuneJob.SentenceInput(
                    SmokeData.SENTIMENT_LABELS,
                    data.sentimentTrain.texts(),
                    data.sentimentTrain.labels(),
                    data.sentimentDev.texts(),
                    data.sentimentDev.labels())),
            Optional.of(
                new FineTuneJob.TaggedInput(
                    SmokeData.TAGS,
                    data.entitiesTrain.words(),
                    data.entitiesTrain.tags(),
                    data.entitiesDev.words(),
                    data.entitiesDev.tags())),
            new RunOptions(Optional.of(run), false, 0, false),
            Optional.of(new FineTuneJob.ExportSpec(dir.resolve("bundle"), "7", 64, 16, 8, 4)),
            Device.cpu());

    assertThat(outcome.training().completed()).isTrue();
    assertThat(outcome.training().state().globalStep()).isEqualTo(6);
    assertThat(run.resolve("latest/state.json")).isRegularFile();
    assertThat(run.resolve("best/model.bin")).isRegularFile();
    assertThat(outcome.export()).isPresent();
    assertThat(outcome.export().get().parity().passed()).isTrue();
    BundleManifest manifest = outcome.export().get().bundle().manifest();
    assertThat(manifest.modelVersion()).isEqualTo("7");
    assertThat(manifest.maxSequenceLength()).isEqualTo(64);
    assertThat(manifest.tasks()).containsKeys(BundleManifest.SENTIMENT, BundleManifest.ENTITIES);
    assertThat(manifest.goldenExamples()).hasSize(4);
    assertThat(manifest.metrics())
        .containsKeys(
            Evaluator.SENTENCE_ACCURACY, Evaluator.ENTITY_F1, "train.examples_per_second");
    try (java.util.stream.Stream<Path> folders = Files.list(dir)) {
      // No staging folder is left behind.
      assertThat(folders.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("base", "run", "bundle");
    }
  }
}
