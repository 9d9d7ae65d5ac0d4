package io.streambert.model.bundle;

import java.util.List;
import java.util.Objects;

/**
 * One task head in a bundle.
 *
 * @param kind sentence or token classification
 * @param labels the label list, index = logit position (for token tasks: BIO tags, "O" included)
 * @param output the ONNX output name carrying this task's logits
 */
public record TaskSpec(TaskKind kind, List<String> labels, String output) {
  public TaskSpec {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(output, "output");
    labels = List.copyOf(labels);
    if (labels.size() < 2) {
      throw new IllegalArgumentException(
          "a task needs at least 2 labels, found " + labels.size() + ": " + labels);
    }
  }
}
