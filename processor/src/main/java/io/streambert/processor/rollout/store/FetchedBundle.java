package io.streambert.processor.rollout.store;

import io.streambert.model.bundle.ModelBundle;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A fetched, verified and unpacked bundle; {@link #close()} deletes its unpacked folder.
 *
 * <p>Close it once the model is loaded, or when it retires: ONNX Runtime and the tokenizer keep
 * what they read in memory. Closing twice is harmless.
 */
public final class FetchedBundle implements AutoCloseable {
  private final URI uri;
  private final String sha256;
  private final ModelBundle bundle;
  private final AtomicBoolean open = new AtomicBoolean(true);

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
  public void close() {
    if (open.getAndSet(false)) {
      Trees.deleteQuietly(bundle.directory());
    }
  }

  @Override
  public String toString() {
    return "FetchedBundle[" + bundle.manifest().modelVersion() + " from " + uri + "]";
  }
}
