package io.streambert.model.inference;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How the ONNX Runtime engine runs a model.
 *
 * @param provider execution provider; default {@link ExecutionProvider#AUTO}
 * @param intraOpThreads threads one forward pass may use; 0 (default) lets ONNX Runtime choose (one
 *     per physical core)
 * @param cudaDeviceId CUDA device ordinal; default 0
 * @param cudaMemoryLimitBytes CUDA arena limit in bytes; 0 (default) means no limit
 * @param cudaArenaStrategy how the CUDA arena grows; default {@link
 *     ArenaExtendStrategy#NEXT_POWER_OF_TWO}
 * @param nativeLibraryPath folder holding pre-extracted ONNX Runtime native libraries; when set it
 *     becomes the system property {@value NativeLibraries#NATIVE_PATH_PROPERTY} before ONNX Runtime
 *     loads, so the GPU build does not copy its 580 MB CUDA provider to the temp folder on every
 *     start; null (default) extracts from the jar
 * @param maxBatchWindows most windows in one forward pass; default 64
 * @param maxBatchTokens most padded tokens (windows x longest window) in one forward pass; default
 *     8192
 * @param intraOpSpinning whether idle intra-op threads spin-wait for work (ONNX Runtime's default,
 *     true): lowest latency, but burns CPU that other threads on a busy host could use
 * @param cpuMemoryArena whether the session allocates CPU tensors from ONNX Runtime's memory arena
 *     (ONNX Runtime's default, true): fewer allocations, but the arena keeps what it grew to until
 *     the session closes
 * @param memoryPattern whether the session plans and preallocates a pass's intermediate buffers
 *     from the shapes of earlier passes (ONNX Runtime's default, true)
 * @param weightPrepacking whether operators may keep a prepacked copy of their constant weights
 *     (ONNX Runtime's default, true): faster matrix products, but a second copy of those weights
 *     per session ({@code session.disable_prepacking} when false)
 */
public record EngineConfig(
    ExecutionProvider provider,
    int intraOpThreads,
    int cudaDeviceId,
    long cudaMemoryLimitBytes,
    ArenaExtendStrategy cudaArenaStrategy,
    Path nativeLibraryPath,
    int maxBatchWindows,
    int maxBatchTokens,
    boolean intraOpSpinning,
    boolean cpuMemoryArena,
    boolean memoryPattern,
    boolean weightPrepacking) {

  /** Default number of windows in one forward pass. */
  public static final int DEFAULT_MAX_BATCH_WINDOWS = 64;

  /** Default number of padded tokens in one forward pass. */
  public static final int DEFAULT_MAX_BATCH_TOKENS = 8192;

  public EngineConfig {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(cudaArenaStrategy, "cudaArenaStrategy");
    requireAtLeast("intraOpThreads", intraOpThreads, 0);
    requireAtLeast("cudaDeviceId", cudaDeviceId, 0);
    requireAtLeast("cudaMemoryLimitBytes", cudaMemoryLimitBytes, 0);
    requireAtLeast("maxBatchWindows", maxBatchWindows, 1);
    requireAtLeast("maxBatchTokens", maxBatchTokens, 1);
  }

  /** The defaults: AUTO provider, ONNX Runtime's thread count, 64 windows / 8192 tokens a pass. */
  public static EngineConfig defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this config. */
  public Builder toBuilder() {
    return new Builder()
        .provider(provider)
        .intraOpThreads(intraOpThreads)
        .cudaDeviceId(cudaDeviceId)
        .cudaMemoryLimitBytes(cudaMemoryLimitBytes)
        .cudaArenaStrategy(cudaArenaStrategy)
        .nativeLibraryPath(nativeLibraryPath)
        .maxBatchWindows(maxBatchWindows)
        .maxBatchTokens(maxBatchTokens)
        .intraOpSpinning(intraOpSpinning)
        .cpuMemoryArena(cpuMemoryArena)
        .memoryPattern(memoryPattern)
        .weightPrepacking(weightPrepacking);
  }

  /** The pre-extracted native library folder, when configured. */
  public Optional<Path> nativeLibraries() {
    return Optional.ofNullable(nativeLibraryPath);
  }

  private static void requireAtLeast(String name, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be at least " + min + ", found " + value);
    }
  }

  /** Builds an {@link EngineConfig}; every setter is optional. */
  public static final class Builder {
    private ExecutionProvider provider = ExecutionProvider.AUTO;
    private int intraOpThreads;
    private int cudaDeviceId;
    private long cudaMemoryLimitBytes;
    private ArenaExtendStrategy cudaArenaStrategy = ArenaExtendStrategy.NEXT_POWER_OF_TWO;
    private Path nativeLibraryPath;
    private int maxBatchWindows = DEFAULT_MAX_BATCH_WINDOWS;
    private int maxBatchTokens = DEFAULT_MAX_BATCH_TOKENS;
    private boolean intraOpSpinning = true;
    private boolean cpuMemoryArena = true;
    private boolean memoryPattern = true;
    private boolean weightPrepacking = true;

    private Builder() {}

    /** Whether idle intra-op threads spin-wait (default true, ONNX Runtime's default). */
    public Builder intraOpSpinning(boolean intraOpSpinning) {
      this.intraOpSpinning = intraOpSpinning;
      return this;
    }

    /** Whether CPU tensors come from ONNX Runtime's memory arena (default true). */
    public Builder cpuMemoryArena(boolean cpuMemoryArena) {
      this.cpuMemoryArena = cpuMemoryArena;
      return this;
    }

    /** Whether a pass's buffers are planned from earlier passes' shapes (default true). */
    public Builder memoryPattern(boolean memoryPattern) {
      this.memoryPattern = memoryPattern;
      return this;
    }

    /** Whether operators may keep prepacked copies of constant weights (default true). */
    public Builder weightPrepacking(boolean weightPrepacking) {
      this.weightPrepacking = weightPrepacking;
      return this;
    }

    /** Execution provider (default AUTO). */
    public Builder provider(ExecutionProvider provider) {
      this.provider = provider;
      return this;
    }

    /** Intra-op threads (default 0 = ONNX Runtime decides). */
    public Builder intraOpThreads(int intraOpThreads) {
      this.intraOpThreads = intraOpThreads;
      return this;
    }

    /** CUDA device ordinal (default 0). */
    public Builder cudaDeviceId(int cudaDeviceId) {
      this.cudaDeviceId = cudaDeviceId;
      return this;
    }

    /** CUDA arena limit in bytes (default 0 = unlimited). */
    public Builder cudaMemoryLimitBytes(long cudaMemoryLimitBytes) {
      this.cudaMemoryLimitBytes = cudaMemoryLimitBytes;
      return this;
    }

    /** CUDA arena growth (default next power of two). */
    public Builder cudaArenaStrategy(ArenaExtendStrategy cudaArenaStrategy) {
      this.cudaArenaStrategy = cudaArenaStrategy;
      return this;
    }

    /** Folder of pre-extracted ONNX Runtime native libraries (default none). */
    public Builder nativeLibraryPath(Path nativeLibraryPath) {
      this.nativeLibraryPath = nativeLibraryPath;
      return this;
    }

    /** Most windows per forward pass (default 64). */
    public Builder maxBatchWindows(int maxBatchWindows) {
      this.maxBatchWindows = maxBatchWindows;
      return this;
    }

    /** Most padded tokens per forward pass (default 8192). */
    public Builder maxBatchTokens(int maxBatchTokens) {
      this.maxBatchTokens = maxBatchTokens;
      return this;
    }

    /** The validated config. */
    public EngineConfig build() {
      return new EngineConfig(
          provider,
          intraOpThreads,
          cudaDeviceId,
          cudaMemoryLimitBytes,
          cudaArenaStrategy,
          nativeLibraryPath,
          maxBatchWindows,
          maxBatchTokens,
          intraOpSpinning,
          cpuMemoryArena,
          memoryPattern,
          weightPrepacking);
    }
  }
}
