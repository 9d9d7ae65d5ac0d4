package io.streambert.trainer.publish;

import io.streambert.model.bundle.BundleManifest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a release announces about its bundle, taken from the bundle's manifest.
 *
 * @param modelVersion the bundle's model version
 * @param labelSets task name to its labels, in the order of the model's logits
 * @param metrics evaluation metrics, e.g. {@code sentiment.accuracy}
 */
public record ReleaseSpec(
    ModelVersion modelVersion, Map<String, List<String>> labelSets, Map<String, Double> metrics) {
  public ReleaseSpec {
    Objects.requireNonNull(modelVersion, "modelVersion");
    if (labelSets.isEmpty()) {
      throw new IllegalArgumentException("expected at least one task in the release, found none");
    }
    Map<String, List<String>> copy = new TreeMap<>();
    labelSets.forEach((task, labels) -> copy.put(task, List.copyOf(labels)));
    labelSets = java.util.Collections.unmodifiableMap(copy);
    metrics = java.util.Collections.unmodifiableMap(new TreeMap<>(metrics));
  }

  /** The facts of a bundle manifest. */
  public static ReleaseSpec of(BundleManifest manifest) {
    Map<String, List<String>> labels = new LinkedHashMap<>();
    manifest.tasks().forEach((task, spec) -> labels.put(task, spec.labels()));
    return new ReleaseSpec(ModelVersion.parse(manifest.modelVersion()), labels, manifest.metrics());
  }

  /** The task names, sorted. */
  public List<String> tasks() {
    return List.copyOf(labelSets.keySet());
  }
}
