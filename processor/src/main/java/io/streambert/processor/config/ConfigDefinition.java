package io.streambert.processor.config;

import static io.streambert.processor.config.ProcessorConfig.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;

/**
 * The declaration of every processor key: type, default, validator, importance and the doc string
 * that {@link ConfigDocs} renders into the README. {@link ProcessorConfig} reads the values; this
 * class only says what may be set, so that the table of keys is read in one place; the model keys
 * are in {@link ModelConfigDefinition}.
 */
final class ConfigDefinition {

  private ConfigDefinition() {}

  /** Every key with its type, default, validator, importance and documentation. */
  static ConfigDef build() {
    ConfigDef def =
        new ConfigDef()
            .define(
                BOOTSTRAP_SERVERS,
                Type.LIST,
                ConfigDef.NO_DEFAULT_VALUE,
                new ConfigValidators.HostList(),
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
                TOPIC_RELEASES,
                Type.STRING,
                "model-releases",
                new ConfigDef.NonEmptyStringWithoutControlChars(),
                Importance.HIGH,
                "Compacted topic of ModelRelease records (one partition). The instance reads it"
                    + " whole before it processes a record and follows it while running; it serves"
                    + " the latest release that targets it and passes every check.")
            .define(
                TOPIC_STATUS,
                Type.STRING,
                "model-status",
                new ConfigDef.NonEmptyStringWithoutControlChars(),
                Importance.MEDIUM,
                "Topic the instance publishes its ModelStatus records to (loading, serving, rejected"
                    + " with the reason, retired), keyed by instance.id.")
            .define(
                INSTANCE_ID,
                Type.STRING,
                null,
                new ConfigDef.NonEmptyStringWithoutControlChars(),
                Importance.MEDIUM,
                "Id of this instance in releases' targets and in status records; unique and stable"
                    + " across restarts (a canary fraction is chosen from it). Unset:"
                    + " group.instance.id, else the host name.")
            .define(
                SCHEMA_REGISTRY_URL,
                Type.STRING,
                ConfigDef.NO_DEFAULT_VALUE,
                new ConfigValidators.HttpUrl(),
                Importance.HIGH,
                "Base URL of a Confluent-compatible schema registry, e.g. http://127.0.0.1:8081.")
            .define(
                SCHEMA_REGISTRY_USER_INFO,
                Type.PASSWORD,
                null,
                Importance.MEDIUM,
                "Basic auth credentials for the schema registry as user:password; unset for none.")
            .define(
                SCHEMA_REGISTRY_BEARER_TOKEN,
                Type.PASSWORD,
                null,
                Importance.MEDIUM,
                "Static bearer token sent to the schema registry (Authorization: Bearer); unset for"
                    + " none. Not together with "
                    + SCHEMA_REGISTRY_USER_INFO
                    + ".")
            .define(
                SCHEMA_REGISTRY_TRUSTSTORE_LOCATION,
                Type.STRING,
                null,
                new ConfigDef.NonEmptyStringWithoutControlChars(),
                Importance.MEDIUM,
                "Truststore file that verifies an https:// schema registry; unset uses the JVM's"
                    + " default trust.")
            .define(
                SCHEMA_REGISTRY_TRUSTSTORE_PASSWORD,
                Type.PASSWORD,
                null,
                Importance.MEDIUM,
                "Password of the registry truststore; unset for none.")
            .define(
                SCHEMA_REGISTRY_TRUSTSTORE_TYPE,
                Type.STRING,
                "PKCS12",
                ValidString.in("PKCS12", "JKS"),
                Importance.LOW,
                "Format of the registry truststore.")
            .define(
                SCHEMA_REGISTRY_AUTO_REGISTER,
                Type.BOOLEAN,
                true,
                Importance.MEDIUM,
                "Whether the processor registers the schemas of its outputs (results, dead letters)"
                    + " on first use. false: they must already be registered under the topics'"
                    + " subjects, as a registry that refuses writes requires.");
    ModelConfigDefinition.define(def);
    return def.define(
            PROCESSING_GUARANTEE,
            Type.STRING,
            "exactly_once_v2",
            ValidString.in("exactly_once_v2", "at_least_once"),
            Importance.HIGH,
            "exactly_once_v2: buffer, outputs and input offsets commit atomically (needs brokers"
                + " 2.5+; crash-tested, RELIABILITY.md); at_least_once: duplicates possible after a"
                + " crash, nothing lost; tested through broker restarts and processor SIGKILLs.")
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
                + " offsets of records still buffered wait. 1000 rather than Kafka Streams'"
                + " exactly-once default of 100: fewer transactions, less broker load"
                + " (ops/bench/RESULTS.md).")
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
                + " included) would exceed this; a single longer record is processed alone. No"
                + " forward pass computes more than this many cells (windows x longest window).")
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
                + " a pass permit) at once; a full batch beyond it waits for the oldest. 0: the"
                + " instance's concurrent passes + 1 (model.max.concurrent.passes, or the number"
                + " it derives), at most "
                + MAX_BATCHES_IN_FLIGHT
                + ", so one busy partition keeps every pass slot busy and a full batch starts"
                + " the moment a pass ends. A batch whose max wait is up leaves only when a pass"
                + " can start at once; until then it keeps filling.")
        .define(
            TEXT_MAX_BYTES,
            Type.INT,
            InputLimits.DEFAULT_TEXT_MAX_BYTES,
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
            "Address the HTTP endpoint (/health, /ready, /metrics, the /status/ page and /api/status)"
                + " binds to; 127.0.0.1 keeps it off the network.")
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
  }

  /**
   * Checks that {@code values} name only keys of {@code definition} or pass-through keys that
   * {@link PassThroughKeys} admits, and that every key without a default has a value.
   *
   * @throws InvalidConfigException naming the key and what was expected
   */
  static void checkKeys(ConfigDef definition, Map<String, ?> values) {
    for (String key : values.keySet()) {
      if (!definition.names().contains(key) && !key.startsWith(KAFKA_PREFIX)) {
        throw new InvalidConfigException(
            "Unknown configuration key '"
                + key
                + "': expected one of "
                + new TreeSet<>(definition.names())
                + " or a pass-through key starting with '"
                + KAFKA_PREFIX
                + "'");
      }
    }
    PassThroughKeys.check(values);
    List<String> missing = new ArrayList<>();
    for (ConfigDef.ConfigKey key : definition.configKeys().values()) {
      if (!key.hasDefault() && values.get(key.name) == null) {
        missing.add(key.name + " (or " + ConfigLoader.envName(key.name) + ")");
      }
    }
    if (!missing.isEmpty()) {
      throw new InvalidConfigException(
          "Missing required configuration: expected values for " + String.join(", ", missing));
    }
  }
}
