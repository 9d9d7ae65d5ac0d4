package io.streambert.model.testing;

import io.streambert.model.bundle.DemoBundles;
import io.streambert.model.bundle.ModelBundle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Real model bundles for tests: the all-MiniLM-L6-v2 encoder from Maven with seeded heads, built
 * once per module into {@code target/test-bundles} and reused.
 */
public final class TestBundles {

  /** The version string of {@link #miniLmBothTasks()}. */
  public static final String VERSION = "test-minilm-1";

  private static ModelBundle both;

  private TestBundles() {}

  /** MiniLM with a sentiment head (negative, positive) and a CoNLL BIO entity head. */
  public static synchronized ModelBundle miniLmBothTasks() {
    if (both == null) {
      try {
        both = DemoBundles.miniLmBothTasks(dir().resolve(VERSION), VERSION, 42L);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot build the MiniLM test bundle", e);
      }
    }
    return both;
  }

  /** Where test bundles are cached: {@code target/test-bundles} of the running module. */
  public static Path dir() {
    return Path.of(System.getProperty("streambert.test.bundles", "target/test-bundles"));
  }
}
