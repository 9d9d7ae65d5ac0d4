package io.streambert.processor;

import io.streambert.model.OnnxTextModel;
import io.streambert.model.TextModel;
import io.streambert.model.bundle.DemoBundles;
import io.streambert.model.bundle.ModelBundle;
import io.streambert.model.inference.ArenaExtendStrategy;
import io.streambert.model.inference.EngineConfig;
import io.streambert.model.inference.ExecutionProvider;
import io.streambert.processor.config.CudaArenaGrowth;
import io.streambert.processor.config.ProcessorConfig;
import io.streambert.processor.config.RequestedProvider;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens the configured bundle and loads it with ONNX Runtime, logging the provider it runs on. */
final class ModelLoader {

  private static final Logger log = LoggerFactory.getLogger(ModelLoader.class);

  /** Version of the demo bundle {@code --demo} builds. */
  static final String DEMO_VERSION = "demo-minilm-untrained";

  /** The bundle could not be opened, verified or loaded. */
  static final class ModelLoadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ModelLoadException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private ModelLoader() {}

  /**
   * The engine settings for {@code config}: a full batch of single-window texts is one forward
   * pass, and no forward pass computes more than {@code batch.max.tokens} cells, so that a record
   * over the cap, processed alone, is cut into passes within it too.
   */
  static EngineConfig engineConfig(ProcessorConfig config) {
    return EngineConfig.builder()
        .provider(provider(config.executionProvider()))
        .intraOpThreads(config.intraOpThreads())
        .intraOpSpinning(config.intraOpSpinning())
        .cpuMemoryArena(config.nativeMemory().cpuMemoryArena())
        .memoryPattern(config.nativeMemory().memoryPattern())
        .weightPrepacking(config.nativeMemory().weightPrepacking())
        .cudaDeviceId(config.cudaDeviceId())
        .cudaMemoryLimitBytes(config.cudaMemoryLimitBytes())
        .cudaArenaStrategy(arena(config.cudaArenaStrategy()))
        .nativeLibraryPath(config.nativeLibraryPath().orElse(null))
        .maxBatchWindows(Math.max(EngineConfig.DEFAULT_MAX_BATCH_WINDOWS, config.batchMaxRecords()))
        .maxBatchTokens(config.batchMaxTokens())
        .build();
  }

  private static ExecutionProvider provider(RequestedProvider requested) {
    return switch (requested) {
      case AUTO -> ExecutionProvider.AUTO;
      case CPU -> ExecutionProvider.CPU;
      case CUDA -> ExecutionProvider.CUDA;
    };
  }

  private static ArenaExtendStrategy arena(CudaArenaGrowth growth) {
    return switch (growth) {
      case NEXT_POWER_OF_TWO -> ArenaExtendStrategy.NEXT_POWER_OF_TWO;
      case SAME_AS_REQUESTED -> ArenaExtendStrategy.SAME_AS_REQUESTED;
    };
  }

  /** Opens and loads the bundle at {@code model.bundle.path}. */
  static TextModel load(ProcessorConfig config) {
    EngineConfig engine = engineConfig(config);
    Path path =
        config
            .bundlePath()
            .orElseThrow(
                () ->
                    new ModelLoadException(
                        "expected " + ProcessorConfig.MODEL_BUNDLE_PATH + ", found none", null));
    log.info("Loading model bundle {} (execution provider requested: {})", path, engine.provider());
    ModelBundle bundle;
    try {
      bundle = ModelBundle.open(path);
    } catch (IOException e) {
      throw new ModelLoadException("bundle " + path.toAbsolutePath() + ": " + e.getMessage(), e);
    }
    try {
      OnnxTextModel model = OnnxTextModel.load(bundle, engine);
      log.info(loadedMessage(model.version(), model.provider(), model.providerDecision()));
      return model;
    } catch (RuntimeException e) {
      throw new ModelLoadException(
          "bundle " + path.toAbsolutePath() + " cannot be served: " + e.getMessage(), e);
    }
  }

  /**
   * Loads a verified bundle of a release with the engine settings of {@code config}.
   *
   * @throws RuntimeException when ONNX Runtime or the tokenizer cannot open it
   */
  static TextModel open(ModelBundle bundle, ProcessorConfig config) {
    OnnxTextModel model = OnnxTextModel.load(bundle, engineConfig(config));
    log.info(loadedMessage(model.version(), model.provider(), model.providerDecision()));
    return model;
  }

  /**
   * The log line after a load. The engine's decision already starts with the provider it chose
   * ({@code "CPU (cuda requested by auto: unavailable: ...)"}), so it is said once.
   */
  static String loadedMessage(String version, ExecutionProvider provider, String decision) {
    String how =
        decision == null || decision.isBlank()
            ? provider.name()
            : decision.startsWith(provider.name()) ? decision : provider + " (" + decision + ")";
    return "Model " + version + " loaded; execution provider " + how;
  }

  /**
   * Builds (or reuses) the untrained demo bundle in {@code dir}: the MiniLM encoder with seeded
   * random heads, for trying the pipeline; its labels are meaningless.
   */
  static Path buildDemoBundle(Path dir) {
    try {
      log.warn("Serving the UNTRAINED demo bundle in {}: predictions are meaningless", dir);
      return DemoBundles.miniLmBothTasks(dir, DEMO_VERSION, 42L).directory();
    } catch (IOException | RuntimeException e) {
      throw new ModelLoadException("cannot build the demo bundle in " + dir + ": " + e, e);
    }
  }
}
