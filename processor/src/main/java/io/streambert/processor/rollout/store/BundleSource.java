package io.streambert.processor.rollout.store;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;

/** Opens the bytes of a bundle zip at a URI of one scheme. */
interface BundleSource {

  /**
   * Opens {@code uri} for reading.
   *
   * @throws IOException when the store is unavailable (worth another try)
   * @throws BundleRejectedException when the store answered and will not deliver (no such bundle,
   *     access refused, redirect outside the trusted stores)
   */
  InputStream open(URI uri) throws IOException, BundleRejectedException;
}
