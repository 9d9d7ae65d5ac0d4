package io.streambert.trainer.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.streambert.model.TextModel;
import io.streambert.model.TextPrediction;
import io.streambert.model.bundle.BundleManifest;
import io.streambert.model.bundle.TaskKind;
import io.streambert.model.bundle.TaskSpec;
import io.streambert.model.decoding.EntitySpan;
import io.streambert.model.decoding.SentimentPrediction;
import io.streambert.model.encoding.EncodedText;
import io.streambert.model.encoding.InvalidTextException;
import io.streambert.model.encoding.TokenWindow;
import io.streambert.trainer.data.ReadReport;
import io.streambert.trainer.data.SentenceDataset;
import io.streambert.trainer.data.SentenceExample;
import io.streambert.trainer.data.TaggedSentence;
import io.streambert.trainer.data.TaggingDataset;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ModelEvaluatorTest {

  /**
   * A rule-based stand-in for a served model: "good" means positive; every run of capitalised words
   * is a PER entity, except words ending in "land", which are LOC.
   */
  static final class RuleModel implements TextModel {
    final List<Integer> batchSizes = new ArrayList<>();

    @Override
    public String version() {
      return "rules-1";
    }

    @Override
    public BundleManifest manifest() {
      return new BundleManifest(
          1,
          "rules-1",
          "none",
          Map.of(
              "sentiment",
              new TaskSpec(
                  TaskKind.SENTENCE_CLASSIFICATION,
                  List.of("negative", "positive"),
                  "sentiment_logits"),
              "entities",
              new TaskSpec(
                  TaskKind.TOKEN_CLASSIFICATION,
                  List.of("O", "B-LOC", "I-LOC", "B-PER", "I-PER"),
                  "entity_logits")),
          128,
          32,
          true,
          BundleManifest.OnnxInputs.bert(),
          Map.of(),
          Map.of(),
          List.of(),
          Instant.EPOCH);
    }

    @Override
    public EncodedText encode(String text) throws InvalidTextException {
      if (text.isBlank()) {
        throw new InvalidTextException("blank");
      }
      TokenWindow window =
          new TokenWindow(
              new long[] {101, 102},
              new long[2],
              new int[2],
              new int[2],
              new int[] {-1, -1},
              0,
              0,
              2);
      return new EncodedText(text, List.of(window));
    }

    @Override
    public List<TextPrediction> predict(List<EncodedText> batch) {
      batchSizes.add(batch.size());
      List<TextPrediction> out = new ArrayList<>();
      for (EncodedText e : batch) {
        String label = e.text().contains("good") ? "positive" : "negative";
        List<EntitySpan> spans = new ArrayList<>();
        Matcher m = Pattern.compile("\\p{Lu}\\w*(?: \\p{Lu}\\w*)*").matcher(e.text());
        while (m.find()) {
          String type = m.group().endsWith("land") ? "LOC" : "PER";
          spans.add(new EntitySpan(m.group(), type, m.start(), m.end(), 0.9f));
        }
        out.add(
            new TextPrediction(Optional.of(new SentimentPrediction(label, 0.9f, Map.of())), spans));
      }
      return out;
    }

    @Override
    public void close() {}
  }

  private static final ReadReport REPORT = new ReadReport(Path.of("dev"), 1, List.of(), 0);

  @Test
  void shouldScoreSentencesThroughTheModelInBatches() {
    RuleModel model = new RuleModel();
    SentenceDataset dev =
        new SentenceDataset(
            List.of(
                new SentenceExample("a good film", "positive"),
                new SentenceExample("not good at all", "negative"),
                new SentenceExample("dull", "negative"),
                new SentenceExample("great", "positive"),
                new SentenceExample("awful", "negative")),
            List.of("negative", "positive"),
            REPORT);

    ClassificationResult r = new ModelEvaluator(model, 2).sentences(dev);

    // predicted: pos, pos, neg, neg, neg -> 3 of 5 right.
    // negative: tp 2, predicted 3, gold 3 -> F1 2/3; positive: tp 1, predicted 2, gold 2 -> 1/2.
    assertThat(r.task()).isEqualTo("sentiment");
    assertThat(r.accuracy()).isEqualTo(0.6);
    assertThat(r.macroF1()).isCloseTo((2.0 / 3 + 0.5) / 2, within(1e-12));
    assertThat(model.batchSizes).containsExactly(2, 2, 1);
  }

  @Test
  void shouldRefuseDataLabelsTheModelDoesNotKnow() {
    SentenceDataset dev =
        new SentenceDataset(
            List.of(new SentenceExample("a", "0"), new SentenceExample("b", "1")),
            List.of("0", "1"),
            REPORT);

    assertThatThrownBy(() -> new ModelEvaluator(new RuleModel(), 8).sentences(dev))
        .hasMessageContaining("expected the data's labels among the model's [negative, positive]")
        .hasMessageContaining("found [0, 1]");
  }

  @Test
  void shouldScoreEntitiesOnWordsFromPredictedSpans() {
    TaggingDataset dev =
        new TaggingDataset(
            List.of(
                new TaggedSentence(
                    List.of("Ada", "Lovelace", "met", "Charles", "in", "England"),
                    List.of("B-PER", "I-PER", "O", "B-PER", "O", "B-LOC")),
                new TaggedSentence(
                    List.of("The", "talk", "in", "Ireland"), List.of("O", "O", "O", "B-LOC"))),
            List.of("O", "B-LOC", "I-LOC", "B-PER", "I-PER"),
            REPORT);

    TaggingResult r = new ModelEvaluator(new RuleModel(), 8).entities(dev);

    // predicted: PER(Ada Lovelace), PER(Charles), LOC(England); PER(The) spurious, LOC(Ireland).
    assertThat(r.perType().get("PER")).isEqualTo(new Counts(2, 3, 2));
    assertThat(r.perType().get("LOC")).isEqualTo(new Counts(2, 2, 2));
    assertThat(r.overall()).isEqualTo(new Counts(4, 5, 4));
    assertThat(r.confusion().count(ConfusionTable.NONE, "PER")).isEqualTo(1);
  }

  @Test
  void shouldTagEveryWordASpanOverlaps() {
    List<String> tokens = List.of("in", "U.S.", "and", "New", "York", "today");
    // "in U.S. and New York today": U.S. at 3-7 (span trimmed to 3-6), New York at 12-20.
    List<EntitySpan> spans =
        List.of(
            new EntitySpan("U.S", "LOC", 3, 6, 1f), new EntitySpan("New York", "LOC", 12, 20, 1f));

    assertThat(ModelEvaluator.wordTags(tokens, spans))
        .containsExactly("O", "B-LOC", "O", "B-LOC", "I-LOC", "O");
  }
}
