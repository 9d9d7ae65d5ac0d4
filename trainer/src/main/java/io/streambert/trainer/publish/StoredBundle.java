package io.streambert.trainer.publish;

import java.net.URI;
import java.util.Objects;

/**
 * A bundle zip held by a {@link BundleStore}.
 *
 * @param version the model version
 * @param uri where processors fetch it from
 * @param sha256 lower-case hex SHA-256 of the zip
 */
public record StoredBundle(ModelVersion version, URI uri, String sha256) {
  public StoredBundle {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(sha256, "sha256");
  }
}
