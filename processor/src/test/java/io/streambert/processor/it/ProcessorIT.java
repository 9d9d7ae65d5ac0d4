package io.streambert.processor.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambert.model.OnnxTextModel;
import io.streambert.model.bundle.ModelBundle;
import io.streambert.model.encoding.InvalidTextException;
import io.streambert.model.inference.EngineConfig;
import io.streambert.model.testing.TestBundles;
import io.streambert.processor.StreambertApp;
import io.streambert.processor.config.ProcessorConfig;
import io.streambert.processor.it.PipelineOutputs.Received;
import io.streambert.schemas.avro.DeadLetter;
import io.streambert.schemas.avro.Entity;
import io.streambert.schemas.avro.EntityResult;
import io.streambert.schemas.avro.SentimentResult;
import io.streambert.schemas.avro.TextEvent;
import io.streambert.schemas.registry.RegistryConfig;
import io.streambert.schemas.registry.RestSchemaRegistryClient;
import io.streambert.schemas.registry.SchemaRegistryClient;
import io.streambert.schemas.registry.server.MiniSchemaRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The processor end to end on a real broker with the real MiniLM bundle and a real schema registry:
 * a few hundred real sentences plus malformed records go in once; each test checks one property of
 * what came out.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProcessorIT {

  private static final int SENTENCES = 300;
  private static final int KEYS = 23;
  private static final int TEXT_MAX_BYTES = 4_000;
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);

  /** A produced valid event and where it landed. */
  private record Sent(String key, TextEvent event, RecordMetadata metadata) {}

  /** A produced malformed record, the reason it must be dead-lettered for, and where it landed. */
  private record Bad(String reason, byte[] value, RecordMetadata metadata) {}

  private final KafkaBroker broker = SharedBroker.get();
  private final PipelineTopics topics = PipelineTopics.unique("processor-it");
  private final Map<String, Sent> sent = new LinkedHashMap<>();
  private final List<Bad> bad = new ArrayList<>();
  private MiniSchemaRegistry registry;
  private SchemaRegistryClient registryClient;
  private OnnxTextModel model;
  private Path stateDir;
  private PipelineOutputs outputs;

  @BeforeAll
  void runPipelineOnce() throws Exception {
    registry = new MiniSchemaRegistry().start();
    registryClient = new RestSchemaRegistryClient(RegistryConfig.of(registry.url()));
    ModelBundle bundle = TestBundles.miniLmBothTasks();
    model = OnnxTextModel.load(bundle, EngineConfig.defaults());
    topics.create(broker, 3);
    stateDir = Files.createTempDirectory("processor-it-state-");

    try (StreambertApp app = StreambertApp.create(config(bundle), model)) {
      app.start();
      produceValidAndMalformedRecords();
      outputs = new PipelineOutputs(broker.bootstrapServers(), topics, registryClient);
      boolean complete =
          outputs.pollUntil(
              () ->
                  outputs.sentimentCountsByEventId().size() >= sent.size()
                      && outputs.entityCountsByEventId().size() >= sent.size()
                      && outputs.deadLetters().size() >= bad.size(),
              RUN_TIMEOUT,
              Duration.ofSeconds(2));
      assertThat(complete)
          .as(
              "all outputs within %s: %d/%d sentiment, %d/%d entity results, %d/%d dead letters",
              RUN_TIMEOUT,
              outputs.sentimentCountsByEventId().size(),
              sent.size(),
              outputs.entityCountsByEventId().size(),
              sent.size(),
              outputs.deadLetters().size(),
              bad.size())
          .isTrue();
    }
  }

  @AfterAll
  void closeEverything() {
    if (outputs != null) {
      outputs.close();
    }
    if (model != null) {
      model.close();
    }
    if (registry != null) {
      registry.close();
    }
    if (stateDir != null) {
      ItFiles.deleteRecursively(stateDir);
    }
  }

  @Test
  void shouldEmitExactlyOneSentimentAndOneEntityResultPerValidEvent() {
    Map<String, Integer> expected =
        sent.keySet().stream().collect(Collectors.toMap(id -> id, id -> 1));

    assertThat(outputs.sentimentCountsByEventId()).isEqualTo(expected);
    assertThat(outputs.entityCountsByEventId()).isEqualTo(expected);
  }

  @Test
  void shouldIndexEntityOffsetsIntoTheOriginalText() {
    int spans = 0;
    for (Received<EntityResult> r : outputs.entities()) {
      String text = sent.get(r.value().getEventId()).event().getText();
      for (Entity e : r.value().getEntities()) {
        assertThat(e.getStart()).isBetween(0, e.getEnd() - 1);
        assertThat(e.getEnd()).isLessThanOrEqualTo(text.length());
        assertThat(text.substring(e.getStart(), e.getEnd()))
            .as("entity %s of event %s", e, r.value().getEventId())
            .isEqualTo(e.getText());
        assertThat(e.getType()).isIn("PER", "ORG", "LOC", "MISC");
        assertThat(e.getScore()).isBetween(0.0, 1.0);
        spans++;
      }
    }
    // The seeded test heads are untrained, so they tag many words: there must be spans to check.
    assertThat(spans).isPositive();
  }

  @Test
  void shouldStampTheModelVersionInHeaderAndField() {
    String version = model.version();
    assertThat(outputs.sentiments())
        .allSatisfy(
            r -> {
              assertThat(r.value().getModelVersion()).isEqualTo(version);
              assertThat(r.headers()).containsEntry(PipelineOutputs.MODEL_VERSION_HEADER, version);
            });
    assertThat(outputs.entities())
        .allSatisfy(
            r -> {
              assertThat(r.value().getModelVersion()).isEqualTo(version);
              assertThat(r.headers()).containsEntry(PipelineOutputs.MODEL_VERSION_HEADER, version);
            });
  }

  @Test
  void shouldKeepTheInputKeyAndEventTimeOnResults() {
    for (Received<SentimentResult> r : outputs.sentiments()) {
      Sent in = sent.get(r.value().getEventId());
      assertThat(r.key()).isEqualTo(in.key());
      assertThat(r.value().getEventTime()).isEqualTo(in.event().getEventTime());
      assertThat(r.timestamp()).isEqualTo(in.event().getEventTime().toEpochMilli());
    }
    for (Received<EntityResult> r : outputs.entities()) {
      Sent in = sent.get(r.value().getEventId());
      assertThat(r.key()).isEqualTo(in.key());
      assertThat(r.value().getEventTime()).isEqualTo(in.event().getEventTime());
    }
  }

  @Test
  void shouldReportAProbabilityForEveryBundleLabel() {
    List<String> labels = model.manifest().tasks().get("sentiment").labels();
    assertThat(outputs.sentiments())
        .allSatisfy(
            r -> {
              SentimentResult s = r.value();
              assertThat(s.getProbabilities()).containsOnlyKeys(labels);
              assertThat(s.getProbabilities().values().stream().mapToDouble(d -> d).sum())
                  .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
              assertThat(s.getScore()).isEqualTo(s.getProbabilities().get(s.getLabel()));
            });
  }

  @Test
  void shouldPreserveInputOrderPerKey() {
    assertThat(outputs.sentimentIdsPerKey()).isEqualTo(producedSequencesPerKey());
    assertThat(outputs.entityIdsPerKey()).isEqualTo(producedSequencesPerKey());
  }

  @Test
  void shouldProcessTextLongerThanTheModelMaxLengthThroughWindows() {
    List<String> longIds =
        sent.values().stream()
            .filter(s -> windows(s.event().getText()) > 1)
            .map(s -> s.event().getId())
            .toList();

    assertThat(longIds).isNotEmpty();
    assertThat(outputs.entityCountsByEventId()).containsKeys(longIds.toArray(String[]::new));
    assertThat(outputs.sentimentCountsByEventId()).containsKeys(longIds.toArray(String[]::new));
  }

  @Test
  void shouldDeadLetterEachMalformedRecordWithItsReasonAndOriginalBytes() {
    assertThat(outputs.deadLetters()).hasSize(bad.size());
    for (Bad b : bad) {
      Received<DeadLetter> letter =
          outputs.deadLetters().stream()
              .filter(
                  r ->
                      r.value().getPartition() == b.metadata().partition()
                          && r.value().getOffset() == b.metadata().offset())
              .findFirst()
              .orElseThrow(() -> new AssertionError("no dead letter for " + b.reason()));
      DeadLetter d = letter.value();
      assertThat(d.getSourceTopic()).isEqualTo(topics.input());
      assertThat(letter.headers())
          .as("reason of %s", b.reason())
          .containsEntry(PipelineOutputs.DEAD_LETTER_REASON_HEADER, b.reason());
      assertThat(bytes(d.getOriginalValue())).as("original bytes").isEqualTo(b.value());
      assertThat(d.getErrorClass()).isNotBlank();
      assertThat(d.getMessage()).isNotBlank();
    }
  }

  @Test
  void shouldEmitNoResultForMalformedRecords() {
    Set<String> resultIds = outputs.sentimentCountsByEventId().keySet();
    // Results only for the valid events, and for every one of them: an empty output passes no
    // check.
    assertThat(resultIds).allMatch(sent::containsKey).containsAll(sent.keySet());
    assertThat(outputs.entityCountsByEventId().keySet())
        .allMatch(sent::containsKey)
        .containsAll(sent.keySet());
    assertThat(bad).isNotEmpty();
  }

  private ProcessorConfig config(ModelBundle bundle) {
    Map<String, Object> c = new HashMap<>();
    c.put(ProcessorConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
    c.put(ProcessorConfig.APPLICATION_ID, "processor-it-" + topics.input());
    topics.putInto(c);
    c.put(ProcessorConfig.SCHEMA_REGISTRY_URL, registry.url());
    c.put(ProcessorConfig.MODEL_BUNDLE_PATH, bundle.directory().toString());
    c.put(ProcessorConfig.PROCESSING_GUARANTEE, "exactly_once_v2");
    c.put(ProcessorConfig.NUM_STREAM_THREADS, "2");
    c.put(ProcessorConfig.STATE_DIR, stateDir.toString());
    c.put(ProcessorConfig.BATCH_MAX_RECORDS, "16");
    c.put(ProcessorConfig.BATCH_MAX_WAIT_MS, "100");
    c.put(ProcessorConfig.TEXT_MAX_BYTES, String.valueOf(TEXT_MAX_BYTES));
    c.put(ProcessorConfig.HTTP_PORT, "-1");
    return ProcessorConfig.of(c);
  }

  private void produceValidAndMalformedRecords() throws Exception {
    List<String> texts = new ArrayList<>(SampleTexts.take(SENTENCES));
    texts.add(longText(2_500));
    texts.add(longText(3_500));
    Instant base = Instant.parse("2026-01-01T00:00:00Z");
    try (TextEventProducer producer =
        new TextEventProducer(broker.bootstrapServers(), topics.input(), registryClient)) {
      List<Future<RecordMetadata>> acks = new ArrayList<>();
      List<Sent> pending = new ArrayList<>();
      for (int i = 0; i < texts.size(); i++) {
        String key = "user-" + (i % KEYS);
        TextEvent event =
            TextEventProducer.event(
                String.format("evt-%05d", i), texts.get(i), base.plusMillis(i * 10L));
        acks.add(producer.send(key, event));
        pending.add(new Sent(key, event, null));
      }
      for (int i = 0; i < pending.size(); i++) {
        Sent s = pending.get(i);
        sent.put(s.event().getId(), new Sent(s.key(), s.event(), acks.get(i).get()));
      }

      byte[] valid = producer.serialize(TextEventProducer.event("bad-ref", "fine text", base));
      byte[] badMagic = valid.clone();
      badMagic[0] = 1;
      sendBad(producer, "BAD_MAGIC_BYTE", badMagic);
      byte[] unknownId = valid.clone();
      ByteBuffer.wrap(unknownId).putInt(1, 987_654);
      sendBad(producer, "UNKNOWN_SCHEMA_ID", unknownId);
      sendBad(producer, "CORRUPT_PAYLOAD", Arrays.copyOf(valid, 7));
      sendBad(producer, "TOO_SHORT", new byte[] {0, 1});
      sendBad(
          producer,
          "EMPTY_TEXT",
          producer.serialize(TextEventProducer.event("bad-blank", " \t  \n", base)));
      sendBad(
          producer,
          "TEXT_TOO_LONG",
          producer.serialize(
              TextEventProducer.event("bad-long", longText(TEXT_MAX_BYTES + 500), base)));
    }
  }

  private void sendBad(TextEventProducer producer, String reason, byte[] value) {
    bad.add(new Bad(reason, value, producer.sendRaw("bad-" + reason, value)));
  }

  /** Real sentences joined until the text has at least {@code minBytes} UTF-8 bytes. */
  private static String longText(int minBytes) {
    StringBuilder text = new StringBuilder();
    for (String sentence : SampleTexts.take(400)) {
      if (text.toString().getBytes(StandardCharsets.UTF_8).length >= minBytes) {
        break;
      }
      text.append(text.length() == 0 ? "" : " ").append(sentence);
    }
    return text.toString();
  }

  private Map<String, List<String>> producedSequencesPerKey() {
    Map<String, List<String>> perKey = new LinkedHashMap<>();
    sent.values().stream()
        .sorted(
            (a, b) ->
                a.metadata().partition() != b.metadata().partition()
                    ? Integer.compare(a.metadata().partition(), b.metadata().partition())
                    : Long.compare(a.metadata().offset(), b.metadata().offset()))
        .forEach(
            s -> perKey.computeIfAbsent(s.key(), k -> new ArrayList<>()).add(s.event().getId()));
    return perKey;
  }

  private int windows(String text) {
    try {
      return model.encode(text).windows().size();
    } catch (InvalidTextException e) {
      throw new AssertionError("expected a valid text, found: " + text, e);
    }
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer b = buffer.duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }
}
