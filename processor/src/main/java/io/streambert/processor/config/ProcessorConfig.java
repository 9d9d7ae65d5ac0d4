package io.streambert.processor.config;

import io.streambert.schemas.registry.RedactedUrl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The processor's typed, validated configuration; every key is declared once in {@link
 * #DEFINITION}.
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
  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
  public static final String SCHEMA_REGISTRY_USER_INFO = "schema.registry.basic.auth.user.info";
  public static final String MODEL_BUNDLE_PATH = "model.bundle.path";
  public static final String MODEL_EXECUTION_PROVIDER = "model.execution.provider";
  public static final String MODEL_INTRA_OP_THREADS = "model.intra.op.threads";
  public static final String MODEL_INTRA_OP_SPINNING = "model.intra.op.spinning";
  public static final String MODEL_MAX_CONCURRENT_PASSES = "model.max.concurrent.passes";
  public static final String MODEL_CUDA_DEVICE_ID = "model.cuda.device.id";
  public static final String MODEL_CUDA_MEMORY_LIMIT_BYTES = "model.cuda.memory.limit.bytes";
  public static final String MODEL_CUDA_ARENA_STRATEGY = "model.cuda.arena.strategy";
  public static final String MODEL_NATIVE_LIBRARY_PATH = "model.native.library.path";
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
  public static final ConfigDef DEFINITION =
      new ConfigDef()
          .define(
              BOOTSTRAP_SERVERS,
              Type.LIST,
              ConfigDef.NO_DEFAULT_VALUE,
              new HostList(),
              Importance.HIGH,
              "Kafka brokers to bootstrap from, comma-separated host:port pairs.")
          .define(
              APPLICATION_ID,
              Type.STRING,
              "streambert-processor",
              new ConfigDef.NonEmptyStringWithoutControlChars(),
              Importance.HIGH,
              "Kafka Streams application id: consumer group, prefix of internal topics and of the"
                  + " transactional ids. Instances with the same id share the work.")
          .define(
              GROUP_INSTANCE_ID,
              Type.STRING,
              null,
              new ConfigDef.NonEmptyStringWithoutControlChars(),
              Importance.MEDIUM,
              "Static group membership: an id unique to this instance and stable across its"
                  + " restarts (e.g. the StatefulSet pod name); each stream thread's consumer gets"
                  + " it with suffix -<thread index>. An instance that crashes and returns within"
                  + " session.timeout.ms gets its tasks back without a rebalance. Unset: dynamic"
                  + " membership. Needs group.protocol=classic (the default).")
          .define(
              TOPIC_INPUT,
              Type.STRING,
              "text-in",
              new ConfigDef.NonEmptyStringWithoutControlChars(),
              Importance.HIGH,
              "Input topic of Avro TextEvent records (Confluent wire format).")
          .define(
              TOPIC_SENTIMENT,
              Type.STRING,
              "sentiment",
              new ConfigDef.NonEmptyStringWithoutControlChars(),
              Importance.HIGH,
              "Output topic of SentimentResult records, keyed like the input.")
          .define(
              TOPIC_ENTITIES,
              Type.STRING,
              "entities",
              new ConfigDef.NonEmptyStringWithoutControlChars(),
              Importance.HIGH,
              "Output topic of EntityResult records, keyed like the input.")
          .define(
              TOPIC_DEAD_LETTER,
              Type.STRING,
              "dead-letter",
              new ConfigDef.NonEmptyStringWithoutControlChars(),
              Importance.HIGH,
              "Topic of DeadLetter records: input that could not be processed, with its original"
                  + " bytes and the reason.")
          .define(
              SCHEMA_REGISTRY_URL,
              Type.STRING,
              ConfigDef.NO_DEFAULT_VALUE,
              new HttpUrl(),
              Importance.HIGH,
              "Base URL of a Confluent-compatible schema registry, e.g. http://127.0.0.1:8081.")
          .define(
              SCHEMA_REGISTRY_USER_INFO,
              Type.PASSWORD,
              null,
              Importance.MEDIUM,
              "Basic auth credentials for the schema registry as user:password; unset for none.")
          .define(
              MODEL_BUNDLE_PATH,
              Type.STRING,
              ConfigDef.NO_DEFAULT_VALUE,
              new ConfigDef.NonEmptyStringWithoutControlChars(),
              Importance.HIGH,
              "Model bundle to serve: a bundle directory or its .zip.")
          .define(
              MODEL_NATIVE_LIBRARY_PATH,
              Type.STRING,
              null,
              Importance.LOW,
              "Folder of pre-extracted ONNX Runtime native libraries (onnxruntime.native.path), so"
                  + " the CUDA build is not extracted on every start; unset extracts from the jar.")
          .define(
              MODEL_EXECUTION_PROVIDER,
              Type.STRING,
              "auto",
              ValidString.in("auto", "cpu", "cuda"),
              Importance.MEDIUM,
              "ONNX Runtime execution provider: cuda (fail when unavailable), cpu, or auto (CUDA"
                  + " when available, else CPU).")
          .define(
              MODEL_INTRA_OP_THREADS,
              Type.INT,
              1,
              Range.atLeast(0),
              Importance.MEDIUM,
              "ONNX Runtime intra-op threads of one forward pass. 1: single-threaded passes, as"
                  + " many at once as the host has cores (model.max.concurrent.passes), the most"
                  + " records/s on CPU (ops/README: pipeline figures of both layouts); a burst that"
                  + " finds idle cores is split across them. 0 lets ONNX Runtime choose (one thread"
                  + " per core): one pass at a time on all cores.")
          .define(
              MODEL_INTRA_OP_SPINNING,
              Type.BOOLEAN,
              false,
              Importance.LOW,
              "Whether idle ONNX Runtime intra-op threads spin-wait for work (ONNX Runtime's own"
                  + " default). Off here: between batches the stream thread does Kafka work, and"
                  + " spinning burns the cores that it, the Kafka clients and anything else on the"
                  + " host need (ops/bench/pipeline: processor CPU per record 11.5 ms spinning, 9.5"
                  + " ms not).")
          .define(
              MODEL_MAX_CONCURRENT_PASSES,
              Type.INT,
              0,
              Range.atLeast(0),
              Importance.LOW,
              "Most forward passes the instance runs at once on its shared model, whatever its"
                  + " stream threads and tasks (each task can have a batch in flight); a pass"
                  + " beyond it waits for one to end (pipelined, its task keeps reading"
                  + " meanwhile). 0: one pass per"
                  + " model.intra.op.threads cores (0 threads: one pass), at least 1.")
          .define(
              MODEL_CUDA_DEVICE_ID,
              Type.INT,
              0,
              Range.atLeast(0),
              Importance.LOW,
              "CUDA device used by the cuda provider.")
          .define(
              MODEL_CUDA_MEMORY_LIMIT_BYTES,
              Type.LONG,
              0L,
              Range.atLeast(0),
              Importance.LOW,
              "Most bytes ONNX Runtime's CUDA memory arena may take on the device (gpu_mem_limit);"
                  + " 0 means no limit. Set it when the GPU is shared; a batch that does not fit is"
                  + " retried record by record and dead-lettered as INFERENCE_FAILED.")
          .define(
              MODEL_CUDA_ARENA_STRATEGY,
              Type.STRING,
              "next_power_of_two",
              ValidString.in("next_power_of_two", "same_as_requested"),
              Importance.LOW,
              "How the CUDA memory arena grows (arena_extend_strategy): next_power_of_two (fewer"
                  + " allocations, more memory held) or same_as_requested (only what is needed;"
                  + " use it with a memory limit).")
          .define(
              PROCESSING_GUARANTEE,
              Type.STRING,
              "exactly_once_v2",
              ValidString.in("exactly_once_v2", "at_least_once"),
              Importance.HIGH,
              "exactly_once_v2: buffer, outputs and input offsets commit atomically (needs brokers"
                  + " 2.5+; crash-tested, RELIABILITY.md); at_least_once: duplicates possible after a"
                  + " crash; tested through broker restarts, not yet through processor crashes.")
          .define(
              NUM_STREAM_THREADS,
              Type.INT,
              1,
              Range.between(1, 256),
              Importance.MEDIUM,
              "Stream threads of this instance; all share one loaded model (one ONNX Runtime"
                  + " session).")
          .define(
              COMMIT_INTERVAL_MS,
              Type.LONG,
              1000L,
              Range.atLeast(1),
              Importance.MEDIUM,
              "How often Kafka Streams commits (and, under exactly-once, ends transactions) besides"
                  + " the commit every batch requests once its results are forwarded. Results do"
                  + " not wait for it; it bounds how long dead letters of undecodable input and the"
                  + " offsets of records still buffered wait. 1000 (Kafka Streams' exactly-once"
                  + " default is 100): about a quarter fewer transactions at a fixed rate, less"
                  + " broker load (ops/README).")
          .define(
              STATE_DIR,
              Type.STRING,
              Path.of(System.getProperty("java.io.tmpdir"), "streambert-state").toString(),
              new ConfigDef.NonEmptyStringWithoutControlChars(),
              Importance.MEDIUM,
              "Directory of the local state stores (the batch buffer).")
          .define(
              BATCH_MAX_RECORDS,
              Type.INT,
              32,
              Range.between(1, MAX_BATCH_RECORDS),
              Importance.HIGH,
              "A batch is flushed once it holds this many records; 1 disables batching.")
          .define(
              BATCH_MAX_TOKENS,
              Type.INT,
              4096,
              Range.atLeast(1),
              Importance.HIGH,
              "A batch is flushed before its total token count (all windows, special tokens"
                  + " included) would exceed this; a single longer record is processed alone.")
          .define(
              BATCH_MAX_WAIT_MS,
              Type.LONG,
              50L,
              Range.between(1, 600_000),
              Importance.HIGH,
              "A batch is flushed once its oldest record has waited this long (wall-clock"
                  + " punctuation, so an idle partition flushes too).")
          .define(
              BATCH_STORE,
              Type.STRING,
              "rocksdb",
              ValidString.in("rocksdb", "in_memory"),
              Importance.LOW,
              "Kind of the changelogged batch buffer store: rocksdb (restarts without a restore)"
                  + " or in_memory (restored from its changelog on every start).")
          .define(
              BATCH_PIPELINED,
              Type.BOOLEAN,
              true,
              Importance.LOW,
              "Run each batch's forward pass on an inference thread (one per stream task) while the"
                  + " stream thread reads, tokenizes, buffers, forwards the previous batch's results"
                  + " and commits; results are forwarded in input order. false: the stream thread"
                  + " runs the forward pass itself.")
          .define(
              BATCH_MAX_IN_FLIGHT,
              Type.INT,
              0,
              Range.between(0, MAX_BATCHES_IN_FLIGHT),
              Importance.LOW,
              "Pipelined, the most batches of one stream task whose forward passes run (or wait for"
                  + " a pass permit) at once; a full batch beyond it waits for the oldest. 0: one"
                  + " more than the instance's concurrent passes (model.max.concurrent.passes), at"
                  + " most "
                  + MAX_BATCHES_IN_FLIGHT
                  + ", so one busy partition keeps every pass slot busy and a full batch starts"
                  + " the moment a pass ends. A batch whose max wait is up leaves only when a pass"
                  + " can start at once; until then it keeps filling.")
          .define(
              TEXT_MAX_BYTES,
              Type.INT,
              100_000,
              Range.atLeast(1),
              Importance.MEDIUM,
              "Texts longer than this many UTF-8 bytes are dead-lettered (reason TEXT_TOO_LONG);"
                  + " shorter texts longer than the model's max length are windowed.")
          .define(
              HTTP_HOST,
              Type.STRING,
              "0.0.0.0",
              new ConfigDef.NonEmptyStringWithoutControlChars(),
              Importance.LOW,
              "Address the HTTP endpoint (/health, /ready, /metrics) binds to.")
          .define(
              HTTP_PORT,
              Type.INT,
              8080,
              Range.between(-1, 65535),
              Importance.MEDIUM,
              "Port of the HTTP endpoint; 0 picks a free port, -1 disables the endpoint.")
          .define(
              SHUTDOWN_TIMEOUT_MS,
              Type.LONG,
              30_000L,
              Range.atLeast(0),
              Importance.LOW,
              "How long a graceful shutdown waits for the stream threads to finish.");

  /** Validates a non-empty list of host:port pairs. */
  private static final class HostList implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      List<?> hosts = (List<?>) value;
      if (hosts == null || hosts.isEmpty()) {
        throw new ConfigException(name, value, "expected at least one host:port");
      }
      for (Object h : hosts) {
        String host = String.valueOf(h);
        int colon = host.lastIndexOf(':');
        if (colon <= 0 || colon == host.length() - 1) {
          throw new ConfigException(name, value, "expected host:port, found '" + host + "'");
        }
      }
    }

    @Override
    public String toString() {
      return "host:port[,host:port...]";
    }
  }

  /** Validates an http:// or https:// URL. */
  private static final class HttpUrl implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      String url = value == null ? "" : value.toString().trim();
      if (!(url.startsWith("http://") || url.startsWith("https://")) || url.length() < 10) {
        // The value is shown without user:password@, which a URL may carry.
        throw new ConfigException(
            name, RedactedUrl.of(String.valueOf(value)), "expected an http:// or https:// URL");
      }
    }

    @Override
    public String toString() {
      return "http(s)://host:port";
    }
  }

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
    for (String key : values.keySet()) {
      if (!DEFINITION.names().contains(key) && !key.startsWith(KAFKA_PREFIX)) {
        throw new InvalidConfigException(
            "Unknown configuration key '"
                + key
                + "': expected one of "
                + new TreeSet<>(DEFINITION.names())
                + " or a pass-through key starting with '"
                + KAFKA_PREFIX
                + "'");
      }
    }
    PassThroughKeys.check(values);
    List<String> missing = new ArrayList<>();
    for (ConfigDef.ConfigKey key : DEFINITION.configKeys().values()) {
      if (!key.hasDefault() && values.get(key.name) == null) {
        missing.add(key.name + " (or " + ConfigLoader.envName(key.name) + ")");
      }
    }
    if (!missing.isEmpty()) {
      throw new InvalidConfigException(
          "Missing required configuration: expected values for " + String.join(", ", missing));
    }
    try {
      return new ProcessorConfig(values);
    } catch (ConfigException e) {
      throw new InvalidConfigException(e.getMessage(), e);
    }
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
    Password p = getPassword(SCHEMA_REGISTRY_USER_INFO);
    return p == null || p.value().isEmpty() ? Optional.empty() : Optional.of(p.value());
  }

  public Path bundlePath() {
    return Path.of(getString(MODEL_BUNDLE_PATH));
  }

  /** The execution provider name, upper case ({@code AUTO}, {@code CPU}, {@code CUDA}). */
  public String executionProvider() {
    return getString(MODEL_EXECUTION_PROVIDER).toUpperCase(Locale.ROOT);
  }

  public int intraOpThreads() {
    return getInt(MODEL_INTRA_OP_THREADS);
  }

  public boolean intraOpSpinning() {
    return getBoolean(MODEL_INTRA_OP_SPINNING);
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

  /**
   * The CUDA arena growth strategy name, upper case ({@code NEXT_POWER_OF_TWO}, {@code
   * SAME_AS_REQUESTED}).
   */
  public String cudaArenaStrategy() {
    return getString(MODEL_CUDA_ARENA_STRATEGY).toUpperCase(Locale.ROOT);
  }

  /** The folder of pre-extracted ONNX Runtime native libraries, when configured. */
  public Optional<Path> nativeLibraryPath() {
    String p = getString(MODEL_NATIVE_LIBRARY_PATH);
    return p == null || p.isBlank() ? Optional.empty() : Optional.of(Path.of(p));
  }

  public String processingGuarantee() {
    return getString(PROCESSING_GUARANTEE);
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
   * The batching limits, with one batch in flight per task: the app resolves {@link
   * #maxBatchesInFlight()} against its pass limiter.
   */
  public BatchSettings batchSettings() {
    return new BatchSettings(
        getInt(BATCH_MAX_RECORDS),
        getInt(BATCH_MAX_TOKENS),
        Duration.ofMillis(getLong(BATCH_MAX_WAIT_MS)),
        getInt(TEXT_MAX_BYTES),
        "in_memory".equals(getString(BATCH_STORE))
            ? BatchSettings.StoreKind.IN_MEMORY
            : BatchSettings.StoreKind.ROCKSDB,
        getBoolean(BATCH_PIPELINED),
        1);
  }

  /** The configured batches in flight per task; 0 = as many as the instance's concurrent passes. */
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

  /** The pass-through Kafka client properties with the {@value #KAFKA_PREFIX} prefix removed. */
  public Map<String, Object> kafkaOverrides() {
    return new TreeMap<>(originalsWithPrefix(KAFKA_PREFIX, true));
  }
}
