package io.streambert.processor.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambert.model.testing.TestBundles;
import io.streambert.processor.config.ProcessorConfig;
import io.streambert.schemas.avro.TextEvent;
import io.streambert.schemas.registry.RegistryConfig;
import io.streambert.schemas.registry.RestSchemaRegistryClient;
import io.streambert.schemas.registry.SchemaRegistryClient;
import io.streambert.schemas.registry.server.MiniSchemaRegistry;
import io.streambert.schemas.serde.ConfluentWireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the schema registry before the processor starts and again mid-run, while the input needs a
 * schema the processor has not fetched yet, and, in a run of its own, after the input schema is
 * known but before the first result's schema is registered: {@code /ready} says the registry is
 * unreachable for as long as it is down, no good record is dead-lettered, and once the registry is
 * back every input has exactly one sentiment and one entity result.
 */
class RegistryOutageIT {

  private static final Logger LOG = LoggerFactory.getLogger(RegistryOutageIT.class);
  private static final int RECORDS_PER_PHASE = 40;
  private static final String REGISTRY_DOWN = "schema registry unreachable";

  private final KafkaBroker broker = SharedBroker.get();
  private MiniSchemaRegistry registry;
  private String registryUrl;
  private SchemaRegistryClient registryClient;
  private Path workDir;

  @BeforeEach
  void startRegistry() throws Exception {
    registry = new MiniSchemaRegistry(KafkaBroker.freePort()).start();
    registryUrl = registry.url();
    registryClient = new RestSchemaRegistryClient(RegistryConfig.of(registryUrl));
    workDir = Files.createTempDirectory("registry-outage-it-");
  }

  @AfterEach
  void stopRegistry() {
    registry.close();
    ItFiles.deleteRecursively(workDir);
  }

  @Test
  void shouldWaitOutRegistryOutagesAtStartAndMidRunWithoutDeadLetteringAnyRecord()
      throws Exception {
    PipelineTopics topics = PipelineTopics.unique("registry-outage-it").create(broker, 2);
    // A newer compatible writer schema, registered now and first used while the registry is down.
    Schema v2 = withChannelField(TextEvent.getClassSchema());
    int v2Id = registryClient.register(topics.input() + "-value", v2);
    int httpPort = KafkaBroker.freePort();
    Path log =
        Files.createDirectories(Path.of("target", "it-logs")).resolve(topics.input() + ".log");
    List<String> ids = new ArrayList<>();

    try (TextEventProducer producer =
            new TextEventProducer(broker.bootstrapServers(), topics.input(), registryClient);
        PipelineOutputs outputs =
            new PipelineOutputs(broker.bootstrapServers(), topics, registryClient)) {
      List<String> texts = SampleTexts.take(2 * RECORDS_PER_PHASE);
      Instant base = Instant.now();
      for (int i = 0; i < RECORDS_PER_PHASE; i++) {
        String id = String.format("start-%03d", i);
        ids.add(id);
        producer.send("key-" + i % 7, TextEventProducer.event(id, texts.get(i), base));
      }
      producer.flush();

      // Outage at start: the processor comes up without a registry.
      registry.close();
      try (ProcessorProcess child =
          ProcessorProcess.start(config(topics, httpPort), log, List.of("-Xmx768m"))) {
        awaitRegistryDownWhileItIsDown(child, httpPort, "at start");
        registry.start();
        OutageChecks.awaitResults(outputs, child, ids, Duration.ofMinutes(2));
        OutageChecks.awaitReady(child, httpPort, "200 OK");
        LOG.info("outage at start survived: {} results", outputs.sentimentCountsByEventId().size());

        // Outage mid-run: records written with a schema id the processor has not fetched.
        registry.close();
        for (int i = RECORDS_PER_PHASE; i < 2 * RECORDS_PER_PHASE; i++) {
          String id = String.format("mid-%03d", i);
          ids.add(id);
          producer.sendRaw("key-" + i % 7, v2Value(v2, v2Id, id, texts.get(i), base));
        }
        awaitRegistryDownWhileItIsDown(child, httpPort, "mid-run");
        registry.start();
        OutageChecks.awaitResults(outputs, child, ids, Duration.ofMinutes(2));
        OutageChecks.awaitReady(child, httpPort, "200 OK");
        outputs.pollUntil(() -> false, Duration.ZERO, Duration.ofSeconds(3));
        child.stop(30);
      }

      Map<String, Integer> once = ids.stream().collect(Collectors.toMap(id -> id, id -> 1));
      assertThat(outputs.deadLetters()).isEmpty();
      assertThat(outputs.sentimentCountsByEventId()).isEqualTo(once);
      assertThat(outputs.entityCountsByEventId()).isEqualTo(once);
      LOG.info(
          "registry outage figures: produced {}, sentiment {}, entities {}, dead letters {}",
          ids.size(),
          outputs.sentiments().size(),
          outputs.entities().size(),
          outputs.deadLetters().size());
    }
  }

  @Test
  void shouldWaitOutARegistryOutageAtTheFirstResultWithoutDeadLetteringAnyGoodRecord()
      throws Exception {
    PipelineTopics topics = PipelineTopics.unique("registry-first-result-it").create(broker, 2);
    int httpPort = KafkaBroker.freePort();
    Path log =
        Files.createDirectories(Path.of("target", "it-logs")).resolve(topics.input() + ".log");
    List<String> ids = new ArrayList<>();

    try (TextEventProducer producer =
            new TextEventProducer(broker.bootstrapServers(), topics.input(), registryClient);
        PipelineOutputs outputs =
            new PipelineOutputs(broker.bootstrapServers(), topics, registryClient);
        ProcessorProcess child =
            ProcessorProcess.start(config(topics, httpPort), log, List.of("-Xmx768m"))) {
      OutageChecks.awaitReady(child, httpPort, "200 OK");
      // A blank text: decoded (the processor fetches the input schema and keeps it), then
      // dead-lettered (the dead-letter schema registered), so no result schema is used yet.
      Instant base = Instant.now();
      producer.send("key-blank", TextEventProducer.event("blank", "   ", base));
      producer.flush();
      boolean deadLettered =
          outputs.pollUntil(
              () -> !outputs.deadLetters().isEmpty(), Duration.ofMinutes(2), Duration.ZERO);
      assertThat(deadLettered)
          .as("dead letter of the blank text; output:%n%s", child.outputTail())
          .isTrue();

      // The registry goes away before the first result is serialized: decoding needs nothing
      // from it now, the results' schemas are still to be registered.
      registry.close();
      List<String> texts = SampleTexts.take(RECORDS_PER_PHASE);
      for (int i = 0; i < RECORDS_PER_PHASE; i++) {
        String id = String.format("first-%03d", i);
        ids.add(id);
        producer.send("key-" + i % 7, TextEventProducer.event(id, texts.get(i), base));
      }
      producer.flush();
      awaitRegistryDownWhileItIsDown(child, httpPort, "at the first result");
      registry.start();
      OutageChecks.awaitResults(outputs, child, ids, Duration.ofMinutes(2));
      OutageChecks.awaitReady(child, httpPort, "200 OK");
      outputs.pollUntil(() -> false, Duration.ZERO, Duration.ofSeconds(3));
      child.stop(30);

      Map<String, Integer> once = ids.stream().collect(Collectors.toMap(id -> id, id -> 1));
      assertThat(outputs.deadLetters())
          .singleElement()
          .satisfies(
              d ->
                  assertThat(d.headers())
                      .containsEntry(PipelineOutputs.DEAD_LETTER_REASON_HEADER, "EMPTY_TEXT"));
      assertThat(outputs.sentimentCountsByEventId()).isEqualTo(once);
      assertThat(outputs.entityCountsByEventId()).isEqualTo(once);
      LOG.info(
          "registry outage at the first result figures: produced {}, sentiment {}, entities {},"
              + " dead letters {}",
          ids.size() + 1,
          outputs.sentiments().size(),
          outputs.entities().size(),
          outputs.deadLetters().size());
    }
  }

  /**
   * Polls {@code /ready} until it names the registry as the reason, then keeps asking for a few
   * seconds: every answer while the registry is down must be "not ready".
   */
  private void awaitRegistryDownWhileItIsDown(ProcessorProcess child, int port, String when)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    String answer = "";
    while (!answer.contains(REGISTRY_DOWN) && System.nanoTime() < deadline && child.isAlive()) {
      answer = OutageChecks.ready(port);
      Thread.sleep(100);
    }
    assertThat(answer)
        .as("/ready %s while the registry is down; output:%n%s", when, child.outputTail())
        .startsWith("503 NOT OK")
        .contains(REGISTRY_DOWN);
    for (int sample = 0; sample < 20; sample++) {
      Thread.sleep(200);
      assertThat(OutageChecks.ready(port))
          .as("/ready %s, sample %d", when, sample)
          .startsWith("503 NOT OK");
    }
    assertThat(child.isAlive()).as("processor alive; output:%n%s", child.outputTail()).isTrue();
  }

  private Map<String, String> config(PipelineTopics topics, int httpPort) {
    Map<String, String> c = new HashMap<>();
    c.put(ProcessorConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
    c.put(ProcessorConfig.APPLICATION_ID, "registry-outage-it-" + topics.input());
    topics.putInto(c);
    c.put(ProcessorConfig.SCHEMA_REGISTRY_URL, registryUrl);
    c.put(
        ProcessorConfig.MODEL_BUNDLE_PATH,
        TestBundles.miniLmBothTasks().directory().toAbsolutePath().toString());
    c.put(ProcessorConfig.STATE_DIR, workDir.resolve("state").toString());
    c.put(ProcessorConfig.BATCH_MAX_RECORDS, "8");
    c.put(ProcessorConfig.BATCH_MAX_WAIT_MS, "100");
    c.put(ProcessorConfig.HTTP_HOST, "127.0.0.1");
    c.put(ProcessorConfig.HTTP_PORT, String.valueOf(httpPort));
    return c;
  }

  /** {@code base} with an optional {@code channel} string field added (a compatible change). */
  static Schema withChannelField(Schema base) {
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field f : base.getFields()) {
      fields.add(new Schema.Field(f, f.schema()));
    }
    Schema optionalString =
        Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING));
    fields.add(
        new Schema.Field(
            "channel", optionalString, "where the text came from", JsonProperties.NULL_VALUE));
    return Schema.createRecord(
        base.getName(), base.getDoc(), base.getNamespace(), base.isError(), fields);
  }

  /** A framed v2 value: the Confluent header with {@code schemaId}, then the Avro binary. */
  static byte[] v2Value(Schema v2, int schemaId, String id, String text, Instant time)
      throws IOException {
    GenericRecord r = new GenericData.Record(v2);
    r.put("id", id);
    r.put("text", text);
    r.put("language", null);
    r.put("eventTime", time.toEpochMilli());
    r.put("attributes", Map.of());
    r.put("channel", "registry-outage-it");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(v2).write(r, encoder);
    encoder.flush();
    return ConfluentWireFormat.frame(schemaId, out.toByteArray());
  }
}
