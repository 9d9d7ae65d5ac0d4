package io.streambert.processor.topology;

import io.streambert.schemas.avro.DeadLetter;
import io.streambert.schemas.avro.EntityResult;
import io.streambert.schemas.avro.SentimentResult;
import io.streambert.schemas.avro.TextEvent;
import io.streambert.schemas.registry.SchemaRegistryClient;
import io.streambert.schemas.serde.AvroSerdeConfig;
import io.streambert.schemas.serde.AvroSerdes;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The topics of the processor with their serdes.
 *
 * <p>Keys are passed through as raw bytes (outputs carry the input's key unchanged); the input
 * value is read as bytes too so that a record which does not decode can be dead-lettered with its
 * original bytes, and is decoded by {@link #textEvents()} inside the topology.
 *
 * @param input the input topic, raw bytes
 * @param textEvents serde of the input values
 * @param sentiment the sentiment results topic
 * @param entities the entity results topic
 * @param deadLetter the dead-letter topic
 */
public record Topics(
    Topic<byte[], byte[]> input,
    Serde<TextEvent> textEvents,
    Topic<byte[], SentimentResult> sentiment,
    Topic<byte[], EntityResult> entities,
    Topic<byte[], DeadLetter> deadLetter) {

  /**
   * Topics with the given names whose Avro serdes talk to {@code registry} and register the output
   * schemas on first use.
   */
  public static Topics create(
      String input,
      String sentiment,
      String entities,
      String deadLetter,
      SchemaRegistryClient registry) {
    return create(input, sentiment, entities, deadLetter, registry, true);
  }

  /**
   * Topics with the given names whose Avro serdes talk to {@code registry}; with {@code
   * autoRegister} false the output schemas must already be registered under the topics' subjects.
   */
  public static Topics create(
      String input,
      String sentiment,
      String entities,
      String deadLetter,
      SchemaRegistryClient registry,
      boolean autoRegister) {
    AvroSerdeConfig serde =
        new AvroSerdeConfig(autoRegister, false, AvroSerdeConfig.defaults().subjectNameStrategy());
    Serde<byte[]> bytes = Serdes.ByteArray();
    return new Topics(
        new Topic<>(input, bytes, bytes),
        AvroSerdes.specific(TextEvent.class, registry, false, serde),
        new Topic<>(
            sentiment, bytes, AvroSerdes.specific(SentimentResult.class, registry, false, serde)),
        new Topic<>(
            entities, bytes, AvroSerdes.specific(EntityResult.class, registry, false, serde)),
        new Topic<>(
            deadLetter, bytes, AvroSerdes.specific(DeadLetter.class, registry, false, serde)));
  }
}
