package io.streambert.model.inference;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.providers.OrtCUDAProviderOptions;
import io.streambert.model.bundle.BundleManifest.OnnxInputs;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ONNX Runtime session, shared by all threads, with the execution provider chosen at start.
 *
 * <p>The engine owns its session and session options and closes them once; the process-wide {@link
 * OrtEnvironment} is shared and never closed here. {@link #run} is thread-safe.
 */
public final class OnnxEngine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OnnxEngine.class);

  private final OrtEnvironment env;
  private final SessionOptions options;
  private final OrtSession session;
  private final OnnxInputs inputs;
  private final boolean feedsTypeIds;
  private final ExecutionProvider provider;
  private final String providerDecision;
  private final AtomicBoolean closed = new AtomicBoolean();

  private OnnxEngine(
      OrtEnvironment env,
      SessionOptions options,
      OrtSession session,
      OnnxInputs inputs,
      ExecutionProvider provider,
      String providerDecision) {
    this.env = env;
    this.options = options;
    this.session = session;
    this.inputs = inputs;
    this.feedsTypeIds =
        inputs.tokenTypeIds() != null && session.getInputNames().contains(inputs.tokenTypeIds());
    this.provider = provider;
    this.providerDecision = providerDecision;
  }

  /**
   * Opens a session on the model and checks its inputs: it must take the ids and attention mask
   * inputs (and the case ids input when {@code inputs} names one), may take the token type ids
   * input, and nothing else.
   *
   * @param onnx the ONNX model file
   * @param inputs the input names the model must take (token type ids may be null when the graph
   *     has no such input)
   * @param config provider, threads and CUDA options
   * @throws EngineException when the provider cannot be used, the model cannot be loaded, or its
   *     inputs differ from {@code inputs}
   */
  public static OnnxEngine open(Path onnx, OnnxInputs inputs, EngineConfig config) {
    // Session creation needs more stack than -Xss may give the calling thread.
    return NativeStackThreads.call("onnx-session-open", () -> openHere(onnx, inputs, config));
  }

  private static OnnxEngine openHere(Path onnx, OnnxInputs inputs, EngineConfig config) {
    // Must happen before the first ONNX Runtime class initialises and loads its libraries.
    NativeLibraries.configure(config.nativeLibraries());
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    long start = System.nanoTime();
    Opened opened;
    try {
      opened = createSession(env, onnx, config);
    } catch (OrtException e) {
      throw new EngineException("cannot load ONNX model " + onnx + ": " + e.getMessage(), e);
    }
    OnnxEngine engine =
        new OnnxEngine(
            env, opened.options(), opened.session(), inputs, opened.provider(), opened.decision());
    try {
      engine.checkInputs();
    } catch (RuntimeException e) {
      engine.close();
      throw e;
    }
    LOG.info(
        "ONNX Runtime {}: session in {} ms; execution provider {}; intra-op threads {}, graph"
            + " optimization ALL, CPU memory arena {}, memory pattern {}, weight prepacking {},"
            + " model {}",
        env.getVersion(),
        (System.nanoTime() - start) / 1_000_000,
        opened.decision(),
        config.intraOpThreads() == 0 ? "default" : config.intraOpThreads(),
        onOff(config.cpuMemoryArena()),
        onOff(config.memoryPattern()),
        onOff(config.weightPrepacking()),
        onnx);
    return engine;
  }

  private static String onOff(boolean on) {
    return on ? "on" : "off";
  }

  /** A session with the options it was created with (both owned by the engine). */
  private record Opened(
      SessionOptions options, OrtSession session, ExecutionProvider provider, String decision) {}

  private static Opened createSession(OrtEnvironment env, Path onnx, EngineConfig config)
      throws OrtException {
    if (config.provider() == ExecutionProvider.CPU) {
      return openOnCpu(env, onnx, config, "CPU (requested)");
    }
    String requestedBy = config.provider() == ExecutionProvider.AUTO ? "auto" : "cuda";
    SessionOptions options = baseOptions(config);
    String failure = tryAddCuda(options, config);
    if (failure == null) {
      try {
        OrtSession session = env.createSession(onnx.toString(), options);
        return new Opened(
            options,
            session,
            ExecutionProvider.CUDA,
            "CUDA (requested by "
                + requestedBy
                + ", device "
                + config.cudaDeviceId()
                + ", memory limit "
                + (config.cudaMemoryLimitBytes() == 0
                    ? "none"
                    : config.cudaMemoryLimitBytes() + " bytes")
                + ", arena "
                + config.cudaArenaStrategy().ortValue()
                + ")");
      } catch (OrtException e) {
        failure = "session creation with CUDA failed: " + e.getMessage();
      }
    }
    options.close();
    if (config.provider() == ExecutionProvider.CUDA) {
      throw new EngineException(
          "execution provider CUDA was requested but cannot be used: "
              + failure
              + ". Expected the GPU build of ONNX Runtime (Maven profile -Pgpu, artifact"
              + " onnxruntime_gpu) on a host with CUDA 12 and cuDNN 9; set the provider to AUTO or"
              + " CPU to run on the CPU instead");
    }
    return openOnCpu(
        env, onnx, config, "CPU (cuda requested by auto: unavailable: " + failure + ")");
  }

  private static Opened openOnCpu(
      OrtEnvironment env, Path onnx, EngineConfig config, String decision) throws OrtException {
    SessionOptions options = baseOptions(config);
    try {
      return new Opened(
          options, env.createSession(onnx.toString(), options), ExecutionProvider.CPU, decision);
    } catch (OrtException | RuntimeException e) {
      options.close();
      throw e;
    }
  }

  private static SessionOptions baseOptions(EngineConfig config) throws OrtException {
    SessionOptions options = new SessionOptions();
    try {
      options.setOptimizationLevel(OptLevel.ALL_OPT);
      if (config.intraOpThreads() > 0) {
        options.setIntraOpNumThreads(config.intraOpThreads());
      }
      options.addConfigEntry(
          "session.intra_op.allow_spinning", config.intraOpSpinning() ? "1" : "0");
      options.setCPUArenaAllocator(config.cpuMemoryArena());
      options.setMemoryPatternOptimization(config.memoryPattern());
      if (!config.weightPrepacking()) {
        options.addConfigEntry("session.disable_prepacking", "1");
      }
      return options;
    } catch (OrtException | RuntimeException e) {
      options.close();
      throw e;
    }
  }

  /** Adds the CUDA provider; returns null on success, else why it could not be added. */
  private static String tryAddCuda(SessionOptions options, EngineConfig config) {
    // getAvailableProviders() lists CUDA for the GPU jar even without a GPU: only adding tells.
    try (OrtCUDAProviderOptions cuda = new OrtCUDAProviderOptions(config.cudaDeviceId())) {
      if (config.cudaMemoryLimitBytes() > 0) {
        cuda.add("gpu_mem_limit", Long.toString(config.cudaMemoryLimitBytes()));
      }
      cuda.add("arena_extend_strategy", config.cudaArenaStrategy().ortValue());
      options.addCUDA(cuda);
      return null;
    } catch (OrtException | RuntimeException | LinkageError e) {
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return message.strip();
    }
  }

  private void checkInputs() {
    Set<String> required = new LinkedHashSet<>(List.of(inputs.inputIds(), inputs.attentionMask()));
    if (inputs.caseIds() != null) {
      required.add(inputs.caseIds());
    }
    Set<String> known = new LinkedHashSet<>(required);
    if (inputs.tokenTypeIds() != null) {
      known.add(inputs.tokenTypeIds());
    }
    Set<String> found = session.getInputNames();
    if (!found.containsAll(required) || !known.containsAll(found)) {
      throw new EngineException(
          "ONNX model inputs do not match the manifest: expected "
              + required
              + (inputs.tokenTypeIds() == null ? "" : " and optionally " + inputs.tokenTypeIds())
              + ", found "
              + new TreeSet<>(found));
    }
    try {
      for (Map.Entry<String, NodeInfo> e : session.getInputInfo().entrySet()) {
        if (!(e.getValue().getInfo() instanceof TensorInfo t) || t.type != OnnxJavaType.INT64) {
          throw new EngineException(
              "ONNX model input "
                  + e.getKey()
                  + ": expected an int64 tensor, found "
                  + e.getValue().getInfo());
        }
      }
    } catch (OrtException e) {
      throw new EngineException("cannot read the ONNX model's input info: " + e.getMessage(), e);
    }
  }

  /**
   * Checks that the model has a float output of the given rank whose last dimension (when fixed) is
   * the number of labels.
   *
   * @throws EngineException naming the expected output and what the model has instead
   */
  public void requireOutput(String name, int rank, int labels) {
    Map<String, NodeInfo> outputs;
    try {
      outputs = session.getOutputInfo();
    } catch (OrtException e) {
      throw new EngineException("cannot read the ONNX model's output info: " + e.getMessage(), e);
    }
    NodeInfo info = outputs.get(name);
    if (info == null) {
      throw new EngineException(
          "ONNX model outputs do not match the manifest: expected an output named "
              + name
              + ", found "
              + new TreeSet<>(outputs.keySet()));
    }
    if (!(info.getInfo() instanceof TensorInfo t)
        || t.type != OnnxJavaType.FLOAT
        || t.getShape().length != rank) {
      throw new EngineException(
          "ONNX model output "
              + name
              + ": expected a float tensor of rank "
              + rank
              + ", found "
              + info.getInfo());
    }
    long last = ((TensorInfo) info.getInfo()).getShape()[rank - 1];
    if (last > 0 && last != labels) {
      throw new EngineException(
          "ONNX model output "
              + name
              + ": expected "
              + labels
              + " labels in the last dimension (from the manifest), found "
              + last);
    }
  }

  /** The provider that runs the model (CPU or CUDA, never AUTO). */
  public ExecutionProvider provider() {
    return provider;
  }

  /** Which provider runs and why, e.g. {@code CPU (cuda requested by auto: unavailable: ...)}. */
  public String providerDecision() {
    return providerDecision;
  }

  /** The ONNX Runtime version. */
  public String runtimeVersion() {
    return env.getVersion();
  }

  /** The model's input names. */
  public Set<String> inputNames() {
    return session.getInputNames();
  }

  /** The model's output names. */
  public Set<String> outputNames() {
    return session.getOutputNames();
  }

  /**
   * Runs one forward pass over a padded batch and copies the requested float outputs out.
   *
   * @param batch the padded input
   * @param outputs the output names to compute (one pass computes all of them)
   * @return output name to its values, in the order of {@code outputs}
   * @throws EngineException when the pass fails
   */
  public Map<String, Logits> run(EncodedBatch batch, List<String> outputs) {
    if (closed.get()) {
      throw new IllegalStateException("the engine is closed");
    }
    long[] shape = batch.shape();
    try (OnnxTensor ids = OnnxTensor.createTensor(env, batch.inputIds(), shape);
        OnnxTensor mask = OnnxTensor.createTensor(env, batch.attentionMask(), shape);
        OnnxTensor types =
            feedsTypeIds ? OnnxTensor.createTensor(env, batch.typeIds(), shape) : null;
        OnnxTensor cases =
            inputs.caseAware() ? OnnxTensor.createTensor(env, batch.caseIds(), shape) : null) {
      Map<String, OnnxTensor> feed = new HashMap<>();
      feed.put(inputs.inputIds(), ids);
      feed.put(inputs.attentionMask(), mask);
      if (types != null) {
        feed.put(inputs.tokenTypeIds(), types);
      }
      if (cases != null) {
        feed.put(inputs.caseIds(), cases);
      }
      try (OrtSession.Result result = session.run(feed, new LinkedHashSet<>(outputs))) {
        Map<String, Logits> copied = new LinkedHashMap<>();
        for (String name : outputs) {
          OnnxValue value =
              result
                  .get(name)
                  .orElseThrow(
                      () -> new EngineException("ONNX Runtime returned no output named " + name));
          OnnxTensor tensor = (OnnxTensor) value;
          FloatBuffer buffer = tensor.getFloatBuffer();
          if (buffer == null) {
            throw new EngineException(
                "output " + name + ": expected float values, found " + tensor.getInfo());
          }
          float[] values = new float[buffer.remaining()];
          buffer.get(values);
          copied.put(name, new Logits(name, tensor.getInfo().getShape(), values));
        }
        return copied;
      }
    } catch (OrtException e) {
      throw new EngineException(
          "forward pass over a batch of shape "
              + Arrays.toString(shape)
              + " failed: "
              + e.getMessage(),
          e);
    }
  }

  /** Closes the session and its options; later calls do nothing. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      session.close();
    } catch (OrtException e) {
      LOG.warn("closing the ONNX Runtime session failed: {}", e.getMessage());
    } finally {
      options.close();
    }
  }
}
