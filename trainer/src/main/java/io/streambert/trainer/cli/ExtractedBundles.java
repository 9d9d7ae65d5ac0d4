package io.streambert.trainer.cli;

import io.streambert.model.bundle.ModelBundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/** Removes the temporary folder {@link ModelBundle#open} extracts a zip into. */
final class ExtractedBundles {
  private ExtractedBundles() {}

  /** Deletes {@code bundle}'s folder if it was extracted from {@code given} (a zip). */
  static void cleanUp(ModelBundle bundle, Path given) throws IOException {
    if (bundle.directory().toAbsolutePath().equals(given.toAbsolutePath())) {
      return;
    }
    try (var paths = Files.walk(bundle.directory())) {
      List<Path> all = paths.sorted(Comparator.reverseOrder()).toList();
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    }
  }
}
