package io.streambert.model;

import io.streambert.model.bundle.BundleManifest;
import io.streambert.model.bundle.ModelBundle;
import io.streambert.model.encoding.EncodedText;
import io.streambert.model.encoding.InvalidTextException;
import io.streambert.model.encoding.TextEncoder;
import io.streambert.model.inference.BatchPolicy;
import io.streambert.model.inference.EngineConfig;
import io.streambert.model.inference.EngineException;
import io.streambert.model.inference.ExecutionProvider;
import io.streambert.model.inference.MultiTaskPredictor;
import io.streambert.model.inference.OnnxEngine;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A model bundle served with ONNX Runtime: the bundle's tokenizer, one shared session and the
 * decoders of every task the bundle carries.
 *
 * <p>Thread-safe: stream threads share one instance. {@link #predict} sorts the windows of a batch
 * by length, pads each forward pass to its longest window, computes all task outputs in one pass,
 * and returns the results in input order. The model owns its tokenizer and session and closes them
 * once.
 */
public final class OnnxTextModel implements TextModel {
  private final BundleManifest manifest;
  private final TextEncoder encoder;
  private final OnnxEngine engine;
  private final MultiTaskPredictor predictor;
  private final AtomicBoolean closed = new AtomicBoolean();

  private OnnxTextModel(
      BundleManifest manifest,
      TextEncoder encoder,
      OnnxEngine engine,
      MultiTaskPredictor predictor) {
    this.manifest = manifest;
    this.encoder = encoder;
    this.engine = engine;
    this.predictor = predictor;
  }

  /**
   * Opens a verified bundle for serving: tokenizer, ONNX Runtime session (provider per {@code
   * config}) and decoders, with the model's inputs and outputs checked against the manifest.
   *
   * @throws EngineException when the tokenizer cannot be opened, the requested provider cannot be
   *     used, or the model does not match the manifest (the message says expected and found)
   */
  public static OnnxTextModel load(ModelBundle bundle, EngineConfig config) {
    BundleManifest manifest = bundle.manifest();
    TextEncoder encoder;
    try {
      encoder =
          TextEncoder.open(
              bundle.tokenizerPath(), manifest.maxSequenceLength(), manifest.windowStride());
    } catch (IOException | IllegalArgumentException e) {
      throw new EngineException(
          "cannot open the tokenizer of bundle " + manifest.modelVersion() + ": " + e.getMessage(),
          e);
    }
    OnnxEngine engine = null;
    try {
      engine = OnnxEngine.open(bundle.onnxPath(), manifest.inputs(), config);
      MultiTaskPredictor predictor =
          new MultiTaskPredictor(engine, manifest, encoder.padId(), config);
      return new OnnxTextModel(manifest, encoder, engine, predictor);
    } catch (RuntimeException e) {
      if (engine != null) {
        engine.close();
      }
      encoder.close();
      throw e;
    }
  }

  @Override
  public String version() {
    return manifest.modelVersion();
  }

  @Override
  public BundleManifest manifest() {
    return manifest;
  }

  /** The execution provider actually serving (CPU or CUDA). */
  public ExecutionProvider provider() {
    return engine.provider();
  }

  /** Which provider serves and why, as logged at load. */
  public String providerDecision() {
    return engine.providerDecision();
  }

  @Override
  public EncodedText encode(String text) throws InvalidTextException {
    return encoder.encode(text);
  }

  @Override
  public List<TextPrediction> predict(List<EncodedText> batch) {
    return predict(batch, BatchPolicy.SORTED_DYNAMIC);
  }

  /**
   * Predicts with an explicit batching policy; serving uses {@link #predict(List)}, the other
   * policies exist to measure what sorting and dynamic padding save.
   */
  public List<TextPrediction> predict(List<EncodedText> batch, BatchPolicy policy) {
    if (closed.get()) {
      throw new IllegalStateException("model " + version() + " is closed");
    }
    return predictor.predict(batch, policy);
  }

  @Override
  public PlannedPasses plan(List<EncodedText> batch) {
    return predictor.plan(batch);
  }

  /** Closes the session and the tokenizer; later calls do nothing. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        engine.close();
      } finally {
        encoder.close();
      }
    }
  }
}
