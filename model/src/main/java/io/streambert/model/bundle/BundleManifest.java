package io.streambert.model.bundle;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code manifest.json} of a model bundle: everything serving needs to reproduce training.
 *
 * @param formatVersion bundle format version ({@link #FORMAT_VERSION})
 * @param modelVersion the model version, unique and monotonic per release
 * @param baseEncoder the pretrained encoder this model was built from
 * @param tasks task name ("sentiment", "entities") to its head
 * @param maxSequenceLength the longest window the model is fed, special tokens included
 * @param windowStride tokens of overlap between consecutive windows of a long text
 * @param lowerCase whether the tokenizer lower-cases (informational; tokenizer.json decides)
 * @param inputs ONNX input names
 * @param files file name to SHA-256 (hex) of every other file in the bundle
 * @param metrics training/evaluation metrics (name to value)
 * @param goldenExamples texts with the predictions the exported model must reproduce
 * @param createdAt creation time
 * @param precision the encoder's weight precision; manifests written before it existed read as
 *     {@link Precision#FP32}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BundleManifest(
    int formatVersion,
    String modelVersion,
    String baseEncoder,
    Map<String, TaskSpec> tasks,
    int maxSequenceLength,
    int windowStride,
    boolean lowerCase,
    OnnxInputs inputs,
    Map<String, String> files,
    Map<String, Double> metrics,
    List<GoldenExample> goldenExamples,
    Instant createdAt,
    Precision precision) {

  /** The bundle format this code reads and writes. */
  public static final int FORMAT_VERSION = 1;

  /** Conventional task name of the sentence-classification head. */
  public static final String SENTIMENT = "sentiment";

  /** Conventional task name of the token-classification head. */
  public static final String ENTITIES = "entities";

  public BundleManifest {
    tasks = Map.copyOf(tasks);
    files = files == null ? Map.of() : Map.copyOf(files);
    metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    goldenExamples = goldenExamples == null ? List.of() : List.copyOf(goldenExamples);
    precision = precision == null ? Precision.FP32 : precision;
  }

  /** A manifest of an fp32 bundle. */
  public BundleManifest(
      int formatVersion,
      String modelVersion,
      String baseEncoder,
      Map<String, TaskSpec> tasks,
      int maxSequenceLength,
      int windowStride,
      boolean lowerCase,
      OnnxInputs inputs,
      Map<String, String> files,
      Map<String, Double> metrics,
      List<GoldenExample> goldenExamples,
      Instant createdAt) {
    this(
        formatVersion,
        modelVersion,
        baseEncoder,
        tasks,
        maxSequenceLength,
        windowStride,
        lowerCase,
        inputs,
        files,
        metrics,
        goldenExamples,
        createdAt,
        Precision.FP32);
  }

  /** The task of the given kind, if the bundle carries one. */
  public Optional<Map.Entry<String, TaskSpec>> task(TaskKind kind) {
    return tasks.entrySet().stream().filter(e -> e.getValue().kind() == kind).findFirst();
  }

  /**
   * ONNX input names.
   *
   * @param inputIds token ids input
   * @param attentionMask attention mask input
   * @param tokenTypeIds token type ids input, or null when the graph has none
   * @param caseIds case class ids input ({@code io.streambert.model.encoding.CaseClass}), or null
   *     for a bundle that is not case-aware (every bundle built before the input existed)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record OnnxInputs(
      String inputIds, String attentionMask, String tokenTypeIds, String caseIds) {

    /** The name of the case input of case-aware bundles. */
    public static final String CASE_IDS = "case_ids";

    /** Inputs without a case input. */
    public OnnxInputs(String inputIds, String attentionMask, String tokenTypeIds) {
      this(inputIds, attentionMask, tokenTypeIds, null);
    }

    /** The names BERT exports use. */
    public static OnnxInputs bert() {
      return new OnnxInputs("input_ids", "attention_mask", "token_type_ids");
    }

    /** BERT's inputs plus {@link #CASE_IDS}. */
    public static OnnxInputs bertWithCase() {
      return new OnnxInputs("input_ids", "attention_mask", "token_type_ids", CASE_IDS);
    }

    /** Whether the model takes case class ids. */
    public boolean caseAware() {
      return caseIds != null;
    }
  }

  /**
   * A text with the predictions the bundle's model must reproduce.
   *
   * @param text the input text
   * @param sentiment the expected sentence label, or null
   * @param entities expected entities as "TYPE:start-end" strings, or null
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record GoldenExample(String text, String sentiment, List<String> entities) {}
}
