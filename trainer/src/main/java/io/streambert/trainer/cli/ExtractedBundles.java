package io.streambert.trainer.cli;

import io.streambert.model.bundle.ModelBundle;
import io.streambert.trainer.files.Folders;
import java.io.IOException;
import java.nio.file.Path;

/** Removes the temporary folder {@link ModelBundle#open} extracts a zip into. */
final class ExtractedBundles {
  private ExtractedBundles() {}

  /** Deletes {@code bundle}'s folder if it was extracted from {@code given} (a zip). */
  static void cleanUp(ModelBundle bundle, Path given) throws IOException {
    if (bundle.directory().toAbsolutePath().equals(given.toAbsolutePath())) {
      return;
    }
    Folders.deleteRecursively(bundle.directory());
  }
}
