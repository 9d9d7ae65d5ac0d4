package io.streambert.processor.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambert.processor.deadletter.DeadLetterReason;
import io.streambert.schemas.avro.Entity;
import io.streambert.schemas.avro.EntityResult;
import io.streambert.schemas.avro.SentimentResult;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecentActivityTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-03T12:00:00Z"), ZoneOffset.UTC);

  static SentimentResult sentiment(String id, String label, double score) {
    return SentimentResult.newBuilder()
        .setEventId(id)
        .setLabel(label)
        .setScore(score)
        .setProbabilities(Map.of(label, score))
        .setModelVersion("v1")
        .setEventTime(Instant.EPOCH)
        .setProcessedAt(Instant.EPOCH)
        .build();
  }

  static EntityResult entities(String id, Entity... spans) {
    return EntityResult.newBuilder()
        .setEventId(id)
        .setEntities(List.of(spans))
        .setModelVersion("v1")
        .setEventTime(Instant.EPOCH)
        .setProcessedAt(Instant.EPOCH)
        .build();
  }

  static Entity entity(String text, String type, int start, int end) {
    return Entity.newBuilder()
        .setText(text)
        .setType(type)
        .setStart(start)
        .setEnd(end)
        .setScore(0.9)
        .build();
  }

  @Test
  void shouldKeepTheLatestRecordsNewestFirstWithTheirSentimentAndEntities() {
    // Given a ring of two
    RecentActivity activity = new RecentActivity(2, CLOCK);

    // When three records are emitted
    activity.resultsEmitted("first", sentiment("e1", "positive", 0.6), entities("e1"));
    activity.resultsEmitted("second", sentiment("e2", "negative", 0.7), entities("e2"));
    activity.resultsEmitted(
        "Ada Lovelace met <script>alert(1)</script> in London",
        sentiment("e3", "positive", 0.9),
        entities("e3", entity("Ada Lovelace", "PER", 0, 12), entity("London", "LOC", 44, 50)));

    // Then the newest two remain, the newest first, the text verbatim
    List<RecentActivity.Enriched> records = activity.records();
    assertThat(records).extracting(RecentActivity.Enriched::eventId).containsExactly("e3", "e2");
    RecentActivity.Enriched e3 = records.get(0);
    assertThat(e3.text()).isEqualTo("Ada Lovelace met <script>alert(1)</script> in London");
    assertThat(e3.sentiment()).isEqualTo("positive");
    assertThat(e3.score()).isEqualTo(0.9);
    assertThat(e3.modelVersion()).isEqualTo("v1");
    assertThat(e3.atMs()).isEqualTo(CLOCK.millis());
    assertThat(e3.entities())
        .containsExactly(
            new RecentActivity.Span(0, 12, "PER", 0.9),
            new RecentActivity.Span(44, 50, "LOC", 0.9));
  }

  @Test
  void shouldCutLongTextsAndDropTheEntitiesPastTheCut() {
    RecentActivity activity = new RecentActivity(5, CLOCK);
    String text = "Paris " + "x".repeat(RecentActivity.MAX_TEXT_CHARS) + " Rome";
    int rome = text.length() - 4;

    activity.resultsEmitted(
        text,
        null,
        entities("e1", entity("Paris", "LOC", 0, 5), entity("Rome", "LOC", rome, rome + 4)));

    RecentActivity.Enriched r = activity.records().get(0);
    assertThat(r.text()).hasSize(RecentActivity.MAX_TEXT_CHARS).startsWith("Paris ");
    assertThat(r.truncated()).isTrue();
    assertThat(r.entities()).containsExactly(new RecentActivity.Span(0, 5, "LOC", 0.9));
    // No sentiment task: no label, the id and version from the entity result.
    assertThat(r.sentiment()).isNull();
    assertThat(r.score()).isNull();
    assertThat(r.eventId()).isEqualTo("e1");
  }

  @Test
  void shouldKeepTheLatestDeadLettersWithTheirReasonAndCutError() {
    RecentActivity activity = new RecentActivity(2, CLOCK);

    activity.deadLettered(DeadLetterReason.EMPTY_TEXT, "blank");
    activity.deadLettered(DeadLetterReason.TOO_SHORT, "short");
    activity.deadLettered(DeadLetterReason.TEXT_TOO_LONG, "y".repeat(1000));

    assertThat(activity.deadLetters())
        .extracting(RecentActivity.DeadLetterNote::reason)
        .containsExactly("TEXT_TOO_LONG", "TOO_SHORT");
    assertThat(activity.deadLetters().get(0).error()).hasSize(RecentActivity.MAX_ERROR_CHARS);
  }

  @Test
  void shouldRefuseAnEmptyRing() {
    assertThatThrownBy(() -> new RecentActivity(0, CLOCK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("capacity must be at least 1, found 0");
  }
}
