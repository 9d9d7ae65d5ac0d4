package io.streambert.processor.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The processor's typed, validated configuration: each value comes out in its type (enums for
 * enumerated keys, durations, paths); every key is declared once, in {@link ConfigDefinition}.
 *
 * <p>Build it with {@link ConfigLoader} (file plus environment overrides) or {@link #of(Map)}. Keys
 * under {@value #KAFKA_PREFIX} are passed, without the prefix, to the Kafka Streams client.
 */
public final class ProcessorConfig extends AbstractConfig {

  /** Prefix of pass-through Kafka client properties ({@code kafka.max.poll.records=500}). */
  public static final String KAFKA_PREFIX = "kafka.";

  public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
  public static final String APPLICATION_ID = "application.id";
  public static final String GROUP_INSTANCE_ID = "group.instance.id";
  public static final String TOPIC_INPUT = "topic.input";
  public static final String TOPIC_SENTIMENT = "topic.sentiment";
  public static final String TOPIC_ENTITIES = "topic.entities";
  public static final String TOPIC_DEAD_LETTER = "topic.dead.letter";
  public static final String TOPIC_RELEASES = "topic.releases";
  public static final String TOPIC_STATUS = "topic.status";
  public static final String INSTANCE_ID = "instance.id";
  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
  public static final String SCHEMA_REGISTRY_USER_INFO = "schema.registry.basic.auth.user.info";
  public static final String SCHEMA_REGISTRY_BEARER_TOKEN = "schema.registry.bearer.auth.token";
  public static final String SCHEMA_REGISTRY_TRUSTSTORE_LOCATION =
      "schema.registry.ssl.truststore.location";
  public static final String SCHEMA_REGISTRY_TRUSTSTORE_PASSWORD =
      "schema.registry.ssl.truststore.password";
  public static final String SCHEMA_REGISTRY_TRUSTSTORE_TYPE =
      "schema.registry.ssl.truststore.type";
  public static final String SCHEMA_REGISTRY_AUTO_REGISTER =
      "schema.registry.auto.register.schemas";
  public static final String MODEL_BUNDLE_PATH = "model.bundle.path";
  public static final String MODEL_EXECUTION_PROVIDER = "model.execution.provider";
  public static final String MODEL_INTRA_OP_THREADS = "model.intra.op.threads";
  public static final String MODEL_INTRA_OP_SPINNING = "model.intra.op.spinning";
  public static final String MODEL_CPU_MEMORY_ARENA = "model.cpu.memory.arena";
  public static final String MODEL_MEMORY_PATTERN = "model.memory.pattern";
  public static final String MODEL_WEIGHT_PREPACKING = "model.weight.prepacking";
  public static final String MODEL_RETIRE_TRIM_NATIVE_HEAP = "model.retire.trim.native.heap";
  public static final String MODEL_MAX_CONCURRENT_PASSES = "model.max.concurrent.passes";
  public static final String MODEL_CUDA_DEVICE_ID = "model.cuda.device.id";
  public static final String MODEL_CUDA_MEMORY_LIMIT_BYTES = "model.cuda.memory.limit.bytes";
  public static final String MODEL_CUDA_ARENA_STRATEGY = "model.cuda.arena.strategy";
  public static final String MODEL_NATIVE_LIBRARY_PATH = "model.native.library.path";
  public static final String MODEL_STORE_CACHE_DIR = "model.store.cache.dir";
  public static final String MODEL_STORE_TRUSTED_PREFIXES = "model.store.trusted.prefixes";
  public static final String MODEL_STORE_MAX_DOWNLOAD_BYTES = "model.store.max.download.bytes";
  public static final String MODEL_STORE_MAX_UNPACKED_BYTES = "model.store.max.unpacked.bytes";
  public static final String MODEL_STORE_MAX_ENTRIES = "model.store.max.entries";
  public static final String MODEL_STORE_FETCH_ATTEMPTS = "model.store.fetch.attempts";
  public static final String MODEL_STORE_TRUSTED_PUBLIC_KEY = "model.store.trusted.public.key";
  public static final String MODEL_STORE_RETRY_BACKOFF_MS = "model.store.retry.backoff.ms";
  public static final String MODEL_STORE_RETRY_BACKOFF_MAX_MS = "model.store.retry.backoff.max.ms";
  public static final String PROCESSING_GUARANTEE = "processing.guarantee";
  public static final String NUM_STREAM_THREADS = "num.stream.threads";
  public static final String COMMIT_INTERVAL_MS = "commit.interval.ms";
  public static final String STATE_DIR = "state.dir";
  public static final String BATCH_MAX_RECORDS = "batch.max.records";
  public static final String BATCH_MAX_TOKENS = "batch.max.tokens";
  public static final String BATCH_MAX_WAIT_MS = "batch.max.wait.ms";
  public static final String BATCH_STORE = "batch.store";
  public static final String BATCH_PIPELINED = "batch.pipelined";
  public static final String BATCH_MAX_IN_FLIGHT = "batch.max.in.flight";
  public static final String TEXT_MAX_BYTES = "text.max.bytes";
  public static final String HTTP_HOST = "http.host";
  public static final String HTTP_PORT = "http.port";
  public static final String SHUTDOWN_TIMEOUT_MS = "shutdown.timeout.ms";

  /** Most records one batch may hold; bounds the buffer store's key ring, see the README. */
  public static final int MAX_BATCH_RECORDS = 10_000;

  /** Most batches one task may have in flight; bounds the buffer store's key ring too. */
  public static final int MAX_BATCHES_IN_FLIGHT = 4;

  /** Every key with its type, default, validator, importance and documentation. */
  public static final ConfigDef DEFINITION = ConfigDefinition.build();

  private ProcessorConfig(Map<String, ?> values) {
    super(DEFINITION, values, false);
  }

  /**
   * Validates {@code values} against {@link #DEFINITION}.
   *
   * @throws InvalidConfigException naming the key, the value found and what was expected; also for
   *     keys that are neither declared nor under {@value #KAFKA_PREFIX}, and for pass-through keys
   *     that {@link PassThroughKeys} refuses
   */
  public static ProcessorConfig of(Map<String, ?> values) {
    ConfigDefinition.checkKeys(DEFINITION, values);
    ProcessorConfig config;
    try {
      config = new ProcessorConfig(values);
    } catch (ConfigException e) {
      throw new InvalidConfigException(e.getMessage(), e);
    }
    CrossKeyChecks.check(config);
    return config;
  }

  public String bootstrapServers() {
    return String.join(",", getList(BOOTSTRAP_SERVERS));
  }

  public String applicationId() {
    return getString(APPLICATION_ID);
  }

  /** The static group member id of this instance, when configured. */
  public Optional<String> groupInstanceId() {
    return Optional.ofNullable(getString(GROUP_INSTANCE_ID));
  }

  public String inputTopic() {
    return getString(TOPIC_INPUT);
  }

  public String sentimentTopic() {
    return getString(TOPIC_SENTIMENT);
  }

  public String entitiesTopic() {
    return getString(TOPIC_ENTITIES);
  }

  public String deadLetterTopic() {
    return getString(TOPIC_DEAD_LETTER);
  }

  public String schemaRegistryUrl() {
    return getString(SCHEMA_REGISTRY_URL);
  }

  /** Registry basic auth as {@code user:password}, when configured. */
  public Optional<String> schemaRegistryUserInfo() {
    return secret(SCHEMA_REGISTRY_USER_INFO);
  }

  /** The static bearer token for the registry, when configured. */
  public Optional<String> schemaRegistryBearerToken() {
    return secret(SCHEMA_REGISTRY_BEARER_TOKEN);
  }

  /** The truststore verifying an https:// registry, when configured. */
  public Optional<Path> schemaRegistryTruststore() {
    String p = getString(SCHEMA_REGISTRY_TRUSTSTORE_LOCATION);
    return p == null ? Optional.empty() : Optional.of(Path.of(p));
  }

  /** The registry truststore's password, when configured. */
  public Optional<String> schemaRegistryTruststorePassword() {
    return secret(SCHEMA_REGISTRY_TRUSTSTORE_PASSWORD);
  }

  /** The registry truststore's format, {@code PKCS12} or {@code JKS}. */
  public String schemaRegistryTruststoreType() {
    return getString(SCHEMA_REGISTRY_TRUSTSTORE_TYPE);
  }

  /** Whether the processor registers its output schemas on first use. */
  public boolean schemaRegistryAutoRegister() {
    return getBoolean(SCHEMA_REGISTRY_AUTO_REGISTER);
  }

  private Optional<String> secret(String key) {
    Password p = getPassword(key);
    return p == null || p.value().isEmpty() ? Optional.empty() : Optional.of(p.value());
  }

  /** The bootstrap bundle, when configured. */
  public Optional<Path> bundlePath() {
    String p = getString(MODEL_BUNDLE_PATH);
    return p == null ? Optional.empty() : Optional.of(Path.of(p));
  }

  public String releasesTopic() {
    return getString(TOPIC_RELEASES);
  }

  public String statusTopic() {
    return getString(TOPIC_STATUS);
  }

  /** {@code instance.id}, else {@code group.instance.id}, else the host name. */
  public String instanceId() {
    String id = getString(INSTANCE_ID);
    if (id != null) {
      return id;
    }
    return groupInstanceId().orElseGet(ProcessorConfig::hostName);
  }

  private static String hostName() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env;
    }
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "unknown-host";
    }
  }

  /** The execution provider asked for. */
  public RequestedProvider executionProvider() {
    return enumValue(MODEL_EXECUTION_PROVIDER, RequestedProvider.class);
  }

  public int intraOpThreads() {
    return getInt(MODEL_INTRA_OP_THREADS);
  }

  public boolean intraOpSpinning() {
    return getBoolean(MODEL_INTRA_OP_SPINNING);
  }

  /** ONNX Runtime's memory options and the native-heap trim after a swap. */
  public NativeMemorySettings nativeMemory() {
    return new NativeMemorySettings(
        getBoolean(MODEL_CPU_MEMORY_ARENA),
        getBoolean(MODEL_MEMORY_PATTERN),
        getBoolean(MODEL_WEIGHT_PREPACKING),
        getBoolean(MODEL_RETIRE_TRIM_NATIVE_HEAP));
  }

  /** The configured cap on concurrent forward passes; 0 = derived from cores and threads. */
  public int maxConcurrentPasses() {
    return getInt(MODEL_MAX_CONCURRENT_PASSES);
  }

  public int cudaDeviceId() {
    return getInt(MODEL_CUDA_DEVICE_ID);
  }

  /** The CUDA arena limit in bytes; 0 = no limit. */
  public long cudaMemoryLimitBytes() {
    return getLong(MODEL_CUDA_MEMORY_LIMIT_BYTES);
  }

  /** How the CUDA memory arena grows. */
  public CudaArenaGrowth cudaArenaStrategy() {
    return enumValue(MODEL_CUDA_ARENA_STRATEGY, CudaArenaGrowth.class);
  }

  /** The folder of pre-extracted ONNX Runtime native libraries, when configured. */
  public Optional<Path> nativeLibraryPath() {
    String p = getString(MODEL_NATIVE_LIBRARY_PATH);
    return p == null || p.isBlank() ? Optional.empty() : Optional.of(Path.of(p));
  }

  /** Where release bundles are cached: the configured folder, else {@code bundles/} in state. */
  public Path storeCacheDir() {
    String p = getString(MODEL_STORE_CACHE_DIR);
    return p == null || p.isBlank() ? stateDir().resolve("bundles") : Path.of(p);
  }

  /** The bundle store URI prefixes releases may name. */
  public List<String> storeTrustedPrefixes() {
    return getList(MODEL_STORE_TRUSTED_PREFIXES).stream()
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .toList();
  }

  public long storeMaxDownloadBytes() {
    return getLong(MODEL_STORE_MAX_DOWNLOAD_BYTES);
  }

  public long storeMaxUnpackedBytes() {
    return getLong(MODEL_STORE_MAX_UNPACKED_BYTES);
  }

  public int storeMaxEntries() {
    return getInt(MODEL_STORE_MAX_ENTRIES);
  }

  public int storeFetchAttempts() {
    return getInt(MODEL_STORE_FETCH_ATTEMPTS);
  }

  /** The waits before a release rejected because its store was unavailable is loaded again. */
  public StoreRetryWaits storeRetryWaits() {
    return StoreRetryWaits.ofMillis(
        getLong(MODEL_STORE_RETRY_BACKOFF_MS), getLong(MODEL_STORE_RETRY_BACKOFF_MAX_MS));
  }

  /** The PEM file of the trusted Ed25519 public key, when bundles must be signed. */
  public Optional<Path> storeTrustedPublicKey() {
    String p = getString(MODEL_STORE_TRUSTED_PUBLIC_KEY);
    return p == null || p.isBlank() ? Optional.empty() : Optional.of(Path.of(p));
  }

  public ProcessingGuarantee processingGuarantee() {
    return enumValue(PROCESSING_GUARANTEE, ProcessingGuarantee.class);
  }

  public int numStreamThreads() {
    return getInt(NUM_STREAM_THREADS);
  }

  public long commitIntervalMs() {
    return getLong(COMMIT_INTERVAL_MS);
  }

  public Path stateDir() {
    return Path.of(getString(STATE_DIR));
  }

  /**
   * The complete batching settings of a task on an instance that runs {@code concurrentPasses}
   * forward passes at once: {@code batch.max.in.flight}, or for 0 that number + 1 (at most {@value
   * #MAX_BATCHES_IN_FLIGHT}), so that a full batch waits for a permit and starts the moment a pass
   * ends, not after the stream thread has forwarded that pass's results and committed.
   *
   * @param concurrentPasses the instance's pass permits, at least 1
   */
  public BatchSettings batchSettings(int concurrentPasses) {
    if (concurrentPasses < 1) {
      throw new IllegalArgumentException(
          "expected at least 1 concurrent pass, found " + concurrentPasses);
    }
    int inFlight =
        maxBatchesInFlight() > 0
            ? maxBatchesInFlight()
            : (int) Math.min((long) concurrentPasses + 1, MAX_BATCHES_IN_FLIGHT);
    return new BatchSettings(
        batchMaxRecords(),
        getInt(BATCH_MAX_TOKENS),
        batchMaxWait(),
        enumValue(BATCH_STORE, BatchSettings.StoreKind.class),
        getBoolean(BATCH_PIPELINED),
        inFlight);
  }

  /** What the processor accepts as input text ({@code text.max.bytes}). */
  public InputLimits inputLimits() {
    return new InputLimits(getInt(TEXT_MAX_BYTES));
  }

  /** The most records of a batch ({@code batch.max.records}). */
  public int batchMaxRecords() {
    return getInt(BATCH_MAX_RECORDS);
  }

  /** The most tokens of a batch ({@code batch.max.tokens}). */
  public int batchMaxTokens() {
    return getInt(BATCH_MAX_TOKENS);
  }

  /** How long a partial batch waits ({@code batch.max.wait.ms}). */
  public Duration batchMaxWait() {
    return Duration.ofMillis(getLong(BATCH_MAX_WAIT_MS));
  }

  /** The configured batches in flight per task; 0 = the instance's concurrent passes + 1. */
  public int maxBatchesInFlight() {
    return getInt(BATCH_MAX_IN_FLIGHT);
  }

  public String httpHost() {
    return getString(HTTP_HOST);
  }

  /** The HTTP port; 0 = any free port, -1 = disabled. */
  public int httpPort() {
    return getInt(HTTP_PORT);
  }

  public Duration shutdownTimeout() {
    return Duration.ofMillis(getLong(SHUTDOWN_TIMEOUT_MS));
  }

  private <E extends Enum<E>> E enumValue(String key, Class<E> type) {
    // The validator admitted only the enum's names, in lower case.
    return Enum.valueOf(type, getString(key).toUpperCase(Locale.ROOT));
  }

  /** The pass-through Kafka client properties with the {@value #KAFKA_PREFIX} prefix removed. */
  public Map<String, Object> kafkaOverrides() {
    return new TreeMap<>(originalsWithPrefix(KAFKA_PREFIX, true));
  }
}
