package io.streambert.processor.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambert.schemas.avro.Entity;
import io.streambert.schemas.avro.EntityResult;
import io.streambert.schemas.avro.SentimentResult;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SampleSentenceTest {

  private static final String TEXT = "Angela Merkel praised the wonderful new museum in Berlin.";

  @Test
  void shouldLoadSamplesWhoseEntitiesAppearInTheirText() {
    List<SampleSentence> samples = SampleSentence.load();
    assertThat(samples).hasSizeGreaterThanOrEqualTo(6);
    for (SampleSentence s : samples) {
      assertThat(s.label()).isIn("positive", "negative");
      for (String entity : s.entities()) {
        assertThat(entity).matches("(PER|LOC|ORG|MISC):.+");
        assertThat(s.text()).contains(entity.substring(entity.indexOf(':') + 1));
      }
    }
  }

  @Test
  void shouldAcceptRightResultsAndNameEachWrongOne() {
    SampleSentence sample = SampleSentence.find(SampleSentence.load(), TEXT).orElseThrow();
    EntityResult right = entities(entity("Angela Merkel", "PER", 0), entity("Berlin", "LOC", 50));
    assertThat(sample.mismatch(sentiment("positive"), right)).isEmpty();

    EntityResult split =
        entities(
            entity("Angela", "PER", 0), entity("Merkel", "PER", 7), entity("Berlin", "LOC", 50));
    assertThat(sample.mismatch(sentiment("negative"), split))
        .hasValueSatisfying(
            m ->
                assertThat(m)
                    .contains("sentiment: expected positive, found negative")
                    .contains("found [PER:Angela, PER:Merkel, LOC:Berlin]"));
  }

  @Test
  void shouldMarkEachEntityWithItsTypeInThePlainTable() {
    ResultTable table = new ResultTable(System.out, false);
    EntityResult result = entities(entity("Angela Merkel", "PER", 0), entity("Berlin", "LOC", 50));
    assertThat(table.marked(TEXT, result))
        .isEqualTo("[Angela Merkel]PER praised the wonderful new museum in [Berlin]LOC.");
  }

  static SentimentResult sentiment(String label) {
    return SentimentResult.newBuilder()
        .setEventId("e")
        .setLabel(label)
        .setScore(0.9)
        .setProbabilities(java.util.Map.of(label, 0.9))
        .setModelVersion("1.0.0")
        .setEventTime(Instant.EPOCH)
        .setProcessedAt(Instant.EPOCH)
        .build();
  }

  static EntityResult entities(Entity... entities) {
    return EntityResult.newBuilder()
        .setEventId("e")
        .setEntities(List.of(entities))
        .setModelVersion("1.0.0")
        .setEventTime(Instant.EPOCH)
        .setProcessedAt(Instant.EPOCH)
        .build();
  }

  static Entity entity(String text, String type, int start) {
    return Entity.newBuilder()
        .setText(text)
        .setType(type)
        .setStart(start)
        .setEnd(start + text.length())
        .setScore(0.9)
        .build();
  }
}
