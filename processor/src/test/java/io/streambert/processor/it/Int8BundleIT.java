package io.streambert.processor.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambert.model.OnnxTextModel;
import io.streambert.model.bundle.BundleBuilder;
import io.streambert.model.bundle.DemoBundles;
import io.streambert.model.bundle.Int8BundleWriter;
import io.streambert.model.bundle.ModelBundle;
import io.streambert.model.bundle.Precision;
import io.streambert.model.inference.EngineConfig;
import io.streambert.model.testing.TestBundles;
import io.streambert.processor.StreambertApp;
import io.streambert.processor.config.ProcessorConfig;
import io.streambert.processor.it.PipelineOutputs.Received;
import io.streambert.schemas.avro.SentimentResult;
import io.streambert.schemas.registry.RegistryConfig;
import io.streambert.schemas.registry.RestSchemaRegistryClient;
import io.streambert.schemas.registry.SchemaRegistryClient;
import io.streambert.schemas.registry.server.MiniSchemaRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The processor serves an int8 bundle (the MiniLM test bundle quantized) on a real broker. */
class Int8BundleIT {
  private static final int SENTENCES = 60;
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);

  private final KafkaBroker broker = SharedBroker.get();
  private final PipelineTopics topics = PipelineTopics.unique("int8-it");

  @Test
  void shouldServeEveryEventFromTheInt8BundleUnderExactlyOnce() throws Exception {
    // Given the int8 bundle of the test bundle and a processor serving it
    ModelBundle int8 = int8Bundle();
    assertThat(int8.manifest().precision()).isEqualTo(Precision.INT8);
    topics.create(broker, 2);
    Path stateDir = Files.createTempDirectory("int8-it-state-");
    List<String> texts = SampleTexts.take(SENTENCES);
    try (MiniSchemaRegistry registry = new MiniSchemaRegistry().start();
        OnnxTextModel model = OnnxTextModel.load(int8, EngineConfig.defaults());
        StreambertApp app = StreambertApp.create(config(int8, registry, stateDir), model)) {
      SchemaRegistryClient registryClient =
          new RestSchemaRegistryClient(RegistryConfig.of(registry.url()));
      app.start();

      // When sentences are produced
      try (TextEventProducer producer =
          new TextEventProducer(broker.bootstrapServers(), topics.input(), registryClient)) {
        Instant base = Instant.parse("2026-12-02T12:00:00Z");
        for (int i = 0; i < texts.size(); i++) {
          producer.send("k" + (i % 5), TextEventProducer.event("e" + i, texts.get(i), base));
        }
        producer.flush();
      }

      // Then each gets one sentiment and one entity result, labelled by the int8 bundle
      try (PipelineOutputs outputs =
          new PipelineOutputs(broker.bootstrapServers(), topics, registryClient)) {
        boolean complete =
            outputs.pollUntil(
                () ->
                    outputs.sentimentCountsByEventId().size() >= SENTENCES
                        && outputs.entityCountsByEventId().size() >= SENTENCES,
                RUN_TIMEOUT,
                Duration.ofSeconds(1));
        assertThat(complete)
            .as(
                "%d/%d sentiment and %d/%d entity results within %s",
                outputs.sentimentCountsByEventId().size(),
                SENTENCES,
                outputs.entityCountsByEventId().size(),
                SENTENCES,
                RUN_TIMEOUT)
            .isTrue();
        Map<String, Integer> once =
            outputs.sentimentCountsByEventId().keySet().stream()
                .collect(Collectors.toMap(Function.identity(), id -> 1));
        assertThat(outputs.sentimentCountsByEventId()).isEqualTo(once);
        assertThat(outputs.entityCountsByEventId()).isEqualTo(once);
        for (Received<SentimentResult> r : outputs.sentiments()) {
          assertThat(String.valueOf(r.value().getModelVersion()))
              .isEqualTo(int8.manifest().modelVersion());
          assertThat(String.valueOf(r.value().getLabel())).isIn(DemoBundles.SENTIMENT_LABELS);
        }
      }
    } finally {
      ItFiles.deleteRecursively(stateDir);
    }
  }

  private static synchronized ModelBundle int8Bundle() throws Exception {
    Path dir = TestBundles.dir().resolve(TestBundles.VERSION + "-int8");
    if (Files.exists(dir.resolve(BundleBuilder.MANIFEST_FILE))) {
      return ModelBundle.open(dir);
    }
    return Int8BundleWriter.from(TestBundles.miniLmBothTasks()).writeTo(dir);
  }

  private ProcessorConfig config(ModelBundle bundle, MiniSchemaRegistry registry, Path stateDir) {
    Map<String, String> c = new HashMap<>();
    c.put(ProcessorConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
    c.put(ProcessorConfig.APPLICATION_ID, "int8-it-" + topics.input());
    topics.putInto(c);
    c.put(ProcessorConfig.SCHEMA_REGISTRY_URL, registry.url());
    c.put(ProcessorConfig.MODEL_BUNDLE_PATH, bundle.directory().toString());
    c.put(ProcessorConfig.PROCESSING_GUARANTEE, "exactly_once_v2");
    c.put(ProcessorConfig.STATE_DIR, stateDir.toString());
    c.put(ProcessorConfig.BATCH_MAX_RECORDS, "16");
    c.put(ProcessorConfig.BATCH_MAX_WAIT_MS, "50");
    c.put(ProcessorConfig.HTTP_PORT, "-1");
    return ProcessorConfig.of(c);
  }
}
