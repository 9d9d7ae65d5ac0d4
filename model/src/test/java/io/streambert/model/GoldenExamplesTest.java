package io.streambert.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambert.model.bundle.BundleManifest;
import io.streambert.model.bundle.BundleManifest.GoldenExample;
import io.streambert.model.bundle.TaskKind;
import io.streambert.model.bundle.TaskSpec;
import io.streambert.model.decoding.EntitySpan;
import io.streambert.model.decoding.SentimentPrediction;
import io.streambert.model.encoding.EncodedText;
import io.streambert.model.encoding.InvalidTextException;
import io.streambert.model.encoding.TokenWindow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one golden-example check the trainer (before publishing) and the processor both run. */
class GoldenExamplesTest {

  private static final TextPrediction POSITIVE_WITH_ADA =
      new TextPrediction(
          Optional.of(new SentimentPrediction("positive", 0.9f, Map.of())),
          List.of(new EntitySpan("Ada", "PER", 0, 3, 0.8f)));
  private static final TextPrediction NEGATIVE_NO_ENTITIES =
      new TextPrediction(
          Optional.of(new SentimentPrediction("negative", 0.7f, Map.of())), List.of());

  @Test
  void shouldPassWhenModelReproducesEveryExample() {
    // Given a model predicting exactly what its manifest recorded
    TextModel model =
        model(
            List.of(
                new GoldenExample("Ada wins", "positive", List.of("PER:0-3")),
                new GoldenExample("so bad", "negative", List.of())),
            Map.of("Ada wins", POSITIVE_WITH_ADA, "so bad", NEGATIVE_NO_ENTITIES));

    // When checked
    GoldenExamples.Result result = GoldenExamples.check(model);

    // Then both are reproduced
    assertThat(result.passed()).isTrue();
    assertThat(result.examples()).isEqualTo(2);
  }

  @Test
  void shouldListExpectedAndFoundWhenSentimentDiffers() {
    // Given a recorded "positive" that the model now predicts as "negative"
    TextModel model =
        model(
            List.of(
                new GoldenExample("Ada wins", "positive", List.of("PER:0-3")),
                new GoldenExample("so bad", "positive", null)),
            Map.of("Ada wins", POSITIVE_WITH_ADA, "so bad", NEGATIVE_NO_ENTITIES));

    // When checked
    GoldenExamples.Result result = GoldenExamples.check(model);

    // Then only that example is a mismatch, and the line says what was expected and found
    assertThat(result.passed()).isFalse();
    assertThat(result.examples()).isEqualTo(2);
    assertThat(result.mismatches())
        .containsExactly("\"so bad\": expected positive null, found negative []");
  }

  @Test
  void shouldCompareEntityOffsetsWhenEntitiesAreRecorded() {
    // Given an entity recorded one character longer than the model finds it
    TextModel model =
        model(
            List.of(new GoldenExample("Ada wins", null, List.of("PER:0-4"))),
            Map.of("Ada wins", POSITIVE_WITH_ADA));

    // When checked, then the offsets decide (the unchecked sentiment does not rescue it)
    assertThat(GoldenExamples.check(model).mismatches())
        .containsExactly("\"Ada wins\": expected null [PER:0-4], found positive [PER:0-3]");
  }

  @Test
  void shouldPassWithNoExamplesWhenManifestHasNone() {
    assertThat(GoldenExamples.check(model(List.of(), Map.of())))
        .isEqualTo(new GoldenExamples.Result(0, List.of()));
  }

  @Test
  void shouldFailWhenGoldenTextCannotBeEncoded() {
    // Given a golden text the model's encoder refuses
    TextModel model =
        model(
            List.of(new GoldenExample("   ", "positive", null)), Map.of("   ", POSITIVE_WITH_ADA));

    // When checked, then it is a mismatch saying why
    GoldenExamples.Result result = GoldenExamples.check(model);
    assertThat(result.passed()).isFalse();
    assertThat(result.mismatches()).singleElement().asString().contains("blank text");
  }

  @Test
  void shouldRecordWhatModelPredictsWhenExporting() throws InvalidTextException {
    // Given a model and texts, when predicted for the manifest with only the sentiment head
    TextModel model = model(List.of(), Map.of("Ada wins", POSITIVE_WITH_ADA));
    List<GoldenExample> recorded = GoldenExamples.predict(model, List.of("Ada wins"), true, false);

    // Then the record holds the label and no entities; checking it against the model passes
    assertThat(recorded).containsExactly(new GoldenExample("Ada wins", "positive", null));
    assertThat(
            GoldenExamples.check(model(recorded, Map.of("Ada wins", POSITIVE_WITH_ADA))).passed())
        .isTrue();
  }

  /** A model that predicts {@code byText} and whose manifest records {@code golden}. */
  private static TextModel model(List<GoldenExample> golden, Map<String, TextPrediction> byText) {
    BundleManifest manifest =
        new BundleManifest(
            BundleManifest.FORMAT_VERSION,
            "golden-1",
            "tiny",
            Map.of(
                BundleManifest.SENTIMENT,
                new TaskSpec(
                    TaskKind.SENTENCE_CLASSIFICATION,
                    List.of("negative", "positive"),
                    "sentiment_logits")),
            16,
            4,
            true,
            BundleManifest.OnnxInputs.bert(),
            null,
            null,
            golden,
            Instant.EPOCH);
    return new TextModel() {
      @Override
      public String version() {
        return manifest.modelVersion();
      }

      @Override
      public BundleManifest manifest() {
        return manifest;
      }

      @Override
      public EncodedText encode(String text) throws InvalidTextException {
        if (text.isBlank()) {
          throw new InvalidTextException("expected text with content, found blank text");
        }
        long[] one = {101};
        int[] none = {-1};
        return new EncodedText(
            text, List.of(new TokenWindow(one, new long[] {0}, none, none, none, 0, 0, 0)));
      }

      @Override
      public List<TextPrediction> predict(List<EncodedText> batch) {
        List<TextPrediction> out = new ArrayList<>();
        for (EncodedText e : batch) {
          out.add(byText.get(e.text()));
        }
        return out;
      }

      @Override
      public void close() {}
    };
  }
}
