package io.streambert.model.bundle;

import ai.onnx.proto.OnnxMl;
import io.streambert.model.onnx.OnnxModels;
import io.streambert.model.quantization.DynamicInt8Quantizer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes the int8 bundle of an fp32 bundle: the same tokenizer, tasks and windows, the graph
 * rewritten by a {@link DynamicInt8Quantizer}, and a manifest saying {@link Precision#INT8}.
 *
 * <p>The rewrite is deterministic, so a bundle written twice from the same source has the same
 * {@code model.onnx}: an exporter can check a staged copy and then write the final one.
 */
public final class Int8BundleWriter {

  private final ModelBundle source;
  private DynamicInt8Quantizer quantizer = DynamicInt8Quantizer.defaults();
  private String modelVersion;
  private Map<String, Double> metrics;
  private List<BundleManifest.GoldenExample> goldenExamples = List.of();
  private Instant createdAt;

  private Int8BundleWriter(ModelBundle source) {
    if (source.manifest().precision() != Precision.FP32) {
      throw new IllegalArgumentException(
          "expected an FP32 bundle to quantize, found "
              + source.manifest().precision()
              + " bundle "
              + source.manifest().modelVersion());
    }
    this.source = source;
    this.modelVersion = source.manifest().modelVersion() + "-int8";
    this.metrics = source.manifest().metrics();
  }

  /** A writer for {@code fp32}; the version defaults to its version + {@code -int8}. */
  public static Int8BundleWriter from(ModelBundle fp32) {
    return new Int8BundleWriter(fp32);
  }

  public Int8BundleWriter quantizer(DynamicInt8Quantizer quantizer) {
    this.quantizer = Objects.requireNonNull(quantizer, "quantizer");
    return this;
  }

  public Int8BundleWriter modelVersion(String version) {
    this.modelVersion = Objects.requireNonNull(version, "version");
    return this;
  }

  /** Metrics of the int8 bundle (default: the source's). */
  public Int8BundleWriter metrics(Map<String, Double> metrics) {
    this.metrics = Map.copyOf(metrics);
    return this;
  }

  /** Golden examples the int8 model reproduces (default: none). */
  public Int8BundleWriter goldenExamples(List<BundleManifest.GoldenExample> examples) {
    this.goldenExamples = List.copyOf(examples);
    return this;
  }

  public Int8BundleWriter createdAt(Instant createdAt) {
    this.createdAt = createdAt;
    return this;
  }

  /**
   * Writes the int8 bundle into {@code dir} (created; must not hold a bundle yet) and opens it.
   *
   * @throws IllegalArgumentException when the graph has nothing to quantize
   */
  public ModelBundle writeTo(Path dir) throws IOException {
    if (Files.exists(dir.resolve(BundleBuilder.MANIFEST_FILE))) {
      throw new BundleException("expected an empty bundle folder, found a bundle in " + dir);
    }
    OnnxMl.ModelProto fp32 = OnnxModels.read(source.onnxPath());
    OnnxMl.ModelProto int8 = quantizer.quantize(fp32).model();
    Files.createDirectories(dir);
    Path onnx = dir.resolve(BundleBuilder.MODEL_FILE);
    Path tmp = dir.resolve(BundleBuilder.MODEL_FILE + ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      int8.writeTo(out);
    }
    Files.move(tmp, onnx, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    Path tokenizer = dir.resolve(BundleBuilder.TOKENIZER_FILE);
    Files.copy(source.tokenizerPath(), tokenizer, StandardCopyOption.REPLACE_EXISTING);

    BundleManifest m = source.manifest();
    Map<String, String> files = new LinkedHashMap<>();
    files.put(BundleBuilder.MODEL_FILE, Checksums.sha256(onnx));
    files.put(BundleBuilder.TOKENIZER_FILE, Checksums.sha256(tokenizer));
    BundleManifest manifest =
        new BundleManifest(
            m.formatVersion(),
            modelVersion,
            m.baseEncoder(),
            m.tasks(),
            m.maxSequenceLength(),
            m.windowStride(),
            m.lowerCase(),
            m.inputs(),
            files,
            metrics,
            goldenExamples,
            createdAt != null ? createdAt : Instant.now(),
            Precision.INT8);
    ManifestJson.write(manifest, dir.resolve(BundleBuilder.MANIFEST_FILE));
    return ModelBundle.open(dir);
  }
}
