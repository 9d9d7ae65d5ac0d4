package io.streambert.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streambert.model.OnnxTextModel;
import io.streambert.model.encoding.TokenWindow;
import io.streambert.model.inference.EngineConfig;
import io.streambert.model.inference.ExecutionProvider;
import io.streambert.model.testing.TestBundles;
import io.streambert.processor.config.BatchSettings;
import io.streambert.processor.config.InputLimits;
import io.streambert.processor.it.TextEventProducer;
import io.streambert.processor.metrics.ProcessorMetrics;
import io.streambert.processor.serving.PassLimiter;
import io.streambert.processor.serving.ReleaseCoordinate;
import io.streambert.processor.serving.ServedModels;
import io.streambert.processor.testing.InMemorySchemaRegistryClient;
import io.streambert.schemas.avro.Entity;
import io.streambert.schemas.avro.EntityResult;
import io.streambert.schemas.avro.SentimentResult;
import io.streambert.schemas.avro.TextEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The topology with the real MiniLM bundle (ONNX Runtime on CPU), no broker. */
class RealModelTopologyIT {

  private static OnnxTextModel model;

  @TempDir Path stateDir;

  @BeforeAll
  static void loadModel() {
    model =
        OnnxTextModel.load(
            TestBundles.miniLmBothTasks(),
            EngineConfig.builder().provider(ExecutionProvider.CPU).build());
  }

  @AfterAll
  static void closeModel() {
    if (model != null) {
      model.close();
    }
  }

  @Test
  void shouldEmitOneSentimentAndOneEntityResultPerTextWithOffsetsIntoTheOriginalText()
      throws Exception {
    InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    Topics topics = Topics.create("text-in", "sentiment", "entities", "dead-letter", registry);
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "real-model");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);

    // Long enough for several windows of the bundle's max sequence length.
    String longText =
        "Angela Merkel met Emmanuel Macron in Paris to discuss the budget of the European Union. "
            .repeat(12);
    List<String> texts =
        List.of(
            "A wonderful, moving film with great performances.",
            "The plot is dull and the acting is worse.",
            "Barack Obama visited Berlin on Tuesday.",
            "caf\u00e9 na\u00efve \uD83D\uDE00 emoji and accents in Z\u00fcrich",
            longText);

    try (TopologyTestDriver driver =
        new TopologyTestDriver(
            StreambertTopology.build(
                topics,
                new BatchSettings(4, 4096, Duration.ofMillis(50), BatchSettings.StoreKind.ROCKSDB),
                InputLimits.DEFAULTS,
                ServedModels.serving(model, ReleaseCoordinate.BOOTSTRAP),
                PassLimiter.unlimited(),
                new ProcessorMetrics(new SimpleMeterRegistry(), 4, 4096),
                TaskClock.STREAMS),
            props)) {
      TestInputTopic<byte[], byte[]> input =
          driver.createInputTopic(
              "text-in", Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
      TestOutputTopic<byte[], SentimentResult> sentiment =
          driver.createOutputTopic(
              "sentiment",
              Serdes.ByteArray().deserializer(),
              topics.sentiment().valueSerde().deserializer());
      TestOutputTopic<byte[], EntityResult> entities =
          driver.createOutputTopic(
              "entities",
              Serdes.ByteArray().deserializer(),
              topics.entities().valueSerde().deserializer());

      Map<String, String> textById = new HashMap<>();
      for (int i = 0; i < texts.size(); i++) {
        String id = "t" + i;
        textById.put(id, texts.get(i));
        TextEvent e = TextEventProducer.event(id, texts.get(i), Instant.now());
        input.pipeInput(id.getBytes(), topics.textEvents().serializer().serialize("text-in", e));
      }
      driver.advanceWallClockTime(Duration.ofMillis(100));

      List<SentimentResult> sentiments = sentiment.readValuesToList();
      List<EntityResult> entityResults = entities.readValuesToList();
      assertThat(sentiments)
          .extracting(SentimentResult::getEventId)
          .containsExactly("t0", "t1", "t2", "t3", "t4");
      assertThat(entityResults)
          .extracting(EntityResult::getEventId)
          .containsExactly("t0", "t1", "t2", "t3", "t4");
      for (SentimentResult s : sentiments) {
        assertThat(s.getModelVersion()).isEqualTo(TestBundles.VERSION);
        assertThat(s.getProbabilities().keySet()).containsExactlyInAnyOrder("negative", "positive");
        assertThat(s.getScore()).isBetween(0.5, 1.0);
      }
      for (EntityResult r : entityResults) {
        String original = textById.get(r.getEventId());
        for (Entity e : r.getEntities()) {
          assertThat(original.substring(e.getStart(), e.getEnd()))
              .as("entity offsets of %s", r.getEventId())
              .isEqualTo(e.getText());
        }
      }
      // The long text is windowed, not cut: its entities reach past the first window.
      TokenWindow first = model.encode(longText).windows().get(0);
      int firstWindowEnd = Arrays.stream(first.charEnds()).max().getAsInt();
      assertThat(entityResults.get(4).getEntities())
          .extracting(Entity::getStart)
          .anySatisfy(start -> assertThat(start).isGreaterThanOrEqualTo(firstWindowEnd));
      assertThat(model.encode(longText).windows()).hasSizeGreaterThan(1);
    }
  }
}
