package io.streambert.model.inference;

import static io.streambert.model.inference.HandEncodings.encode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambert.model.PlannedPasses;
import io.streambert.model.TextPrediction;
import io.streambert.model.bundle.BundleManifest;
import io.streambert.model.decoding.EntitySpan;
import io.streambert.model.decoding.SentimentPrediction;
import io.streambert.model.decoding.Softmax;
import io.streambert.model.encoding.EncodedText;
import io.streambert.model.encoding.TokenWindow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The window merge, ordering and batching logic over a tiny ONNX model with known logits. */
class MultiTaskPredictorTest {
  private static final long O = 10;
  private static final long B_PER = 11;
  private static final long I_PER = 12;
  private static final long B_LOC = 13;
  private static final long PUNCT = 5;
  private static final EngineConfig CONFIG =
      EngineConfig.builder().provider(ExecutionProvider.CPU).intraOpThreads(1).build();

  @TempDir static Path dir;
  private static OnnxEngine engine;

  @BeforeAll
  static void openEngine() throws Exception {
    Path model = new TinyOnnxModel().writeTo(dir.resolve("tiny.onnx"));
    engine = OnnxEngine.open(model, BundleManifest.OnnxInputs.bert(), CONFIG);
  }

  @AfterAll
  static void closeEngine() {
    engine.close();
  }

  private static MultiTaskPredictor predictor(EngineConfig config) {
    return new MultiTaskPredictor(
        engine, HandEncodings.manifest(true, true), HandEncodings.PAD, config);
  }

  @Test
  void shouldDecodeEntitiesWithCharOffsetsIntoTheOriginalText() {
    String text = "Ada Lovelace visited Paris.";
    EncodedText encoded =
        encode(text, new long[][] {{B_PER}, {I_PER, I_PER}, {O}, {B_LOC, PUNCT}}, 128, 8);

    TextPrediction prediction = predictor(CONFIG).predict(List.of(encoded)).get(0);

    assertThat(prediction.entities())
        .extracting(EntitySpan::type, EntitySpan::text, EntitySpan::start, EntitySpan::end)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("PER", "Ada Lovelace", 0, 12),
            org.assertj.core.groups.Tuple.tuple("LOC", "Paris", 21, 26));
  }

  @Test
  void shouldAverageTheWindowLogitsForSentiment() {
    EncodedText longText = randomText(new Random(1), 40, 16, 6);
    assertThat(longText.windows()).hasSizeGreaterThan(2);

    SentimentPrediction sentiment =
        predictor(CONFIG).predict(List.of(longText)).get(0).sentiment().orElseThrow();

    float[] mean = new float[2];
    for (TokenWindow w : longText.windows()) {
      for (long id : w.ids()) {
        for (int k = 0; k < 2; k++) {
          mean[k] += TinyOnnxModel.sentenceLogit((int) id, k) / longText.windows().size();
        }
      }
    }
    float[] expected = Softmax.of(mean);
    assertThat(sentiment.probabilities().get("negative"))
        .isCloseTo(expected[0], org.assertj.core.data.Offset.offset(1e-5f));
    assertThat(sentiment.probabilities().get("positive"))
        .isCloseTo(expected[1], org.assertj.core.data.Offset.offset(1e-5f));
  }

  @Test
  void shouldFindTheSameEntitiesInWindowsAsInOneLongWindow() {
    Random random = new Random(7);
    for (int trial = 0; trial < 20; trial++) {
      long seed = random.nextLong();
      EncodedText windowed = randomText(new Random(seed), 60, 12, 4);
      EncodedText whole = randomText(new Random(seed), 60, 500, 4);
      assertThat(windowed.windows()).hasSizeGreaterThan(1);
      assertThat(whole.windows()).hasSize(1);

      List<TextPrediction> got = predictor(CONFIG).predict(List.of(windowed, whole));

      assertThat(got.get(0).entities()).isNotEmpty().isEqualTo(got.get(1).entities());
    }
  }

  @Test
  void shouldTakeAWordsTagFromTheWindowThatOwnsItsFirstSubWord() {
    String text = "a b c d e f";
    // Windows of 4 content tokens overlapping by 2: [a b c d], [c d e f]; the first owns a..c.
    EncodedText base = encode(text, new long[][] {{O}, {O}, {O}, {O}, {O}, {O}}, 6, 2);
    TokenWindow first = base.windows().get(0);
    TokenWindow second = base.windows().get(1);
    assertThat(first.ownedTo()).isEqualTo(4);
    // Word "c" (index 2) is B-PER in the window that owns it and O in the other; word "d" the
    // other way round.
    long[] firstIds = first.ids().clone();
    firstIds[3] = B_PER;
    long[] secondIds = second.ids().clone();
    secondIds[2] = B_LOC;
    EncodedText conflicting =
        new EncodedText(text, List.of(withIds(first, firstIds), withIds(second, secondIds)));

    List<EntitySpan> spans = predictor(CONFIG).predict(List.of(conflicting)).get(0).entities();

    assertThat(spans)
        .extracting(EntitySpan::text, EntitySpan::type)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("c", "PER"),
            org.assertj.core.groups.Tuple.tuple("d", "LOC"));
  }

  @Test
  void shouldReturnResultsInInputOrderWhateverTheInternalOrder() {
    List<EncodedText> texts = new ArrayList<>();
    Random random = new Random(3);
    for (int i = 0; i < 25; i++) {
      texts.add(randomText(random, 1 + random.nextInt(40), 20, 4));
    }
    MultiTaskPredictor small =
        predictor(CONFIG.toBuilder().maxBatchWindows(3).maxBatchTokens(64).build());

    List<TextPrediction> sorted = predictor(CONFIG).predict(texts, BatchPolicy.SORTED_DYNAMIC);
    List<TextPrediction> arrival = predictor(CONFIG).predict(texts, BatchPolicy.ARRIVAL_DYNAMIC);
    List<TextPrediction> fixed = predictor(CONFIG).predict(texts, BatchPolicy.fixed(24));
    List<TextPrediction> cut = small.predict(texts);

    for (int i = 0; i < texts.size(); i++) {
      TextPrediction alone = predictor(CONFIG).predict(List.of(texts.get(i))).get(0);
      for (List<TextPrediction> result : List.of(sorted, arrival, fixed, cut)) {
        assertThat(result.get(i).entities()).isEqualTo(alone.entities());
        float expected = alone.sentiment().orElseThrow().probabilities().get("positive");
        assertThat(result.get(i).sentiment().orElseThrow().probabilities().get("positive"))
            .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-5f));
      }
    }
  }

  @Test
  void shouldPlanSortedPassesWithAtMostATenthPaddingOverEveryWindow() {
    List<EncodedText> texts = new ArrayList<>();
    Random random = new Random(5);
    for (int i = 0; i < 32; i++) {
      texts.add(randomText(random, 1 + random.nextInt(40), 24, 4));
    }
    int windows = texts.stream().mapToInt(t -> t.windows().size()).sum();
    long real =
        texts.stream().flatMap(t -> t.windows().stream()).mapToLong(TokenWindow::length).sum();
    MultiTaskPredictor predictor = predictor(CONFIG);

    PlannedPasses sorted = predictor.plan(texts);
    PlannedPasses arrival = predictor.plan(texts, BatchPolicy.ARRIVAL_DYNAMIC);
    PlannedPasses fixed = predictor.plan(texts, BatchPolicy.fixed(24));

    assertThat(List.of(sorted, arrival, fixed))
        .allSatisfy(
            p -> {
              assertThat(p.windows()).isEqualTo(windows);
              assertThat(p.realTokens()).isEqualTo(real);
            });
    assertThat(sorted.efficiency())
        .isGreaterThanOrEqualTo(1 - BatchPlanner.DEFAULT_MAX_PADDING_SHARE);
    assertThat(sorted.passes()).isGreaterThan(1);
    assertThat(sorted.largestPassTokens())
        .isLessThanOrEqualTo(CONFIG.maxBatchTokens())
        .isLessThan(sorted.paddedTokens());
    assertThat(arrival.efficiency()).isLessThan(sorted.efficiency());
    assertThat(fixed.paddedTokens()).isEqualTo(24L * windows);
    assertThat(predictor.plan(List.of())).isEqualTo(PlannedPasses.NONE);
  }

  @Test
  void shouldPredictOnlyTheTasksTheManifestCarries() {
    MultiTaskPredictor sentimentOnly =
        new MultiTaskPredictor(
            engine, HandEncodings.manifest(true, false), HandEncodings.PAD, CONFIG);
    EncodedText text = encode("Ada sings", new long[][] {{B_PER}, {O}}, 128, 8);

    TextPrediction prediction = sentimentOnly.predict(List.of(text)).get(0);

    assertThat(prediction.sentiment()).isPresent();
    assertThat(prediction.entities()).isEmpty();
  }

  @Test
  void shouldReturnNothingForAnEmptyBatch() {
    assertThat(predictor(CONFIG).predict(List.of())).isEmpty();
  }

  @Test
  void shouldRejectAManifestWhoseOutputTheModelLacks() throws Exception {
    Path model = new TinyOnnxModel().sentimentOutput("cls_logits").writeTo(dir.resolve("o.onnx"));
    try (OnnxEngine other = OnnxEngine.open(model, BundleManifest.OnnxInputs.bert(), CONFIG)) {
      assertThatThrownBy(
              () ->
                  new MultiTaskPredictor(
                      other, HandEncodings.manifest(true, true), HandEncodings.PAD, CONFIG))
          .isInstanceOf(EngineException.class)
          .hasMessageContaining("expected an output named sentiment_logits")
          .hasMessageContaining("found [cls_logits, entity_logits]");
    }
  }

  private static TokenWindow withIds(TokenWindow w, long[] ids) {
    return new TokenWindow(
        ids,
        w.typeIds(),
        w.charStarts(),
        w.charEnds(),
        w.wordIds(),
        w.firstWord(),
        w.ownedFrom(),
        w.ownedTo());
  }

  /** Random words with 1-3 sub-words, about a third of them entities. */
  private static EncodedText randomText(Random random, int words, int maxLength, int stride) {
    StringBuilder text = new StringBuilder();
    long[][] ids = new long[words][];
    for (int w = 0; w < words; w++) {
      int pieces = 1 + random.nextInt(3);
      text.append(w == 0 ? "" : " ").append("w".repeat(3 + random.nextInt(4)));
      ids[w] = new long[pieces];
      int kind = random.nextInt(6);
      ids[w][0] =
          kind == 0 ? B_PER : kind == 1 ? I_PER : kind == 2 ? B_LOC : 20 + random.nextInt(40);
      for (int p = 1; p < pieces; p++) {
        ids[w][p] = 20 + random.nextInt(40);
      }
    }
    return encode(text.toString(), ids, maxLength, stride);
  }
}
