package io.streambert.trainer.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import io.streambert.model.bundle.BundleBuilder;
import io.streambert.model.bundle.BundleException;
import io.streambert.model.bundle.BundleManifest;
import io.streambert.model.bundle.PretrainedEncoder;
import io.streambert.model.bundle.TagDecoding;
import io.streambert.model.onnx.EncoderWeights;
import io.streambert.trainer.bert.MultiTaskBert;
import io.streambert.trainer.bert.ParameterNames;
import io.streambert.trainer.bert.PretrainedWeights;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Export of a (perturbed) MiniLM with both heads, parity gate accepting and refusing. */
class BundleExporterIT {

  private static final List<String> TEXTS =
      List.of(
          "A gripping, beautifully shot film.",
          "Dull and far too long.",
          "Shares in Siemens rose 3 % in Frankfurt after the results.",
          "Barack Obama visited the United Nations in New York on Monday , officials said .");

  @Test
  void shouldPublishOnlyWhenOnnxRuntimeReproducesTheTrainingModel(@TempDir Path dir)
      throws Exception {
    EncoderWeights weights;
    try (InputStream onnx = PretrainedEncoder.miniLm().openOnnx()) {
      weights = EncoderWeights.read(onnx);
    }
    List<String> labels = List.of("negative", "positive");
    List<String> tags = List.of("O", "B-PER", "I-PER", "B-LOC", "I-LOC");
    try (MultiTaskBert model =
        PretrainedWeights.load(weights, 2, tags.size(), 0.1f, Device.cpu(), 7)) {
      // Move an encoder weight away from the pretrained value: the export must carry it.
      String name = "encoder.layer.3.attention.self.query.weight";
      float[] changed = model.values(name);
      for (int i = 0; i < changed.length; i += 7) {
        changed[i] += 0.05f;
      }
      model.setValues(name, model.shape(name), changed);

      BundleExporter exporter =
          new BundleExporter(
              () -> BundleBuilder.fromEncoder(PretrainedEncoder.miniLm()),
              new ParityGate(ParityGate.DEFAULT_TOLERANCE),
              (bundle, texts) ->
                  texts.stream()
                      .map(t -> new BundleManifest.GoldenExample(t, "positive", null))
                      .toList());
      ExportRequest request =
          new ExportRequest(
              dir.resolve("v1"),
              "1",
              Optional.of(labels),
              Optional.of(tags),
              TagDecoding.BIO_VITERBI,
              128,
              32,
              Map.of("sentiment.accuracy", 0.5),
              TEXTS,
              2);

      BundleExporter.Result result = exporter.export(model, request);

      System.out.println("export " + result.parity());
      assertThat(result.parity().passed()).isTrue();
      assertThat(result.parity().maxLogitDiff()).isLessThan(1e-4);
      BundleManifest manifest = result.bundle().manifest();
      assertThat(manifest.goldenExamples()).hasSize(2);
      assertThat(manifest.metrics()).containsKeys("sentiment.accuracy", "parity.max_logit_diff");
      assertThat(manifest.tasks().get(BundleManifest.ENTITIES).labels()).isEqualTo(tags);
      try (java.util.stream.Stream<Path> siblings = Files.list(dir)) {
        assertThat(siblings.map(p -> p.getFileName().toString())).containsExactly("v1");
      }
      assertThatThrownBy(() -> exporter.export(model, request)).isInstanceOf(BundleException.class);

      // The same bundle no longer matches a model whose head moved: the gate refuses.
      float[] bias = model.values(ParameterNames.TOKEN_HEAD_BIAS);
      bias[1] += 0.01f;
      model.setValues(
          ParameterNames.TOKEN_HEAD_BIAS, model.shape(ParameterNames.TOKEN_HEAD_BIAS), bias);
      ParityReport drifted =
          new ParityGate(ParityGate.DEFAULT_TOLERANCE).check(model, result.bundle(), TEXTS);

      assertThat(drifted.passed()).isFalse();
      assertThat(drifted.maxTokenLogitDiff()).isGreaterThan(5e-3);
      assertThatThrownBy(
              () ->
                  new ParityGate(ParityGate.DEFAULT_TOLERANCE)
                      .require(model, result.bundle(), TEXTS))
          .isInstanceOf(ParityException.class)
          .hasMessageContaining("refusing to publish");
    }
  }

  @Test
  void shouldExportACaseAwareModelWhoseCaseEmbeddingsOnnxRuntimeReproduces(@TempDir Path dir)
      throws Exception {
    EncoderWeights weights;
    try (InputStream onnx = PretrainedEncoder.miniLm().openOnnx()) {
      weights = EncoderWeights.read(onnx);
    }
    List<String> tags = List.of("O", "B-PER", "I-PER", "B-LOC", "I-LOC");
    List<String> cased =
        List.of(
            "Barack Obama visited the UNITED NATIONS in New York .",
            "barack obama visited the united nations in new york .",
            "iPhone sales in 東京 rose 🙂");
    try (MultiTaskBert model =
        PretrainedWeights.load(weights, 0, tags.size(), true, 0.1f, Device.cpu(), 7)) {
      String name = ParameterNames.CASE_EMBEDDINGS;
      assertThat(model.values(name)).containsOnly(0f);
      // As training would move it: every case class gets its own non-zero row.
      float[] table = model.values(name);
      java.util.Random random = new java.util.Random(5);
      for (int i = 0; i < table.length; i++) {
        table[i] = (float) random.nextGaussian() * 0.3f;
      }
      model.setValues(name, model.shape(name), table);
      BundleExporter exporter =
          new BundleExporter(
              () -> BundleBuilder.fromEncoder(PretrainedEncoder.miniLm()),
              new ParityGate(ParityGate.DEFAULT_TOLERANCE),
              (bundle, texts) -> List.of());

      BundleExporter.Result result =
          exporter.export(
              model,
              new ExportRequest(
                  dir.resolve("cased"),
                  "1",
                  Optional.empty(),
                  Optional.of(tags),
                  TagDecoding.BIO_VITERBI,
                  128,
                  32,
                  Map.of(),
                  cased,
                  0));

      System.out.println("case-aware export " + result.parity());
      assertThat(result.parity().passed()).isTrue();
      assertThat(result.parity().maxTokenLogitDiff()).isLessThan(1e-4);
      assertThat(result.bundle().manifest().inputs().caseIds()).isEqualTo("case_ids");
      assertThat(result.bundle().manifest().tasks().get(BundleManifest.ENTITIES).decoding())
          .isEqualTo(TagDecoding.BIO_VITERBI);
    }
  }
}
