package io.streambert.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambert.model.OnnxTextModel;
import io.streambert.model.inference.EngineConfig;
import io.streambert.model.inference.ExecutionProvider;
import io.streambert.model.testing.TestBundles;
import io.streambert.processor.config.BatchSettings;
import io.streambert.processor.config.InputLimits;
import io.streambert.processor.deadletter.DeadLetterReason;
import io.streambert.processor.it.TextEventProducer;
import io.streambert.schemas.avro.DeadLetter;
import io.streambert.schemas.avro.Entity;
import io.streambert.schemas.avro.EntityResult;
import io.streambert.schemas.avro.SentimentResult;
import io.streambert.schemas.avro.TextEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hostile input through the real topology and the real MiniLM bundle: every record lands in the
 * outputs or in the dead-letter topic with a reason, never both and never neither, and the good
 * record after them is processed.
 */
class BadInputCorpusIT {

  /** The text limit of these runs: small, so that "exactly the limit" and "one more" are cheap. */
  static final int TEXT_MAX_BYTES = 2_000;

  private static final Logger log = LoggerFactory.getLogger(BadInputCorpusIT.class);
  private static final String GOOD_TEXT = "Barack Obama visited Berlin on Tuesday.";
  private static OnnxTextModel model;

  // jqwik runs the property and JUnit Jupiter the example, each with its own lifecycle: both
  // share one lazily loaded model, and each engine closes it when done with the class.
  private static synchronized OnnxTextModel model() {
    if (model == null) {
      model =
          OnnxTextModel.load(
              TestBundles.miniLmBothTasks(),
              EngineConfig.builder().provider(ExecutionProvider.CPU).build());
    }
    return model;
  }

  @AfterAll
  @AfterContainer
  static synchronized void closeModel() {
    if (model != null) {
      model.close();
      model = null;
    }
  }

  @Property(tries = 25)
  void shouldRouteEveryGeneratedRecordExactlyOnceAndGoOn(@ForAll("corpora") List<Input> corpus) {
    check(corpus);
  }

  @Test
  void shouldRouteEveryHandPickedRecordExactlyOnceAndGoOn() {
    check(HostileInputs.handPicked());
  }

  private static void check(List<Input> corpus) {
    try (Run run = new Run()) {
      List<Input> all = new ArrayList<>(corpus);
      all.add(Input.text("good", "k", GOOD_TEXT, Instant.now()));
      for (Input in : all) {
        run.harness.input.pipeInput(
            new TestRecord<>(in.key(), in.wire(run), new RecordHeaders(), in.timestamp()));
      }
      run.harness.driver.advanceWallClockTime(Duration.ofMillis(200));

      Outcome outcome = run.read();
      for (int offset = 0; offset < all.size(); offset++) {
        Input in = all.get(offset);
        String id = run.decodedId(in);
        boolean hasSentiment = id != null && outcome.sentiment.containsKey(id);
        boolean hasEntities = id != null && outcome.entities.containsKey(id);
        DeadLetter letter = outcome.deadLetters.get((long) offset);
        String what = "record " + offset + " (" + in.describe() + ")";

        assertThat(hasSentiment)
            .as("%s: a sentiment result exactly when it has an entity result", what)
            .isEqualTo(hasEntities);
        assertThat(hasSentiment ^ (letter != null))
            .as("%s: results (%s) or a dead letter (%s), exactly one", what, hasSentiment, letter)
            .isTrue();
        if (letter != null) {
          assertThat(outcome.reasons.get((long) offset)).as("%s: reason header", what).isNotBlank();
          assertThat(letter.getMessage()).startsWith(outcome.reasons.get((long) offset) + ": ");
        } else {
          String original = run.decodedText(in);
          for (Entity e : outcome.entities.get(id).getEntities()) {
            assertThat(original.substring(e.getStart(), e.getEnd()))
                .as("%s: entity offsets index the original text", what)
                .isEqualTo(e.getText());
          }
        }
        long at = offset;
        in.expectedReason()
            .ifPresent(
                reason ->
                    assertThat(outcome.reasons.get(at))
                        .as("%s: reason", what)
                        .isEqualTo(reason.name()));
      }
      assertThat(outcome.sentiment).as("the good record after the corpus").containsKey("good");
      List<String> ids = all.stream().map(run::decodedId).filter(Objects::nonNull).toList();
      assertThat(ids).as("event ids of one corpus").doesNotHaveDuplicates();
      assertThat(ids)
          .as("every result belongs to an input")
          .containsAll(outcome.sentiment.keySet());
      assertThat(ids).as("every result belongs to an input").containsAll(outcome.entities.keySet());
      assertThat(outcome.deadLetters.keySet())
          .as("every dead letter belongs to an input")
          .allMatch(offset -> offset >= 0 && offset < all.size());
      assertThat(outcome.duplicates).as("records emitted twice").isEmpty();
      log.info(
          "bad-input corpus: {} records, {} with results on both topics, {} dead-lettered",
          all.size(),
          outcome.sentiment.size(),
          outcome.deadLetters.size());
    }
  }

  @Provide
  Arbitrary<List<Input>> corpora() {
    return HostileInputs.input()
        .list()
        .ofMinSize(1)
        .ofMaxSize(8)
        .map(
            makers -> {
              List<Input> inputs = new ArrayList<>();
              for (int i = 0; i < makers.size(); i++) {
                inputs.add(makers.get(i).apply("g" + i));
              }
              return inputs;
            });
  }

  /** What the outputs hold after a run, keyed by event id or, for dead letters, source offset. */
  private static final class Outcome {
    final Map<String, SentimentResult> sentiment = new HashMap<>();
    final Map<String, EntityResult> entities = new HashMap<>();
    final Map<Long, DeadLetter> deadLetters = new HashMap<>();
    final Map<Long, String> reasons = new HashMap<>();
    final List<String> duplicates = new ArrayList<>();
  }

  /**
   * Writes text events in the wire format, registering their schema in some registry: the
   * TopologyTestDriver's in-memory one here, a real one in {@code HandPickedInputBrokerIT}.
   */
  interface EventWriter {
    byte[] serialize(TextEvent e);
  }

  /** One TopologyTestDriver over the real topology and the shared real model. */
  static final class Run implements EventWriter, AutoCloseable {
    final Path stateDir;
    final TopologyHarness harness;

    Run() {
      try {
        stateDir = Files.createTempDirectory("bad-input-corpus");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      harness =
          TopologyHarness.serving(
              model(),
              new BatchSettings(4, 4096, Duration.ofMillis(50), BatchSettings.StoreKind.IN_MEMORY),
              new InputLimits(TEXT_MAX_BYTES),
              stateDir);
    }

    @Override
    public byte[] serialize(TextEvent e) {
      return harness.topics.textEvents().serializer().serialize("text-in", e);
    }

    /** The id of {@code in}'s event as the processor decodes it; null when it does not decode. */
    String decodedId(Input in) {
      try {
        TextEvent e =
            harness.topics.textEvents().deserializer().deserialize("text-in", in.wire(this));
        return e == null ? null : e.getId();
      } catch (RuntimeException e) {
        return null;
      }
    }

    /** The text the processor received for {@code in}: what Avro gives back. */
    String decodedText(Input in) {
      return harness
          .topics
          .textEvents()
          .deserializer()
          .deserialize("text-in", in.wire(this))
          .getText();
    }

    Outcome read() {
      Outcome o = new Outcome();
      for (SentimentResult r : harness.sentiment.readValuesToList()) {
        if (o.sentiment.put(r.getEventId(), r) != null) {
          o.duplicates.add("sentiment " + r.getEventId());
        }
      }
      for (EntityResult r : harness.entities.readValuesToList()) {
        if (o.entities.put(r.getEventId(), r) != null) {
          o.duplicates.add("entities " + r.getEventId());
        }
      }
      for (TestRecord<byte[], DeadLetter> r : harness.deadLetters.readRecordsToList()) {
        long offset = r.value().getOffset();
        if (o.deadLetters.put(offset, r.value()) != null) {
          o.duplicates.add("dead letter of offset " + offset);
        }
        var header = r.headers().lastHeader(StreambertHeaders.DEAD_LETTER_REASON);
        o.reasons.put(
            offset, header == null ? null : new String(header.value(), StandardCharsets.UTF_8));
      }
      return o;
    }

    @Override
    public void close() {
      harness.close();
      try (Stream<Path> files = Files.walk(stateDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * One input record: its key, its value (a TextEvent, or bytes written otherwise), and, where the
   * input class fixes it, the dead-letter reason it must get.
   */
  record Input(
      String name,
      byte[] key,
      TextEvent event,
      Function<EventWriter, byte[]> raw,
      Optional<DeadLetterReason> expectedReason) {

    static Input text(String id, String key, String text, Instant eventTime) {
      return new Input(
          "text of " + text.length() + " chars",
          key == null ? null : key.getBytes(StandardCharsets.UTF_8),
          TextEventProducer.event(id, text, eventTime),
          null,
          Optional.empty());
    }

    static Input raw(String name, String key, Function<EventWriter, byte[]> raw) {
      return new Input(
          name,
          key == null ? null : key.getBytes(StandardCharsets.UTF_8),
          null,
          raw,
          Optional.empty());
    }

    Input named(String newName) {
      return new Input(newName, key, event, raw, expectedReason);
    }

    Input expecting(DeadLetterReason reason) {
      return new Input(name, key, event, raw, Optional.of(reason));
    }

    String eventId() {
      return event == null ? null : event.getId();
    }

    byte[] wire(EventWriter writer) {
      return event != null ? writer.serialize(event) : raw.apply(writer);
    }

    /** The record timestamp: the event time where Kafka can carry it. */
    long timestamp() {
      if (event == null) {
        return System.currentTimeMillis();
      }
      return Math.max(0, event.getEventTime().toEpochMilli());
    }

    String describe() {
      return name;
    }
  }
}
