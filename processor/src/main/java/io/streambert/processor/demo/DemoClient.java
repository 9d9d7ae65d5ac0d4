package io.streambert.processor.demo;

import io.streambert.schemas.avro.Entity;
import io.streambert.schemas.avro.EntityResult;
import io.streambert.schemas.avro.SentimentResult;
import io.streambert.schemas.avro.TextEvent;
import io.streambert.schemas.registry.RegistryConfig;
import io.streambert.schemas.registry.RestSchemaRegistryClient;
import io.streambert.schemas.registry.SchemaRegistryClient;
import io.streambert.schemas.serde.AvroSerdes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Sends a few texts to a running processor and prints what came back: the client side of {@code
 * ops/demo}, also handy for a smoke test against any cluster.
 */
@Command(
    name = "streambert-demo-client",
    mixinStandardHelpOptions = true,
    description = "Produces text events and prints the sentiment and entity results.")
public final class DemoClient implements Callable<Integer> {

  static final List<String> SAMPLE_TEXTS =
      List.of(
          "Angela Merkel met Emmanuel Macron in Paris on Tuesday.",
          "The new Apple phone is a delight: fast, light and beautifully made.",
          "The service at the Hilton in Berlin was slow and the room was dirty.",
          "Manchester United beat Chelsea 2-1 at Old Trafford.",
          "A tedious, overlong film that wastes a fine cast.",
          "Microsoft opened a research lab in Nairobi with help from the Kenyan government.");

  /** How long to wait for the second topic once the first has every result. */
  private static final Duration SINGLE_TASK_GRACE = Duration.ofSeconds(5);

  @Option(names = "--bootstrap-servers", defaultValue = "127.0.0.1:9092")
  String bootstrap;

  @Option(names = "--schema-registry-url", defaultValue = "http://127.0.0.1:8081")
  String registryUrl;

  @Option(names = "--input", defaultValue = "text-in", description = "input topic")
  String input;

  @Option(names = "--sentiment", defaultValue = "sentiment", description = "sentiment topic")
  String sentimentTopic;

  @Option(names = "--entities", defaultValue = "entities", description = "entities topic")
  String entitiesTopic;

  @Option(names = "--file", description = "a file with one text per line (default: samples)")
  Path file;

  @Option(names = "--timeout-s", defaultValue = "120", description = "how long to wait")
  int timeoutSeconds;

  @Parameters(arity = "0..*", description = "texts to send (default: built-in samples)")
  List<String> texts = new ArrayList<>();

  public static void main(String[] args) {
    System.exit(new CommandLine(new DemoClient()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    List<String> toSend = texts.isEmpty() ? loadTexts() : texts;
    SchemaRegistryClient registry = new RestSchemaRegistryClient(RegistryConfig.of(registryUrl));
    String run = UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> byId = new LinkedHashMap<>();
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, TextEvent> producer =
        new KafkaProducer<>(
            p,
            new StringSerializer(),
            AvroSerdes.specific(TextEvent.class, registry, false).serializer())) {
      for (int i = 0; i < toSend.size(); i++) {
        String id = "demo-" + run + "-" + i;
        byId.put(id, toSend.get(i));
        TextEvent event =
            TextEvent.newBuilder()
                .setId(id)
                .setText(toSend.get(i))
                .setEventTime(Instant.now())
                .build();
        producer.send(new ProducerRecord<>(input, id, event));
      }
    }
    System.out.printf("sent %d texts to %s; waiting for results...%n", byId.size(), input);

    Map<String, SentimentResult> sentiment = new LinkedHashMap<>();
    Map<String, EntityResult> entities = new LinkedHashMap<>();
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "streambert-demo-" + run);
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    var sentimentSerde = AvroSerdes.specific(SentimentResult.class, registry, false);
    var entitySerde = AvroSerdes.specific(EntityResult.class, registry, false);
    Instant deadline = Instant.now().plusSeconds(timeoutSeconds);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(sentimentTopic, entitiesTopic));
      while ((sentiment.size() < byId.size() || entities.size() < byId.size())
          && Instant.now().isBefore(deadline)) {
        if ((sentiment.size() == byId.size() || entities.size() == byId.size())
            && (sentiment.isEmpty() || entities.isEmpty())) {
          // A bundle with one task answers on one topic only: give the other a short grace.
          deadline = min(deadline, Instant.now().plus(SINGLE_TASK_GRACE));
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          if (r.topic().equals(sentimentTopic)) {
            SentimentResult s = sentimentSerde.deserializer().deserialize(r.topic(), r.value());
            if (byId.containsKey(s.getEventId())) {
              sentiment.put(s.getEventId(), s);
            }
          } else {
            EntityResult e = entitySerde.deserializer().deserialize(r.topic(), r.value());
            if (byId.containsKey(e.getEventId())) {
              entities.put(e.getEventId(), e);
            }
          }
        }
      }
    }
    print(byId, sentiment, entities);
    boolean complete =
        (sentiment.isEmpty() || sentiment.size() == byId.size())
            && (entities.isEmpty() || entities.size() == byId.size())
            && !(sentiment.isEmpty() && entities.isEmpty());
    if (!complete) {
      System.err.printf(
          "timed out after %ds: %d of %d sentiment and %d of %d entity results arrived%n",
          timeoutSeconds, sentiment.size(), byId.size(), entities.size(), byId.size());
    }
    return complete ? 0 : 1;
  }

  private List<String> loadTexts() throws Exception {
    if (file == null) {
      return SAMPLE_TEXTS;
    }
    return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
        .filter(l -> !l.isBlank())
        .collect(Collectors.toList());
  }

  private static void print(
      Map<String, String> texts,
      Map<String, SentimentResult> sentiment,
      Map<String, EntityResult> entities) {
    String model =
        sentiment.values().stream()
            .map(SentimentResult::getModelVersion)
            .findFirst()
            .or(() -> entities.values().stream().map(EntityResult::getModelVersion).findFirst())
            .orElse("?");
    System.out.printf("%nmodel %s%n", model);
    System.out.printf("%-18s  %-60s  %s%n", "sentiment", "text", "entities");
    for (Map.Entry<String, String> t : texts.entrySet()) {
      SentimentResult s = sentiment.get(t.getKey());
      EntityResult e = entities.get(t.getKey());
      String label =
          s != null
              ? String.format("%s %.2f", s.getLabel(), s.getScore())
              : sentiment.isEmpty() ? "(not served)" : "(none)";
      String spans =
          e == null
              ? entities.isEmpty() ? "(not served)" : "(none)"
              : e.getEntities().stream()
                  .map(DemoClient::describe)
                  .collect(Collectors.joining(", "));
      String text =
          t.getValue().length() > 60 ? t.getValue().substring(0, 57) + "..." : t.getValue();
      System.out.printf("%-18s  %-60s  %s%n", label, text, spans.isEmpty() ? "-" : spans);
    }
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static String describe(Entity e) {
    return e.getType() + ":" + e.getText() + " [" + e.getStart() + "," + e.getEnd() + ")";
  }
}
