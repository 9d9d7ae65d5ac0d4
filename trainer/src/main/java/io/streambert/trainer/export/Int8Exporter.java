package io.streambert.trainer.export;

import io.streambert.model.bundle.BundleBuilder;
import io.streambert.model.bundle.BundleException;
import io.streambert.model.bundle.BundleManifest;
import io.streambert.model.bundle.Int8BundleWriter;
import io.streambert.model.bundle.ModelBundle;
import io.streambert.model.quantization.DynamicInt8Quantizer;
import io.streambert.trainer.data.SentenceDataset;
import io.streambert.trainer.data.SentenceExample;
import io.streambert.trainer.data.TaggingDataset;
import io.streambert.trainer.files.Folders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a verified fp32 bundle into an int8 one and accepts it only within its tolerance.
 *
 * <p>The int8 bundle is written to a staging folder and compared with the fp32 one on the dev sets
 * ({@link Int8Gate}); only then are golden examples predicted from it and the final bundle written.
 * A bundle past the tolerance never reaches the target folder.
 */
public final class Int8Exporter {
  private static final Logger LOG = LoggerFactory.getLogger(Int8Exporter.class);

  /**
   * Writes the int8 bundle of {@code fp32} into an empty folder; called twice (staged, then final
   * with metrics and golden examples), it must write the same graph both times.
   */
  @FunctionalInterface
  public interface CandidateWriter {
    ModelBundle write(
        ModelBundle fp32,
        String version,
        Map<String, Double> metrics,
        List<BundleManifest.GoldenExample> golden,
        Path dir)
        throws IOException;
  }

  private final CandidateWriter writer;
  private final Int8Gate gate;
  private final GoldenExampleSource golden;

  /** An exporter through {@link Int8BundleWriter} with the given quantizer. */
  public Int8Exporter(DynamicInt8Quantizer quantizer, Int8Gate gate, GoldenExampleSource golden) {
    this(
        (fp32, version, metrics, examples, dir) ->
            Int8BundleWriter.from(fp32)
                .quantizer(quantizer)
                .modelVersion(version)
                .metrics(metrics)
                .goldenExamples(examples)
                .writeTo(dir),
        gate,
        golden);
  }

  /** An exporter with its own candidate writer (tests). */
  public Int8Exporter(CandidateWriter writer, Int8Gate gate, GoldenExampleSource golden) {
    this.writer = writer;
    this.gate = gate;
    this.golden = golden;
  }

  /**
   * The outcome of an int8 export.
   *
   * @param bundle the written, verified int8 bundle
   * @param comparison what the gate measured
   */
  public record Result(ModelBundle bundle, Int8Comparison comparison) {}

  /**
   * Quantizes, compares and writes.
   *
   * @param goldenExamples dev texts recorded with the int8 predictions in the manifest
   * @throws Int8RefusedException when the int8 bundle drifts past the tolerance (nothing written)
   * @throws BundleException when the target folder already holds a bundle
   */
  public Result export(
      ModelBundle fp32,
      String version,
      Path target,
      Optional<SentenceDataset> sentences,
      Optional<TaggingDataset> tagged,
      int goldenExamples)
      throws IOException {
    Path dir = target.toAbsolutePath();
    if (Files.exists(dir.resolve(BundleBuilder.MANIFEST_FILE))) {
      throw new BundleException(
          "expected a new bundle folder (versions are never overwritten), found a bundle in "
              + dir);
    }
    Path staging =
        Files.createTempDirectory(
            Files.createDirectories(dir.getParent()), dir.getFileName() + ".staging-");
    try {
      ModelBundle staged =
          writer.write(
              fp32, version, fp32.manifest().metrics(), List.of(), staging.resolve("bundle"));
      Int8Comparison comparison = gate.compare(fp32, staged, sentences, tagged);
      LOG.info("{}", comparison);
      if (!comparison.passed()) {
        throw new Int8RefusedException(comparison);
      }
      List<String> texts = new ArrayList<>();
      sentences.ifPresent(
          d -> d.examples().stream().map(SentenceExample::text).forEach(texts::add));
      tagged.ifPresent(d -> d.sentences().forEach(s -> texts.add(String.join(" ", s.tokens()))));
      List<BundleManifest.GoldenExample> examples =
          golden.predict(staged, texts.subList(0, Math.min(goldenExamples, texts.size())));
      Map<String, Double> metrics = new LinkedHashMap<>(fp32.manifest().metrics());
      metrics.putAll(comparison.metrics());
      ModelBundle bundle = writer.write(fp32, version, metrics, examples, dir);
      requireSameGraph(staged, bundle);
      return new Result(bundle, comparison);
    } finally {
      Folders.deleteRecursively(staging);
    }
  }

  private static void requireSameGraph(ModelBundle staged, ModelBundle bundle) {
    String checked = staged.manifest().files().get(BundleBuilder.MODEL_FILE);
    String written = bundle.manifest().files().get(BundleBuilder.MODEL_FILE);
    if (!checked.equals(written)) {
      throw new IllegalStateException(
          "expected the final model.onnx to equal the checked one (sha256 "
              + checked
              + "), found "
              + written);
    }
  }
}
