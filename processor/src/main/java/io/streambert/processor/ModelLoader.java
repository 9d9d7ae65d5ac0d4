package io.streambert.processor;

import io.streambert.model.NlpModel;
import io.streambert.model.TextModel;
import io.streambert.model.bundle.ModelBundle;
import io.streambert.model.inference.EngineConfig;
import io.streambert.model.inference.ExecutionProvider;
import io.streambert.processor.config.ProcessorConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens the configured bundle and loads it with ONNX Runtime, logging the provider it runs on. */
final class ModelLoader {

  private static final Logger log = LoggerFactory.getLogger(ModelLoader.class);

  /** The bundle could not be opened, verified or loaded. */
  static final class ModelLoadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ModelLoadException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private ModelLoader() {}

  /** The engine settings for {@code config}. */
  static EngineConfig engineConfig(ProcessorConfig config) {
    return EngineConfig.builder()
        .provider(ExecutionProvider.valueOf(config.executionProvider()))
        .intraOpThreads(config.intraOpThreads())
        .cudaDeviceId(config.cudaDeviceId())
        .nativeLibraryPath(config.nativeLibraryPath().orElse(null))
        .build();
  }

  static TextModel load(ProcessorConfig config) {
    EngineConfig engine = engineConfig(config);
    log.info(
        "Loading model bundle {} (execution provider requested: {})",
        config.bundlePath(),
        engine.provider());
    try {
      ModelBundle bundle = ModelBundle.open(config.bundlePath());
      NlpModel model = NlpModel.load(bundle, engine);
      log.info("Model {} loaded; {}", model.version(), model.providerDecision());
      return model;
    } catch (RuntimeException e) {
      throw new ModelLoadException(
          "bundle " + config.bundlePath().toAbsolutePath() + ": " + e.getMessage(), e);
    }
  }
}
