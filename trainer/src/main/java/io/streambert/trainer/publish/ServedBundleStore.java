package io.streambert.trainer.publish;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A file store whose folder a static HTTP server also serves: bundles are stored in the folder, and
 * releases name them by their URL under {@code baseUrl} ({@code <baseUrl><version>.zip}), so
 * processors fetch them over HTTP.
 */
public final class ServedBundleStore implements BundleStore {
  private final BundleStore files;
  private final URI baseUrl;

  /**
   * A served view of {@code files}.
   *
   * @param baseUrl the http(s) URL the server gives the store's folder
   * @throws IllegalArgumentException unless {@code baseUrl} is an absolute http(s) URL
   */
  public ServedBundleStore(BundleStore files, URI baseUrl) {
    this.files = Objects.requireNonNull(files, "files");
    String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || baseUrl.getHost() == null) {
      throw new IllegalArgumentException(
          "expected an http(s) URL serving the bundle store, found " + baseUrl);
    }
    String s = baseUrl.toString();
    this.baseUrl = URI.create(s.endsWith("/") ? s : s + "/");
  }

  @Override
  public URI location() {
    return baseUrl;
  }

  @Override
  public List<StoredBundle> list() {
    return files.list().stream().map(this::served).toList();
  }

  @Override
  public void requirePublishable(ModelVersion version) {
    files.requirePublishable(version);
  }

  @Override
  public StoredBundle put(ModelVersion version, Path zip, String sha256) {
    return served(files.put(version, zip, sha256));
  }

  private StoredBundle served(StoredBundle stored) {
    String name = Path.of(stored.uri()).getFileName().toString();
    return new StoredBundle(stored.version(), baseUrl.resolve(name), stored.sha256());
  }
}
