package io.streambert.model.bundle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Bundles built straight from the pretrained encoder with freshly initialised (untrained) heads:
 * for demos, tests and benchmarks, where the cost of a forward pass matters and the labels do not.
 */
public final class DemoBundles {

  /** Sentence labels of the demo sentiment head. */
  public static final List<String> SENTIMENT_LABELS = List.of("negative", "positive");

  /** BIO tags of the demo entity head (CoNLL-2003 types). */
  public static final List<String> ENTITY_TAGS =
      List.of("O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC");

  private DemoBundles() {}

  /**
   * Builds (or reopens, when {@code dir} already holds one) an all-MiniLM-L6-v2 bundle with both
   * heads, seeded so every build has the same weights.
   */
  public static ModelBundle miniLmBothTasks(Path dir, String version, long seed)
      throws IOException {
    if (Files.exists(dir.resolve(BundleBuilder.MANIFEST_FILE))) {
      return ModelBundle.open(dir);
    }
    PretrainedEncoder encoder = PretrainedEncoder.miniLm();
    int hidden = 384;
    return BundleBuilder.fromEncoder(encoder)
        .sentenceHead(SENTIMENT_LABELS, HeadWeights.random(SENTIMENT_LABELS.size(), hidden, seed))
        .tokenHead(ENTITY_TAGS, HeadWeights.random(ENTITY_TAGS.size(), hidden, seed + 1))
        .modelVersion(version)
        .maxSequenceLength(128)
        .windowStride(32)
        .writeTo(dir);
  }
}
