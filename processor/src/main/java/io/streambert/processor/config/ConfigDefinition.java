package io.streambert.processor.config;

import static io.streambert.processor.config.ProcessorConfig.*;

import java.nio.file.Path;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;

/**
 * The declaration of every processor key: type, default, validator, importance and the doc string
 * that {@link ConfigDocs} renders into the README. {@link ProcessorConfig} reads the values; this
 * class only says what may be set, so that the table of keys is read in one place.
 */
final class ConfigDefinition {

  private ConfigDefinition() {}

  /** Every key with its type, default, validator, importance and documentation. */
  static ConfigDef build() {
    return new ConfigDef()
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
                + " subjects, as a registry that refuses writes requires.")
        .define(
            MODEL_BUNDLE_PATH,
            Type.STRING,
            null,
            new ConfigDef.NonEmptyStringWithoutControlChars(),
            Importance.HIGH,
            "Bootstrap model bundle (a bundle directory or its .zip), served only while no"
                + " release on topic.releases targets this instance. Unset: the instance serves"
                + " nothing, and is not ready, until a release loads.")
        .define(
            MODEL_NATIVE_LIBRARY_PATH,
            Type.STRING,
            null,
            Importance.LOW,
            "Folder of pre-extracted ONNX Runtime native libraries (onnxruntime.native.path), so"
                + " the CUDA build is not extracted on every start; unset extracts from the jar.")
        .define(
            MODEL_STORE_CACHE_DIR,
            Type.STRING,
            null,
            Importance.MEDIUM,
            "Local folder where release bundles are downloaded and unpacked (its unpacked/ is"
                + " emptied at start and exit); unset: bundles/ under state.dir.")
        .define(
            MODEL_STORE_TRUSTED_PREFIXES,
            Type.LIST,
            "",
            Importance.HIGH,
            "Bundle stores releases may name, as URI prefixes (file:///srv/bundles/,"
                + " https://models.example.com/bundles/); a release whose bundle URI is under none"
                + " is rejected without being fetched. Empty: no release is fetched.")
        .define(
            MODEL_STORE_MAX_DOWNLOAD_BYTES,
            Type.LONG,
            2L << 30,
            Range.atLeast(1),
            Importance.LOW,
            "Largest bundle zip a release may name, in bytes; a larger download is stopped.")
        .define(
            MODEL_STORE_MAX_UNPACKED_BYTES,
            Type.LONG,
            0xFFFF_FFFFL,
            Range.between(1, 0xFFFF_FFFFL),
            Importance.LOW,
            "Most bytes a bundle zip may unpack to (counted while inflating, whatever the zip"
                + " declares); at most 4 GiB - 1, as ZIP64 archives are refused.")
        .define(
            MODEL_STORE_MAX_ENTRIES,
            Type.INT,
            64,
            Range.between(1, 65_535),
            Importance.LOW,
            "Most entries a bundle zip may have.")
        .define(
            MODEL_STORE_FETCH_ATTEMPTS,
            Type.INT,
            3,
            Range.between(1, 100),
            Importance.LOW,
            "Tries per bundle while its store is unavailable (I/O errors, HTTP 5xx and 429),"
                + " 0.5 s apart and doubling; then the release is rejected with FETCH_FAILED.")
        .define(
            MODEL_STORE_TRUSTED_PUBLIC_KEY,
            Type.STRING,
            null,
            Importance.MEDIUM,
            "PEM file of an Ed25519 public key (openssl pkey -pubout); when set, a release's"
                + " bundle must carry manifest.json.sig made with the matching private key, else"
                + " it is rejected. Unset: signatures are not checked.")
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
                + " records/s on CPU (ops/bench/RESULTS.md); a burst that finds idle cores is"
                + " split across them. 0 lets ONNX Runtime choose (one thread per core): one pass"
                + " at a time on all cores.")
        .define(
            MODEL_INTRA_OP_SPINNING,
            Type.BOOLEAN,
            false,
            Importance.LOW,
            "Whether idle ONNX Runtime intra-op threads spin-wait for work (ONNX Runtime's own"
                + " default). Off here: between batches the stream thread does Kafka work, and"
                + " spinning burns the cores that it, the Kafka clients and anything else on the"
                + " host need (ops/bench/RESULTS.md).")
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
  }
}
