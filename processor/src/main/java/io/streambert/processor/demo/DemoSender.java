package io.streambert.processor.demo;

import io.streambert.schemas.avro.TextEvent;
import io.streambert.schemas.registry.SchemaRegistryClient;
import io.streambert.schemas.serde.AvroSerdes;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces the demo's text events and remembers each one's number and text, so results can be
 * matched to what was sent and nothing sent goes unnoticed. Thread-safe: the sample schedule and
 * the reader of standard input both send.
 */
final class DemoSender implements AutoCloseable {

  /** A sent event: its number in sending order and its text. */
  record Sent(int number, String id, String text) {}

  private final KafkaProducer<String, TextEvent> producer;
  private final String topic;
  private final String run;
  private final List<Sent> sent = new CopyOnWriteArrayList<>();
  private final Map<String, Sent> byId = new ConcurrentHashMap<>();

  DemoSender(String bootstrap, SchemaRegistryClient registry, String topic, String run) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    this.producer =
        new KafkaProducer<>(
            p,
            new StringSerializer(),
            AvroSerdes.specific(TextEvent.class, registry, false).serializer());
    this.topic = topic;
    this.run = run;
  }

  /** Sends one text and waits until the broker has it, so a count of sent events is exact. */
  synchronized Sent send(String text) throws Exception {
    int number = sent.size() + 1;
    String id = "demo-" + run + "-" + number;
    TextEvent event =
        TextEvent.newBuilder().setId(id).setText(text).setEventTime(Instant.now()).build();
    producer.send(new ProducerRecord<>(topic, id, event)).get();
    Sent s = new Sent(number, id, text);
    byId.put(id, s);
    sent.add(s);
    return s;
  }

  Sent byId(String id) {
    return byId.get(id);
  }

  int count() {
    return sent.size();
  }

  List<Sent> sent() {
    return List.copyOf(sent);
  }

  @Override
  public void close() {
    producer.close();
  }
}
