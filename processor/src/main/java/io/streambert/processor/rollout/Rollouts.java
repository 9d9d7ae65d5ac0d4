package io.streambert.processor.rollout;

import io.micrometer.core.instrument.MeterRegistry;
import io.streambert.model.TextModel;
import io.streambert.model.bundle.ModelBundle;
import io.streambert.model.inference.NativeHeap;
import io.streambert.processor.config.ProcessorConfig;
import io.streambert.processor.rollout.store.BundleFetcher;
import io.streambert.processor.rollout.store.BundleStoreSettings;
import io.streambert.processor.serving.PassLimiter;
import io.streambert.schemas.avro.ModelRelease;
import io.streambert.schemas.avro.ModelStatus;
import io.streambert.schemas.registry.SchemaRegistryClient;
import io.streambert.schemas.serde.AvroSerdes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;

/** Builds an instance's {@link Rollout} from its configuration. */
public final class Rollouts {

  /** How long the follower waits before looking for a missing release topic again. */
  static final Duration FOLLOWER_RETRY = Duration.ofSeconds(2);

  private Rollouts() {}

  /**
   * The rollout of one instance; its Kafka clients use the connection and security settings of the
   * instance's Kafka Streams client.
   *
   * @param config the instance's configuration (instance id, topics, bootstrap bundle)
   * @param streams the Kafka Streams properties of the instance
   * @param schemas the registry of the release and status serdes
   * @param given a bootstrap model the caller already loaded and serves, or null
   * @param loader loads releases (owned from now on)
   * @param swap installs a model for the next batches
   * @param meters where the rollout's meters go
   * @param onSettled runs once when records may first be processed
   */
  public static Rollout create(
      ProcessorConfig config,
      Properties streams,
      SchemaRegistryClient schemas,
      TextModel given,
      ReleaseLoader loader,
      ModelSwap swap,
      MeterRegistry meters,
      Runnable onSettled) {
    String instance = config.instanceId();
    Release bootstrap =
        given != null
            ? Release.bootstrap(given.version(), config.bundlePath())
            : config
                .bundlePath()
                .map(p -> Release.bootstrap("bootstrap " + p, Optional.of(p)))
                .orElse(null);
    StreamsConfig kafka = new StreamsConfig(streams);
    KafkaProducer<String, ModelStatus> producer =
        new KafkaProducer<>(
            producerConfig(kafka, config.applicationId() + "-status-" + instance),
            new StringSerializer(),
            AvroSerdes.specific(ModelStatus.class, schemas, false).serializer());
    return new Rollout(
        new ReleaseStateMachine(instance, bootstrap, given != null),
        given == null ? null : new WatchedModel(given),
        loader,
        swap,
        new StatusReporter(producer, config.statusTopic(), instance, Clock.systemUTC()),
        new RolloutMetrics(meters),
        new RetryBackoff(config.storeRetryWaits().first(), config.storeRetryWaits().max()),
        listener ->
            new ReleaseFollower(
                new KafkaConsumer<>(
                    consumerConfig(kafka, config.applicationId() + "-releases-" + instance),
                    new ByteArrayDeserializer(),
                    new ByteArrayDeserializer()),
                AvroSerdes.specific(ModelRelease.class, schemas, false).deserializer(),
                config.releasesTopic(),
                listener,
                FOLLOWER_RETRY),
        onSettled,
        config.nativeMemory().trimAfterRetire() ? NativeHeap::trim : null);
  }

  /**
   * The loader of an instance: bundles fetched from the stores {@code config} trusts, opened with
   * {@code opener}, each load holding one of {@code passes}' permits ({@link PassSharingLoader}).
   *
   * @throws UncheckedIOException when the bundle cache cannot be created
   */
  public static ReleaseLoader bundleLoader(
      ProcessorConfig config, Function<ModelBundle, TextModel> opener, PassLimiter passes) {
    try {
      return new PassSharingLoader(
          new BundleReleaseLoader(BundleFetcher.open(BundleStoreSettings.from(config)), opener),
          passes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the bundle cache: " + e.getMessage(), e);
    }
  }

  /** A consumer without a group that reads committed records from the beginning. */
  static Map<String, Object> consumerConfig(StreamsConfig kafka, String clientId) {
    Map<String, Object> c = kafka.getGlobalConsumerConfigs(clientId);
    c.remove(ConsumerConfig.GROUP_ID_CONFIG);
    c.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // Reading must never create the release topic (it would not be compacted).
    c.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    c.remove(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
    c.remove(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
    return c;
  }

  /** An idempotent, non-transactional producer. */
  static Map<String, Object> producerConfig(StreamsConfig kafka, String clientId) {
    Map<String, Object> c = kafka.getProducerConfigs(clientId);
    c.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
    c.put(ProducerConfig.ACKS_CONFIG, "all");
    c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    // A missing status topic makes each send wait this long for metadata, then fail (logged).
    c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
    c.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
    c.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
    return c;
  }
}
