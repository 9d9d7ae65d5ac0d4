package io.streambert.trainer.export;

import io.streambert.model.bundle.BundleManifest;
import io.streambert.model.bundle.ModelBundle;
import java.io.IOException;
import java.util.List;

/** Predicts the golden examples a bundle's manifest records (what serving must reproduce). */
@FunctionalInterface
public interface GoldenExampleSource {

  /**
   * The bundle's predictions for the texts, as golden examples.
   *
   * @throws IOException when the bundle cannot be loaded
   */
  List<BundleManifest.GoldenExample> predict(ModelBundle bundle, List<String> texts)
      throws IOException;

  /** Records no golden examples. */
  static GoldenExampleSource none() {
    return (bundle, texts) -> List.of();
  }
}
