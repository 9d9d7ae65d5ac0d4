package io.streambert.processor.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streambert.processor.deadletter.DeadLetterReason;
import io.streambert.processor.metrics.ProcessorMetrics;
import io.streambert.schemas.avro.ModelStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.junit.jupiter.api.Test;

class StatusSnapshotTest {

  @Test
  void shouldWriteTheFieldsThePageReadsWithTheTextVerbatim() throws Exception {
    // Given a service (not started: no consumer is created) with one record and one dead letter
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ProcessorMetrics metrics = new ProcessorMetrics(registry, 8, 512);
    metrics.recordIn();
    metrics.recordIn();
    metrics.deadLettered(DeadLetterReason.EMPTY_TEXT);
    Clock clock = Clock.fixed(Instant.parse("2026-12-03T12:00:00Z"), ZoneOffset.UTC);
    try (StatusService service =
        new StatusService(
            "instance-a",
            registry,
            () -> Optional.of("minilm-v1"),
            StatusSnapshotTest::unusedConsumer,
            "status",
            clock)) {
      service
          .activity()
          .resultsEmitted(
              "<script>alert(1)</script> in Paris",
              RecentActivityTest.sentiment("e1", "negative", 0.75),
              RecentActivityTest.entities("e1", RecentActivityTest.entity("Paris", "LOC", 29, 34)));
      service.activity().deadLettered(DeadLetterReason.EMPTY_TEXT, "blank text");

      // When written as JSON
      JsonNode json = new ObjectMapper().readTree(service.snapshot().toJson());

      // Then
      assertThat(json.get("instanceId").asText()).isEqualTo("instance-a");
      assertThat(json.get("servingVersion").asText()).isEqualTo("minilm-v1");
      assertThat(json.get("atMs").asLong()).isEqualTo(clock.millis());
      assertThat(json.get("sampleSeconds").asDouble()).isEqualTo(1.0);
      assertThat(json.get("instances").isArray()).isTrue();
      assertThat(json.get("samples").isArray()).isTrue();
      JsonNode totals = json.get("totals");
      assertThat(totals.get("recordsIn").asDouble()).isEqualTo(2.0);
      assertThat(totals.get("recordsOut").get("sentiment").asDouble()).isZero();
      assertThat(totals.get("deadLettered").get("EMPTY_TEXT").asDouble()).isEqualTo(1.0);
      JsonNode record = json.get("records").get(0);
      assertThat(record.get("text").asText()).isEqualTo("<script>alert(1)</script> in Paris");
      assertThat(record.get("sentiment").asText()).isEqualTo("negative");
      assertThat(record.get("score").asDouble()).isEqualTo(0.75);
      assertThat(record.get("entities").get(0).get("type").asText()).isEqualTo("LOC");
      assertThat(record.get("entities").get(0).get("start").asInt()).isEqualTo(29);
      assertThat(json.get("deadLetters").get(0).get("reason").asText()).isEqualTo("EMPTY_TEXT");
    }
  }

  private static Consumer<String, ModelStatus> unusedConsumer() {
    throw new AssertionError("expected no status consumer before start, found a request for one");
  }
}
