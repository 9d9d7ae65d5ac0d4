package io.streambert.processor;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streambert.model.TextModel;
import io.streambert.processor.config.BatchSettings;
import io.streambert.processor.config.ProcessorConfig;
import io.streambert.processor.limits.SendLimits;
import io.streambert.processor.metrics.ProcessorMetrics;
import io.streambert.processor.metrics.ResidentMemoryMetrics;
import io.streambert.processor.ops.HttpEndpoint;
import io.streambert.processor.ops.StreamThreadExceptionHandler;
import io.streambert.processor.rollout.Rollout;
import io.streambert.processor.rollout.Rollouts;
import io.streambert.processor.serving.PassLimiter;
import io.streambert.processor.serving.ReleaseCoordinate;
import io.streambert.processor.serving.ServedModels;
import io.streambert.processor.status.StatusService;
import io.streambert.processor.topology.RegistryOutage;
import io.streambert.processor.topology.StreambertTopology;
import io.streambert.processor.topology.Topics;
import io.streambert.schemas.registry.SchemaRegistryClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BiFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One processor instance: the Kafka Streams client running {@link StreambertTopology}, its metrics
 * and its HTTP endpoint.
 *
 * <p>Made to be started in-process (tests, benchmarks) as well as by {@link ProcessorMain}:
 *
 * <pre>{@code
 * try (StreambertApp app = StreambertApp.create(config, model)) {
 *   app.start();
 *   ...
 * }
 * }</pre>
 *
 * All stream threads share the {@link TextModel}. The caller owns it: the app closes it only when a
 * {@link #swapModel} retires it (see {@link ServedModels}).
 */
public final class StreambertApp implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StreambertApp.class);

  private final ProcessorConfig config;
  private final Rollout rollout;
  private final ServedModels models;
  private final PassLimiter passes;
  private final PrometheusMeterRegistry registry;
  private final ProcessorMetrics metrics;
  private final Topology topology;
  private final KafkaStreams streams;
  private final KafkaStreamsMetrics kafkaMetrics;
  private final StreamThreadExceptionHandler threadFailures = new StreamThreadExceptionHandler();
  private final Properties streamsProperties;
  private final SendLimits sendLimits;
  private final StatusService statusPage;
  private final RegistryOutage registryOutage = new RegistryOutage();
  private volatile KafkaStreams.State state = KafkaStreams.State.CREATED;
  private final Object startLock = new Object();
  private HttpEndpoint http;
  private boolean closed;

  private StreambertApp(
      ProcessorConfig config,
      TextModel model,
      SchemaRegistryClient schemas,
      BiFunction<Topology, Properties, KafkaStreams> streamsFactory) {
    this.config = config;
    this.passes = passLimiter(config);
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new io.micrometer.core.instrument.binder.system.ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    new ResidentMemoryMetrics().bindTo(registry);
    this.metrics =
        new ProcessorMetrics(registry, config.batchMaxRecords(), config.batchMaxTokens());
    this.streamsProperties = StreamsProperties.of(config);
    this.rollout =
        Rollouts.create(
            config,
            streamsProperties,
            schemas,
            model,
            Rollouts.bundleLoader(config, bundle -> ModelLoader.open(bundle, config), passes),
            (next, release) ->
                swapModel(next, release.coordinate().orElse(ReleaseCoordinate.BOOTSTRAP)),
            registry,
            this::startStreams);
    this.models =
        rollout
            .initialModel()
            .map(m -> ServedModels.serving(m, ReleaseCoordinate.BOOTSTRAP))
            .orElseGet(ServedModels::none);
    models.currentVersion().ifPresent(metrics::modelVersion);
    Topics topics =
        Topics.create(
            config.inputTopic(),
            config.sentimentTopic(),
            config.entitiesTopic(),
            config.deadLetterTopic(),
            schemas,
            config.schemaRegistryAutoRegister());
    this.sendLimits = new SendLimits(StreamsProperties.maxRequestSize(streamsProperties));
    this.statusPage =
        StatusService.of(config, streamsProperties, schemas, registry, models::currentVersion);
    this.topology =
        StreambertTopology.build(
            topics,
            batchSettings(config, passes),
            config.inputLimits(),
            models,
            passes,
            metrics,
            sendLimits,
            statusPage.activity(),
            registryOutage);
    this.streams = streamsFactory.apply(topology, streamsProperties);
    streams.setUncaughtExceptionHandler(threadFailures);
    streams.setStateListener(
        (newState, oldState) -> {
          state = newState;
          log.info("Kafka Streams state {} -> {}", oldState, newState);
        });
    this.kafkaMetrics = new KafkaStreamsMetrics(streams);
    kafkaMetrics.bindTo(registry);
  }

  private static PassLimiter passLimiter(ProcessorConfig config) {
    int cores = Runtime.getRuntime().availableProcessors();
    int permits =
        config.maxConcurrentPasses() > 0
            ? config.maxConcurrentPasses()
            : PassLimiter.permitsFor(cores, config.intraOpThreads());
    log.info(
        "At most {} forward pass(es) at once ({}={}, {} cores, {}={})",
        permits,
        ProcessorConfig.MODEL_MAX_CONCURRENT_PASSES,
        config.maxConcurrentPasses(),
        cores,
        ProcessorConfig.MODEL_INTRA_OP_THREADS,
        config.intraOpThreads());
    return new PassLimiter(permits);
  }

  /** The complete batching settings for an instance running {@code passes}, logged. */
  private static BatchSettings batchSettings(ProcessorConfig config, PassLimiter passes) {
    BatchSettings settings = config.batchSettings(passes.permits());
    if (settings.pipelined()) {
      log.info(
          "Pipelined batching: at most {} batch(es) per task in flight ({}={})",
          settings.maxInFlight(),
          ProcessorConfig.BATCH_MAX_IN_FLIGHT,
          config.maxBatchesInFlight());
    }
    return settings;
  }

  /** An app whose Avro serdes use the registry named in {@code config}. */
  public static StreambertApp create(ProcessorConfig config, TextModel model) {
    return create(config, model, RegistryClients.of(config));
  }

  /** An app whose Avro serdes use {@code schemas}. */
  public static StreambertApp create(
      ProcessorConfig config, TextModel model, SchemaRegistryClient schemas) {
    return create(config, model, schemas, KafkaStreams::new);
  }

  /** An app whose Kafka Streams client comes from {@code streamsFactory} (tests). */
  static StreambertApp create(
      ProcessorConfig config,
      TextModel model,
      SchemaRegistryClient schemas,
      BiFunction<Topology, Properties, KafkaStreams> streamsFactory) {
    return new StreambertApp(config, model, schemas, streamsFactory);
  }

  /**
   * Reads what the output and dead-letter topics accept, so that results they would refuse are
   * dead-lettered before they are sent; the broker defaults stand in when that fails.
   */
  private void readTopicLimits() {
    Map<String, Object> adminConfig =
        new StreamsConfig(streamsProperties).getAdminConfigs(config.applicationId() + "-limits");
    try (Admin admin = Admin.create(adminConfig)) {
      sendLimits.read(
          admin,
          List.of(config.sentimentTopic(), config.entitiesTopic(), config.deadLetterTopic()));
    } catch (RuntimeException e) {
      log.warn("Cannot read the output topics' limits; assuming the broker defaults", e);
    }
  }

  /**
   * Starts the HTTP endpoint (unless {@code http.port} is -1) and the rollout, which starts the
   * stream threads once it has read the release topic and the release that applies serves.
   *
   * @throws UncheckedIOException when the HTTP port cannot be bound
   */
  public synchronized void start() {
    if (config.httpPort() >= 0) {
      try {
        http =
            HttpEndpoint.start(
                config.httpHost(),
                config.httpPort(),
                this::health,
                this::readiness,
                registry::scrape,
                () -> statusPage.snapshot().toJson());
      } catch (IOException e) {
        throw new UncheckedIOException(
            "Cannot bind the HTTP endpoint to " + config.httpHost() + ":" + config.httpPort(), e);
      }
      statusPage.start();
      log.info("HTTP endpoint on port {}: /health /ready /metrics /status/", http.port());
    }
    log.info(
        "Starting {} ({} stream thread(s), {}) on {} as {}; bootstrap model {}",
        config.applicationId(),
        config.numStreamThreads(),
        config.processingGuarantee().streamsValue(),
        config.inputTopic(),
        config.instanceId(),
        models.currentVersion().orElse("none"));
    rollout.start();
  }

  /** Starts the stream threads: the rollout calls it once a model serves (from its thread). */
  private void startStreams() {
    synchronized (startLock) {
      if (!closed) {
        readTopicLimits();
        streams.start();
      }
    }
  }

  /** {@code /health}: the process runs and its streams have not failed or stopped. */
  public HttpEndpoint.Status health() {
    KafkaStreams.State s = state;
    boolean failed =
        s == KafkaStreams.State.ERROR
            || s == KafkaStreams.State.PENDING_ERROR
            || s == KafkaStreams.State.PENDING_SHUTDOWN
            || s == KafkaStreams.State.NOT_RUNNING;
    return new HttpEndpoint.Status(!failed, "streams " + s);
  }

  /**
   * {@code /ready}: a model is loaded, the streams are RUNNING, no stream thread waits for the
   * schema registry and no forward pass waits for its model (out of memory, or failing its probe).
   */
  public HttpEndpoint.Status readiness() {
    java.util.Optional<String> version = models.currentVersion();
    KafkaStreams.State s = state;
    boolean registryDown = registryOutage.down();
    boolean modelDown = passes.modelOutage().down();
    boolean ready =
        version.isPresent() && s == KafkaStreams.State.RUNNING && !registryDown && !modelDown;
    String why = "model " + version.orElse("none") + ", streams " + s;
    if (registryDown) {
      why += ", schema registry unreachable: " + registryOutage.lastFailure();
    }
    if (modelDown) {
      why +=
          ", a forward pass held while its model cannot work: "
              + passes.modelOutage().lastFailure();
    }
    return new HttpEndpoint.Status(ready, why);
  }

  /** The error that stopped the stream threads for good, once they have stopped in ERROR. */
  public java.util.Optional<Throwable> failure() {
    return threadFailures.shutdownCause();
  }

  /** The current Kafka Streams state. */
  public KafkaStreams.State state() {
    return state;
  }

  /** The bound HTTP port, or -1 when the endpoint is disabled or not started. */
  public int httpPort() {
    return http == null ? -1 : http.port();
  }

  /** The processor's meters. */
  public ProcessorMetrics metrics() {
    return metrics;
  }

  /** The Prometheus exposition of every meter (what {@code /metrics} serves). */
  public String scrape() {
    return registry.scrape();
  }

  /** The served models; each batch acquires its model there. */
  public ServedModels models() {
    return models;
  }

  /** The cap on forward passes at once, shared by every task of this instance. */
  public PassLimiter passes() {
    return passes;
  }

  /**
   * Serves {@code next} (from {@code coordinate}) from the next batch on and updates the
   * model-version gauge. The model it replaces is closed once its last batch has ended.
   *
   * @throws io.streambert.processor.serving.ModelSwapRefusedException when the model retired by the
   *     previous swap is still in use (nothing changed)
   */
  public void swapModel(TextModel next, ReleaseCoordinate coordinate) {
    String previous = models.currentVersion().orElse("none");
    models.swap(next, coordinate);
    metrics.modelVersion(next.version());
    log.info("Model {} replaced by {} from {}", previous, next.version(), coordinate);
  }

  /** The topology this app runs. */
  public Topology topology() {
    return topology;
  }

  /** Closes with {@code shutdown.timeout.ms}. */
  @Override
  public void close() {
    close(config.shutdownTimeout());
  }

  /**
   * Stops the stream threads (they finish the record in hand, commit, and leave the batch buffer in
   * its store), then the HTTP endpoint and the meters. Idempotent.
   *
   * <p>The consumers leave the group, static members included, so the remaining instances take over
   * the partitions at once instead of after {@code session.timeout.ms}.
   *
   * @return whether the stream threads stopped within {@code timeout}
   */
  public synchronized boolean close(Duration timeout) {
    synchronized (startLock) {
      if (closed) {
        return true;
      }
      closed = true;
    }
    rollout.close();
    // A stream thread waiting for the registry gives up, so that the threads can stop.
    registryOutage.close();
    passes.modelOutage().close();
    boolean stopped = streams.close(closeOptions(timeout));
    if (!stopped) {
      log.warn("Stream threads did not stop within {}", timeout);
    }
    // Only once no batch can use it: a pass still running keeps its model open.
    rollout.close(stopped);
    if (http != null) {
      http.close();
    }
    statusPage.close();
    kafkaMetrics.close();
    registry.close();
    return stopped;
  }

  /** How {@link #close(Duration)} closes Kafka Streams: leave the group, wait up to timeout. */
  static CloseOptions closeOptions(Duration timeout) {
    return CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
        .withTimeout(timeout);
  }
}
