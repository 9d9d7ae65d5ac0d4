package io.streambert.trainer.export;

import io.streambert.model.bundle.BundleBuilder;
import io.streambert.model.bundle.BundleException;
import io.streambert.model.bundle.BundleManifest;
import io.streambert.model.bundle.ModelBundle;
import io.streambert.trainer.bert.MultiTaskBert;
import io.streambert.trainer.bert.PretrainedWeights;
import io.streambert.trainer.files.Folders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a fine-tuned model as a bundle and accepts it only when ONNX Runtime reproduces it.
 *
 * <p>The fine-tuned encoder weights replace the initializers of the base encoder's ONNX graph and
 * the heads are appended ({@link BundleBuilder}). The bundle is first written to a staging folder
 * and checked by the {@link ParityGate}; only then are golden examples predicted from it and the
 * final bundle written. A bundle that fails parity never reaches {@link ExportRequest#bundleDir()}.
 */
public final class BundleExporter {

  private static final Logger LOG = LoggerFactory.getLogger(BundleExporter.class);

  /** Opens a builder on the base encoder's graph and tokenizer. */
  @FunctionalInterface
  public interface EncoderSource {
    /** A fresh builder. */
    BundleBuilder open() throws IOException;
  }

  private final EncoderSource source;
  private final ParityGate gate;
  private final GoldenExampleSource golden;

  /** An exporter from the given base encoder, with a parity gate and a golden-example source. */
  public BundleExporter(EncoderSource source, ParityGate gate, GoldenExampleSource golden) {
    this.source = source;
    this.gate = gate;
    this.golden = golden;
  }

  /**
   * The outcome of an export.
   *
   * @param bundle the written, verified bundle
   * @param parity what the parity gate measured
   */
  public record Result(ModelBundle bundle, ParityReport parity) {}

  /**
   * Exports, checks parity and writes the bundle.
   *
   * @throws ParityException when ONNX Runtime does not reproduce the model (nothing is written)
   * @throws BundleException when the target folder already holds a bundle
   * @throws IOException when writing fails
   */
  public Result export(MultiTaskBert model, ExportRequest request) throws IOException {
    Path target = request.bundleDir().toAbsolutePath();
    if (Files.exists(target.resolve(BundleBuilder.MANIFEST_FILE))) {
      throw new BundleException(
          "expected a new bundle folder (versions are never overwritten), found a bundle in "
              + target);
    }
    Path staging =
        Files.createTempDirectory(
            Files.createDirectories(target.getParent()), target.getFileName() + ".staging-");
    try {
      ModelBundle staged = configure(model, request).writeTo(staging);
      ParityReport report = gate.check(model, staged, request.parityTexts());
      LOG.info("{}", report);
      if (!report.passed()) {
        throw new ParityException(report);
      }
      List<String> goldenTexts =
          request
              .parityTexts()
              .subList(0, Math.min(request.goldenExamples(), request.parityTexts().size()));
      List<BundleManifest.GoldenExample> examples = golden.predict(staged, goldenTexts);

      Map<String, Double> metrics = new LinkedHashMap<>(request.metrics());
      metrics.put("parity.max_logit_diff", report.maxLogitDiff());
      ModelBundle bundle =
          configure(model, request).metrics(metrics).goldenExamples(examples).writeTo(target);
      String stagedOnnx = staged.manifest().files().get(BundleBuilder.MODEL_FILE);
      String finalOnnx = bundle.manifest().files().get(BundleBuilder.MODEL_FILE);
      if (!stagedOnnx.equals(finalOnnx)) {
        throw new IllegalStateException(
            "expected the final model.onnx to equal the checked one (sha256 "
                + stagedOnnx
                + "), found "
                + finalOnnx);
      }
      return new Result(bundle, report);
    } finally {
      Folders.deleteRecursively(staging);
    }
  }

  private BundleBuilder configure(MultiTaskBert model, ExportRequest request) throws IOException {
    BundleBuilder builder =
        source
            .open()
            .encoderWeights(PretrainedWeights.encoderWeights(model))
            .modelVersion(request.modelVersion())
            .maxSequenceLength(request.maxSequenceLength())
            .windowStride(request.windowStride())
            .metrics(request.metrics());
    PretrainedWeights.caseEmbeddings(model).ifPresent(builder::caseEmbeddings);
    request
        .sentenceLabels()
        .ifPresent(labels -> builder.sentenceHead(labels, PretrainedWeights.sentenceHead(model)));
    request
        .tokenTags()
        .ifPresent(
            tags ->
                builder
                    .tokenHead(tags, PretrainedWeights.tokenHead(model))
                    .tokenDecoding(request.tokenDecoding()));
    return builder;
  }
}
