package io.streambert.processor.rollout.store;

import io.streambert.model.bundle.ModelBundle;
import java.net.URI;
import java.nio.file.Path;

/**
 * A fetched, verified and unpacked bundle. Its folder belongs to the fetcher's cache: it is kept,
 * for the next fetch of the same bundle, while the fetcher keeps the zip, and goes when the fetcher
 * closes. ONNX Runtime and the tokenizer keep what they read in memory, so a model loaded from it
 * does not need it afterwards.
 */
public final class FetchedBundle {
  private final URI uri;
  private final String sha256;
  private final ModelBundle bundle;

  FetchedBundle(URI uri, String sha256, ModelBundle bundle) {
    this.uri = uri;
    this.sha256 = sha256;
    this.bundle = bundle;
  }

  /** Where it was fetched from. */
  public URI uri() {
    return uri;
  }

  /** The SHA-256 of the zip, as the release named it. */
  public String sha256() {
    return sha256;
  }

  /** The opened bundle: manifest, file checksums and ONNX inputs/outputs already verified. */
  public ModelBundle bundle() {
    return bundle;
  }

  /** The unpacked folder. */
  public Path directory() {
    return bundle.directory();
  }

  @Override
  public String toString() {
    return "FetchedBundle[" + bundle.manifest().modelVersion() + " from " + uri + "]";
  }
}
