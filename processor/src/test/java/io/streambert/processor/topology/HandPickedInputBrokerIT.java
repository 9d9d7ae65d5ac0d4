package io.streambert.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambert.model.testing.TestBundles;
import io.streambert.processor.config.ProcessorConfig;
import io.streambert.processor.it.ItFiles;
import io.streambert.processor.it.KafkaBroker;
import io.streambert.processor.it.KafkaClients;
import io.streambert.processor.it.PipelineOutputs;
import io.streambert.processor.it.PipelineTopics;
import io.streambert.processor.it.ProcessorProcess;
import io.streambert.processor.it.SharedBroker;
import io.streambert.processor.topology.BadInputCorpusIT.Input;
import io.streambert.schemas.avro.DeadLetter;
import io.streambert.schemas.avro.Entity;
import io.streambert.schemas.avro.EntityResult;
import io.streambert.schemas.avro.TextEvent;
import io.streambert.schemas.registry.RegistryConfig;
import io.streambert.schemas.registry.RestSchemaRegistryClient;
import io.streambert.schemas.registry.SchemaRegistryClient;
import io.streambert.schemas.registry.server.MiniSchemaRegistry;
import io.streambert.schemas.serde.AvroDeserializer;
import io.streambert.schemas.serde.AvroSerdeConfig;
import io.streambert.schemas.serde.AvroSerializer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hand-picked hostile inputs of {@link BadInputCorpusIT} through a real broker, the real schema
 * registry and the processor in a child JVM with the real MiniLM bundle: every record gets results
 * on both topics or exactly one dead letter with its reason, never both, never neither, nothing
 * twice, and the good record after them is processed.
 *
 * <p>The cases write their Avro with whatever registry they are given; here that is the real one,
 * so their schema ids are ids the processor can look up (the unknown one stays unknown).
 */
class HandPickedInputBrokerIT {

  private static final Logger LOG = LoggerFactory.getLogger(HandPickedInputBrokerIT.class);
  private static final String GOOD_TEXT = "Barack Obama visited Berlin on Tuesday.";
  private static final String GOOD_ID = "good-after-hand-picked";
  private static final Duration RESULTS = Duration.ofMinutes(3);

  private final KafkaBroker broker = SharedBroker.get();
  private MiniSchemaRegistry registry;
  private SchemaRegistryClient registryClient;
  private Path workDir;

  @BeforeEach
  void start() throws Exception {
    registry = new MiniSchemaRegistry().start();
    registryClient = new RestSchemaRegistryClient(RegistryConfig.of(registry.url()));
    workDir = Files.createTempDirectory("hand-picked-input-broker-it-");
  }

  @AfterEach
  void stop() {
    registry.close();
    ItFiles.deleteRecursively(workDir);
  }

  @Test
  void shouldRouteEveryHandPickedRecordExactlyOnceThroughARealBrokerAndGoOn() throws Exception {
    // One input partition, so that a record's offset is its place in the list.
    PipelineTopics topics = PipelineTopics.unique("hand-picked-it");
    broker.createTopic(
        topics.input(),
        1,
        // Far-future event times are the records' timestamps: let the input topic take them.
        Map.of("message.timestamp.after.max.ms", String.valueOf(Long.MAX_VALUE)));
    broker.createTopics(1, topics.sentiment(), topics.entities(), topics.deadLetter());
    Path log =
        Files.createDirectories(Path.of("target", "it-logs")).resolve(topics.input() + ".log");

    AvroSerializer<TextEvent> serializer =
        new AvroSerializer<>(registryClient, false, AvroSerdeConfig.defaults());
    AvroDeserializer<TextEvent> deserializer =
        new AvroDeserializer<>(TextEvent.class, registryClient);
    BadInputCorpusIT.EventWriter writer = e -> serializer.serialize(topics.input(), e);
    List<Input> all = new ArrayList<>(HostileInputs.handPicked());
    all.add(Input.text(GOOD_ID, "k", GOOD_TEXT, Instant.now()));
    List<byte[]> wires = new ArrayList<>();
    List<String> decodedIds = new ArrayList<>();
    List<String> decodedTexts = new ArrayList<>();
    for (Input in : all) {
      byte[] wire = in.wire(writer);
      wires.add(wire);
      TextEvent decoded = decode(deserializer, topics.input(), wire);
      decodedIds.add(decoded == null ? null : decoded.getId());
      decodedTexts.add(decoded == null ? null : decoded.getText());
    }
    assertThat(decodedIds.stream().filter(Objects::nonNull).toList())
        .as("event ids of the list")
        .doesNotHaveDuplicates()
        .contains(GOOD_ID);

    long started = System.nanoTime();
    try (PipelineOutputs outputs =
            new PipelineOutputs(broker.bootstrapServers(), topics, registryClient);
        ProcessorProcess child = ProcessorProcess.start(config(topics), log, List.of("-Xmx768m"));
        KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(broker.bootstrapServers())) {
      for (int i = 0; i < all.size(); i++) {
        Input in = all.get(i);
        long offset =
            producer
                .send(
                    new ProducerRecord<>(topics.input(), 0, in.timestamp(), in.key(), wires.get(i)))
                .get(30, TimeUnit.SECONDS)
                .offset();
        assertThat(offset).as("offset of record %d (%s)", i, in.describe()).isEqualTo(i);
      }

      // Done when every record has either both results or a dead letter; then a little longer, so
      // that a second outcome of any record would show.
      boolean routed =
          outputs.pollUntil(
              () -> {
                Map<Long, DeadLetter> letters = deadLettersByOffset(outputs);
                for (int i = 0; i < all.size(); i++) {
                  String id = decodedIds.get(i);
                  boolean results =
                      id != null
                          && outputs.sentimentCountsByEventId().containsKey(id)
                          && outputs.entityCountsByEventId().containsKey(id);
                  if (!results && !letters.containsKey((long) i)) {
                    return false;
                  }
                }
                return true;
              },
              RESULTS,
              Duration.ofSeconds(5));
      assertThat(routed)
          .as(
              "every record routed: %d sentiment, %d entity, %d dead letters; output:%n%s",
              outputs.sentiments().size(),
              outputs.entities().size(),
              outputs.deadLetters().size(),
              child.outputTail())
          .isTrue();
      assertThat(child.isAlive()).as("processor alive; output:%n%s", child.outputTail()).isTrue();
      child.stop(30);
      long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);

      Map<Long, Integer> letterCounts = new TreeMap<>();
      Map<Long, String> reasons = new HashMap<>();
      for (PipelineOutputs.Received<DeadLetter> r : outputs.deadLetters()) {
        assertThat(r.value().getSourceTopic()).isEqualTo(topics.input());
        letterCounts.merge(r.value().getOffset(), 1, Integer::sum);
        reasons.put(
            r.value().getOffset(), r.headers().get(PipelineOutputs.DEAD_LETTER_REASON_HEADER));
      }
      Map<String, EntityResult> entities = new HashMap<>();
      for (PipelineOutputs.Received<EntityResult> r : outputs.entities()) {
        entities.put(r.value().getEventId(), r.value());
      }
      for (int i = 0; i < all.size(); i++) {
        Input in = all.get(i);
        String id = decodedIds.get(i);
        String what = "record " + i + " (" + in.describe() + ")";
        int sentiments = id == null ? 0 : outputs.sentimentCountsByEventId().getOrDefault(id, 0);
        int entityResults = id == null ? 0 : outputs.entityCountsByEventId().getOrDefault(id, 0);
        int letters = letterCounts.getOrDefault((long) i, 0);
        assertThat(sentiments).as("%s: sentiment results", what).isLessThanOrEqualTo(1);
        assertThat(entityResults)
            .as("%s: an entity result exactly when a sentiment result", what)
            .isEqualTo(sentiments);
        assertThat(letters).as("%s: dead letters", what).isLessThanOrEqualTo(1);
        assertThat(sentiments + letters)
            .as("%s: results or a dead letter, exactly one", what)
            .isEqualTo(1);
        if (letters == 1) {
          assertThat(reasons.get((long) i)).as("%s: reason header", what).isNotBlank();
          String reason = reasons.get((long) i);
          in.expectedReason()
              .ifPresent(
                  expected -> assertThat(reason).as("%s: reason", what).isEqualTo(expected.name()));
        } else {
          assertThat(in.expectedReason()).as("%s: expected a dead letter", what).isEmpty();
          String original = decodedTexts.get(i);
          for (Entity e : entities.get(id).getEntities()) {
            assertThat(original.substring(e.getStart(), e.getEnd()))
                .as("%s: entity offsets index the original text", what)
                .isEqualTo(e.getText());
          }
        }
      }
      assertThat(outputs.sentimentCountsByEventId())
          .as("the good record after the list")
          .containsKey(GOOD_ID);
      assertThat(decodedIds)
          .as("every result belongs to an input")
          .containsAll(outputs.sentimentCountsByEventId().keySet())
          .containsAll(outputs.entityCountsByEventId().keySet());
      assertThat(letterCounts.keySet())
          .as("every dead letter belongs to an input")
          .allMatch(offset -> offset >= 0 && offset < all.size());
      Map<String, Long> byReason = new TreeMap<>();
      reasons.values().forEach(r -> byReason.merge(r, 1L, Long::sum));
      LOG.info(
          "hand-picked list through a real broker: {} records, {} sentiment and {} entity results,"
              + " {} dead-lettered {}, {} s",
          all.size(),
          outputs.sentiments().size(),
          outputs.entities().size(),
          outputs.deadLetters().size(),
          byReason,
          seconds);
    }
  }

  private static Map<Long, DeadLetter> deadLettersByOffset(PipelineOutputs outputs) {
    Map<Long, DeadLetter> byOffset = new HashMap<>();
    for (PipelineOutputs.Received<DeadLetter> r : outputs.deadLetters()) {
      byOffset.put(r.value().getOffset(), r.value());
    }
    return byOffset;
  }

  /** The event the processor decodes from {@code wire}, or null when it does not decode. */
  private static TextEvent decode(
      AvroDeserializer<TextEvent> deserializer, String topic, byte[] wire) {
    try {
      return deserializer.deserialize(topic, wire);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private Map<String, String> config(PipelineTopics topics) {
    Map<String, String> c = new HashMap<>();
    c.put(ProcessorConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
    c.put(ProcessorConfig.APPLICATION_ID, "hand-picked-it-" + topics.input());
    topics.putInto(c);
    c.put(ProcessorConfig.SCHEMA_REGISTRY_URL, registry.url());
    c.put(
        ProcessorConfig.MODEL_BUNDLE_PATH,
        TestBundles.miniLmBothTasks().directory().toAbsolutePath().toString());
    c.put(ProcessorConfig.STATE_DIR, workDir.resolve("state").toString());
    c.put(ProcessorConfig.TEXT_MAX_BYTES, String.valueOf(BadInputCorpusIT.TEXT_MAX_BYTES));
    c.put(ProcessorConfig.BATCH_MAX_RECORDS, "4");
    c.put(ProcessorConfig.BATCH_MAX_WAIT_MS, "50");
    c.put(ProcessorConfig.HTTP_PORT, "-1");
    return c;
  }
}
