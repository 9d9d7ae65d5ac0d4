package io.streambert.processor.rollout.store;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Bundles in a local or mounted folder ({@code file:} URIs), as the trainer's file store writes.
 */
final class FileBundleSource implements BundleSource {

  @Override
  public InputStream open(URI uri) throws IOException, BundleRejectedException {
    Path file;
    try {
      file = Path.of(uri);
    } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
      throw new BundleRejectedException(
          RejectionReason.FETCH_FAILED,
          "expected a local file: URI (file:///path), found " + uri + ": " + e.getMessage(),
          e);
    }
    if (!Files.isRegularFile(file)) {
      throw new BundleRejectedException(
          RejectionReason.FETCH_FAILED,
          "expected a bundle file at "
              + file
              + ", found "
              + (Files.exists(file) ? "something that is not a file" : "nothing"));
    }
    return Files.newInputStream(file);
  }
}
