package io.streambert.processor.status;

import io.micrometer.core.instrument.MeterRegistry;
import io.streambert.processor.config.ProcessorConfig;
import io.streambert.schemas.avro.ModelStatus;
import io.streambert.schemas.registry.SchemaRegistryClient;
import io.streambert.schemas.serde.AvroSerdes;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The status page's source: gathers this instance's recent activity from the topology, samples its
 * meters every {@link #SAMPLE_INTERVAL} and follows the status topic, and answers {@link
 * #snapshot()}. Owns its sampling thread and its status topic reader.
 */
public final class StatusService implements AutoCloseable {

  /** How often the meters are sampled: the length of one chart interval. */
  public static final Duration SAMPLE_INTERVAL = Duration.ofSeconds(1);

  /** How many intervals the charts cover. */
  public static final int SAMPLES_KEPT = 300;

  /** How many enriched records and dead letters the page lists. */
  public static final int RECENT_KEPT = 20;

  private final String instanceId;
  private final Clock clock;
  private final Supplier<Optional<String>> servingVersion;
  private final Supplier<StatusTopicReader> readerFactory;
  private final RecentActivity activity;
  private final MeterSampler sampler;
  private final InstanceStatuses instances = new InstanceStatuses();
  private ScheduledExecutorService sampling;
  private StatusTopicReader reader;
  private boolean closed;

  /**
   * A service for {@code instanceId} sampling {@code registry}.
   *
   * @param servingVersion the model this instance serves now
   * @param consumers creates the status topic's consumer when the service starts
   * @param statusTopic the status topic
   */
  public StatusService(
      String instanceId,
      MeterRegistry registry,
      Supplier<Optional<String>> servingVersion,
      Supplier<Consumer<String, ModelStatus>> consumers,
      String statusTopic,
      Clock clock) {
    this.instanceId = instanceId;
    this.clock = clock;
    this.servingVersion = servingVersion;
    this.activity = new RecentActivity(RECENT_KEPT, clock);
    this.sampler = new MeterSampler(registry, clock::millis, SAMPLES_KEPT);
    this.readerFactory = () -> new StatusTopicReader(consumers.get(), statusTopic, instances);
  }

  /** The service of an instance configured by {@code config}, its consumer on {@code streams}. */
  public static StatusService of(
      ProcessorConfig config,
      Properties streams,
      SchemaRegistryClient schemas,
      MeterRegistry registry,
      Supplier<Optional<String>> servingVersion) {
    String clientId = config.applicationId() + "-status-page-" + config.instanceId();
    Supplier<Consumer<String, ModelStatus>> consumers =
        () ->
            new KafkaConsumer<>(
                StatusTopicReader.consumerConfig(new StreamsConfig(streams), clientId),
                new StringDeserializer(),
                AvroSerdes.specific(ModelStatus.class, schemas, false).deserializer());
    return new StatusService(
        config.instanceId(),
        registry,
        servingVersion,
        consumers,
        config.statusTopic(),
        Clock.systemUTC());
  }

  /** Where the topology reports each emitted result and dead letter. */
  public RecentActivity activity() {
    return activity;
  }

  /** Starts sampling the meters and reading the status topic. */
  public synchronized void start() {
    if (closed || sampling != null) {
      return;
    }
    sampling =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "streambert-status-sampler");
              t.setDaemon(true);
              return t;
            });
    long period = SAMPLE_INTERVAL.toMillis();
    sampling.scheduleAtFixedRate(sampler::sample, 0, period, TimeUnit.MILLISECONDS);
    reader = readerFactory.get();
    reader.start();
  }

  /** What the page shows now. */
  public StatusSnapshot snapshot() {
    return new StatusSnapshot(
        instanceId,
        servingVersion.get().orElse(null),
        clock.millis(),
        SAMPLE_INTERVAL.toMillis() / 1000.0,
        instances.instances(),
        sampler.totals(),
        sampler.samples(),
        activity.records(),
        activity.deadLetters());
  }

  /** Stops sampling and reading. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (sampling != null) {
      sampling.shutdownNow();
    }
    if (reader != null) {
      reader.close();
    }
  }
}
