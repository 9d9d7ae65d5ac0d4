package io.streambert.model.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambert.model.OnnxTextModel;
import io.streambert.model.TextPrediction;
import io.streambert.model.encoding.CaseClass;
import io.streambert.model.encoding.EncodedText;
import io.streambert.model.encoding.TextEncoder;
import io.streambert.model.encoding.TokenWindow;
import io.streambert.model.inference.EncodedBatch;
import io.streambert.model.inference.EngineConfig;
import io.streambert.model.inference.EngineException;
import io.streambert.model.inference.ExecutionProvider;
import io.streambert.model.inference.OnnxEngine;
import io.streambert.model.onnx.WeightTensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A case-aware bundle on the real encoder, beside the same bundle without the case input. */
class CaseAwareBundleIT {

  static final int HIDDEN = 384;
  static final EngineConfig CPU =
      EngineConfig.builder().provider(ExecutionProvider.CPU).intraOpThreads(1).build();
  static final List<String> TAGS = DemoBundles.ENTITY_TAGS;
  static final List<String> TEXTS =
      List.of("Angela Merkel visited PARIS on Tuesday.", "angela merkel visited paris on tuesday.");

  @TempDir static Path tmp;
  static ModelBundle plain;
  static ModelBundle zeroCase;
  static ModelBundle learnedCase;

  @BeforeAll
  static void build() throws Exception {
    plain = builder().modelVersion("plain").writeTo(tmp.resolve("plain"));
    zeroCase =
        builder()
            .caseEmbeddings(table(new float[CaseClass.COUNT * HIDDEN]))
            .modelVersion("zero")
            .writeTo(tmp.resolve("zero"));
    float[] values = new float[CaseClass.COUNT * HIDDEN];
    Random random = new Random(3);
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian() * 0.5f;
    }
    learnedCase =
        builder().caseEmbeddings(table(values)).modelVersion("case").writeTo(tmp.resolve("case"));
  }

  private static BundleBuilder builder() throws Exception {
    return BundleBuilder.fromEncoder(PretrainedEncoder.miniLm())
        .sentenceHead(DemoBundles.SENTIMENT_LABELS, HeadWeights.random(2, HIDDEN, 11))
        .tokenHead(TAGS, HeadWeights.random(TAGS.size(), HIDDEN, 12));
  }

  private static WeightTensor table(float[] values) {
    return new WeightTensor(CaseEmbeddingGraph.TABLE, new long[] {CaseClass.COUNT, HIDDEN}, values);
  }

  /** Token logits of the texts, one pass, as the engine computes them for this bundle. */
  private static float[] tokenLogits(ModelBundle bundle) throws Exception {
    List<TokenWindow> windows = new ArrayList<>();
    try (TextEncoder encoder = TextEncoder.open(bundle.tokenizerPath(), 128, 32)) {
      for (String text : TEXTS) {
        windows.add(encoder.encode(text).windows().get(0));
      }
    }
    try (OnnxEngine engine = OnnxEngine.open(bundle.onnxPath(), bundle.manifest().inputs(), CPU)) {
      return engine
          .run(EncodedBatch.padToLongest(windows, 0), List.of(HeadGraph.TOKEN_OUTPUT))
          .get(HeadGraph.TOKEN_OUTPUT)
          .values();
    }
  }

  @Test
  void shouldDeclareTheCaseInputOnlyInCaseAwareBundles() {
    assertThat(plain.manifest().inputs().caseIds()).isNull();
    assertThat(learnedCase.manifest().inputs().caseIds()).isEqualTo("case_ids");
    assertThat(learnedCase.manifest().inputs().inputIds()).isEqualTo("input_ids");
  }

  @Test
  void shouldComputeExactlyThePlainModelWhenTheCaseTableIsZero() throws Exception {
    assertThat(tokenLogits(zeroCase)).containsExactly(tokenLogits(plain));
  }

  @Test
  void shouldTellCasedFromLowerCasedTextOnlyWhenCaseAware() throws Exception {
    float[] plainLogits = tokenLogits(plain);
    float[] caseLogits = tokenLogits(learnedCase);
    int half = plainLogits.length / 2;

    // Both texts tokenize to the same ids (the tokenizer lower-cases): the plain model cannot
    // tell them apart, the case-aware one can.
    assertThat(java.util.Arrays.copyOfRange(plainLogits, 0, half))
        .containsExactly(java.util.Arrays.copyOfRange(plainLogits, half, plainLogits.length));
    assertThat(java.util.Arrays.copyOfRange(caseLogits, 0, half))
        .isNotEqualTo(java.util.Arrays.copyOfRange(caseLogits, half, caseLogits.length));
  }

  @Test
  void shouldServeCaseAwareAndPlainBundlesThroughTheSameModelClass() throws Exception {
    for (ModelBundle bundle : List.of(plain, learnedCase)) {
      try (OnnxTextModel model = OnnxTextModel.load(bundle, CPU)) {
        List<EncodedText> batch = new ArrayList<>();
        for (String text : TEXTS) {
          batch.add(model.encode(text));
        }
        List<TextPrediction> predictions = model.predict(batch);
        assertThat(predictions).hasSize(2).allSatisfy(p -> assertThat(p.sentiment()).isPresent());
      }
    }
  }

  @Test
  void shouldRefuseACaseAwareGraphWhoseManifestDoesNotDeclareTheInput() throws Exception {
    Path dir = tmp.resolve("undeclared");
    Files.createDirectories(dir);
    for (Path f : Files.list(learnedCase.directory()).toList()) {
      Files.copy(f, dir.resolve(f.getFileName()));
    }
    Path manifest = dir.resolve(BundleBuilder.MANIFEST_FILE);
    String json = Files.readString(manifest);
    Files.writeString(manifest, json.replace(",\n    \"caseIds\" : \"case_ids\"", ""));
    ModelBundle undeclared = ModelBundle.open(dir);
    assertThat(undeclared.manifest().inputs().caseIds()).isNull();

    assertThatThrownBy(() -> OnnxTextModel.load(undeclared, CPU))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("found [attention_mask, case_ids, input_ids, token_type_ids]");
  }
}
