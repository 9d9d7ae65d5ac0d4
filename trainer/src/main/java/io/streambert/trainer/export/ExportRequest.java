package io.streambert.trainer.export;

import io.streambert.model.bundle.TagDecoding;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What to export.
 *
 * @param bundleDir the bundle folder to create; must not hold a bundle (versions are never
 *     overwritten)
 * @param modelVersion the model version recorded in the manifest
 * @param sentenceLabels labels of the sentence head, when the model has one
 * @param tokenTags tags of the token head, when the model has one
 * @param tokenDecoding how serving chooses the token head's tags (ignored without a token head)
 * @param maxSequenceLength longest window serving feeds the graph
 * @param windowStride tokens shared by consecutive windows of a long text
 * @param metrics evaluation metrics recorded in the manifest
 * @param parityTexts texts run through both runtimes before the bundle is accepted
 * @param goldenExamples number of parity texts recorded as golden examples
 */
public record ExportRequest(
    Path bundleDir,
    String modelVersion,
    Optional<List<String>> sentenceLabels,
    Optional<List<String>> tokenTags,
    TagDecoding tokenDecoding,
    int maxSequenceLength,
    int windowStride,
    Map<String, Double> metrics,
    List<String> parityTexts,
    int goldenExamples) {

  public ExportRequest {
    metrics = Map.copyOf(metrics);
    parityTexts = List.copyOf(parityTexts);
    if (parityTexts.isEmpty()) {
      throw new IllegalArgumentException("expected parity texts, found none");
    }
    if (goldenExamples < 0) {
      throw new IllegalArgumentException("expected goldenExamples >= 0, found " + goldenExamples);
    }
    java.util.Objects.requireNonNull(tokenDecoding, "tokenDecoding");
    if (sentenceLabels.isEmpty() && tokenTags.isEmpty()) {
      throw new IllegalArgumentException("expected at least one head, found none");
    }
  }
}
