package io.streambert.model.bundle;

import java.util.Map;

/** Checks a parsed manifest against the bundle format's rules. */
final class ManifestValidator {

  private ManifestValidator() {}

  static void validate(BundleManifest m) throws BundleException {
    if (m.formatVersion() != BundleManifest.FORMAT_VERSION) {
      throw new BundleException(
          "manifest.json: expected formatVersion "
              + BundleManifest.FORMAT_VERSION
              + ", found "
              + m.formatVersion());
    }
    require(m.modelVersion() != null && !m.modelVersion().isBlank(), "a modelVersion", "none");
    require(m.tasks() != null && !m.tasks().isEmpty(), "at least one task", "none");
    require(m.inputs() != null, "inputs (ONNX input names)", "none");
    require(
        m.inputs().inputIds() != null && m.inputs().attentionMask() != null,
        "inputs.inputIds and inputs.attentionMask",
        String.valueOf(m.inputs()));
    require(
        m.maxSequenceLength() >= 8,
        "maxSequenceLength >= 8",
        String.valueOf(m.maxSequenceLength()));
    require(
        m.windowStride() >= 2 && m.windowStride() * 2 <= m.maxSequenceLength() - 2,
        "2 <= windowStride <= (maxSequenceLength - 2) / 2",
        String.valueOf(m.windowStride()));
    for (Map.Entry<String, TaskSpec> t : m.tasks().entrySet()) {
      TaskSpec spec = t.getValue();
      require(spec != null && spec.kind() != null, "task " + t.getKey() + " with a kind", "none");
      if (spec.kind() == TaskKind.TOKEN_CLASSIFICATION) {
        require(
            spec.labels().contains("O"),
            "task " + t.getKey() + " to have BIO tags including O",
            String.valueOf(spec.labels()));
        require(
            spec.decoding().accepts(spec.labels()),
            "task " + t.getKey() + " with decoding " + spec.decoding() + " to have BIO tags",
            String.valueOf(spec.labels()));
      }
    }
    long sentence =
        m.tasks().values().stream()
            .filter(t -> t.kind() == TaskKind.SENTENCE_CLASSIFICATION)
            .count();
    long token =
        m.tasks().values().stream().filter(t -> t.kind() == TaskKind.TOKEN_CLASSIFICATION).count();
    require(
        sentence <= 1 && token <= 1,
        "at most one task of each kind",
        sentence + " sentence and " + token + " token tasks");
  }

  private static void require(boolean ok, String expected, String found) throws BundleException {
    if (!ok) {
      throw new BundleException("manifest.json: expected " + expected + ", found " + found);
    }
  }
}
