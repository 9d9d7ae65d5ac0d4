package io.streambert.model.bundle;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * One task head in a bundle.
 *
 * @param kind sentence or token classification
 * @param labels the label list, index = logit position (for token tasks: BIO tags, "O" included)
 * @param output the ONNX output name carrying this task's logits
 * @param decoding for token tasks, how word tag scores become tags; a manifest without it (every
 *     bundle built before the field existed) decodes {@link TagDecoding#GREEDY}, which is how its
 *     golden examples were recorded. Always null for sentence tasks.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskSpec(TaskKind kind, List<String> labels, String output, TagDecoding decoding) {
  public TaskSpec {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(output, "output");
    labels = List.copyOf(labels);
    if (labels.size() < 2) {
      throw new IllegalArgumentException(
          "a task needs at least 2 labels, found " + labels.size() + ": " + labels);
    }
    if (kind == TaskKind.SENTENCE_CLASSIFICATION && decoding != null) {
      throw new IllegalArgumentException(
          "expected no tag decoding for a sentence task, found " + decoding);
    }
    if (kind == TaskKind.TOKEN_CLASSIFICATION && decoding == null) {
      decoding = TagDecoding.GREEDY;
    }
  }

  /** A task with the default decoding of its kind (greedy for token tasks). */
  public TaskSpec(TaskKind kind, List<String> labels, String output) {
    this(kind, labels, output, null);
  }
}
