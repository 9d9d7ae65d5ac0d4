package io.streambert.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambert.processor.deadletter.DeadLetterReason;
import io.streambert.schemas.avro.EntityResult;
import io.streambert.schemas.avro.SentimentResult;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmissionListenerTest {

  @TempDir Path stateDir;

  @Test
  void shouldTellTheListenerOfEachForwardedResultAndDeadLetter() {
    try (TopologyHarness h = new TopologyHarness(TopologyHarness.settings(2, 4096, 50), stateDir)) {
      // Given a good event and a value too short for the wire format
      h.send("k1", "e1", "Ada Lovelace lived in London");
      h.input.pipeInput("k2".getBytes(), new byte[] {0, 1});

      // When the batch leaves
      h.advance(100);

      // Then the listener heard of exactly what the topics received
      SentimentResult sentiment = h.sentiment.readValue();
      EntityResult entities = h.entities.readValue();
      assertThat(h.emissions.results())
          .containsExactly(
              new RecordingListener.Results("Ada Lovelace lived in London", sentiment, entities));
      assertThat(h.emissions.deadLetters()).containsExactly(DeadLetterReason.TOO_SHORT);
      assertThat(h.deadLetters.getQueueSize()).isEqualTo(1);
    }
  }
}
