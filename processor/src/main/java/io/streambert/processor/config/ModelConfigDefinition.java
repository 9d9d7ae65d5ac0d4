package io.streambert.processor.config;

import static io.streambert.processor.config.ProcessorConfig.*;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;

/**
 * The declaration of the {@code model.*} keys: the bootstrap bundle, the bundle store releases are
 * fetched from, and how ONNX Runtime runs passes. {@link ConfigDefinition} adds them in its order.
 */
final class ModelConfigDefinition {

  private ModelConfigDefinition() {}

  /** Adds every {@code model.*} key to {@code def}. */
  static void define(ConfigDef def) {
    def.define(
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
            MODEL_STORE_RETRY_BACKOFF_MS,
            Type.LONG,
            30_000L,
            Range.atLeast(100),
            Importance.LOW,
            "Wait before a release rejected because its store was unavailable (FETCH_FAILED"
                + " after model.store.fetch.attempts tries) is loaded again, doubled after each"
                + " such rejection in a row up to model.store.retry.backoff.max.ms. A newer"
                + " release or a tombstone of its key ends the retries; a rejection for any other"
                + " reason is final.")
        .define(
            MODEL_STORE_RETRY_BACKOFF_MAX_MS,
            Type.LONG,
            600_000L,
            Range.atLeast(100),
            Importance.LOW,
            "Longest wait between loads of a release whose store stays unavailable; at least"
                + " model.store.retry.backoff.ms.")
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
            MODEL_CPU_MEMORY_ARENA,
            Type.BOOLEAN,
            true,
            Importance.LOW,
            "Whether ONNX Runtime allocates CPU tensors from its memory arena (its own default)."
                + " The arena keeps what it grew to until the model closes; off: every pass"
                + " allocates and frees its tensors.")
        .define(
            MODEL_MEMORY_PATTERN,
            Type.BOOLEAN,
            true,
            Importance.LOW,
            "Whether ONNX Runtime plans and preallocates a pass's intermediate buffers from the"
                + " shapes of earlier passes (its own default); off: fewer buffers kept for"
                + " shapes seen once.")
        .define(
            MODEL_WEIGHT_PREPACKING,
            Type.BOOLEAN,
            true,
            Importance.LOW,
            "Whether ONNX Runtime operators may keep a prepacked copy of the model's constant"
                + " weights for faster matrix products (its own default); off"
                + " (session.disable_prepacking) keeps one copy of the weights per model.")
        .define(
            MODEL_RETIRE_TRIM_NATIVE_HEAP,
            Type.BOOLEAN,
            true,
            Importance.LOW,
            "Whether, once a swap's replaced model has closed, the JVM is asked to return freed"
                + " native memory to the operating system (diagnostic command"
                + " System.trim_native_heap, glibc only; elsewhere it does nothing), so resident"
                + " memory does not keep the old model's pages.")
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
                + " retried record by record, and a record that does not fit alone waits, not"
                + " dead-lettered, with /ready false, until memory is free.")
        .define(
            MODEL_CUDA_ARENA_STRATEGY,
            Type.STRING,
            "next_power_of_two",
            ValidString.in("next_power_of_two", "same_as_requested"),
            Importance.LOW,
            "How the CUDA memory arena grows (arena_extend_strategy): next_power_of_two (fewer"
                + " allocations, more memory held) or same_as_requested (only what is needed;"
                + " use it with a memory limit).");
  }
}
